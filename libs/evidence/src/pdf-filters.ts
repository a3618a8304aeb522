import { promisify } from 'node:util';
import { constants, inflate } from 'node:zlib';
import { EvidenceRefused } from './refusal';

const inflateAsync = promisify(inflate);

const tooLarge = () =>
  new EvidenceRefused('zip-bomb', 'PDF 中的压缩数据解压后过大（疑似“压缩炸弹”），不予接收。');
export const undecodable = () =>
  new EvidenceRefused('damaged-file', 'PDF 中有无法解码的对象流，无法检查其内容，不予接收。');

export interface DecodeParms {
  predictor: number;
  columns: number;
  colors: number;
  bitsPerComponent: number;
  earlyChange: number;
}

/** Decodes one filter stage, producing at most `max` bytes. */
export async function decodeStage(
  filter: string,
  data: Buffer,
  parms: DecodeParms,
  max: number,
): Promise<Buffer> {
  let out: Buffer;
  switch (filter) {
    case 'FlateDecode':
    case 'Fl':
      try {
        // A missing checksum or a truncated end is common in real PDFs: keep what inflated.
        out = await inflateAsync(data, {
          maxOutputLength: Math.max(1, max),
          finishFlush: constants.Z_SYNC_FLUSH,
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
        throw undecodable();
      }
      break;
    case 'LZWDecode':
    case 'LZW':
      out = lzw(data, parms.earlyChange, max);
      break;
    case 'ASCIIHexDecode':
    case 'AHx':
      out = asciiHex(data);
      break;
    case 'ASCII85Decode':
    case 'A85':
      out = ascii85(data);
      break;
    case 'RunLengthDecode':
    case 'RL':
      out = runLength(data, max);
      break;
    default:
      throw undecodable();
  }
  if (out.length > max) throw tooLarge();
  if (parms.predictor >= 10) return png(out, parms);
  if (parms.predictor > 1) throw undecodable();
  return out;
}

function png(data: Buffer, { columns, colors, bitsPerComponent }: DecodeParms): Buffer {
  const pixel = Math.max(1, Math.ceil((colors * bitsPerComponent) / 8));
  const row = Math.ceil((columns * colors * bitsPerComponent) / 8);
  const rows = Math.floor(data.length / (row + 1));
  const out = Buffer.alloc(rows * row);
  for (let r = 0; r < rows; r++) {
    const filter = data[r * (row + 1)];
    const input = r * (row + 1) + 1;
    const at = r * row;
    for (let i = 0; i < row; i++) {
      const left = i >= pixel ? out[at + i - pixel] : 0;
      const up = r > 0 ? out[at - row + i] : 0;
      const upLeft = r > 0 && i >= pixel ? out[at - row + i - pixel] : 0;
      let value = data[input + i];
      if (filter === 1) value += left;
      else if (filter === 2) value += up;
      else if (filter === 3) value += (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        value += pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      out[at + i] = value & 0xff;
    }
  }
  return out;
}

function asciiHex(data: Buffer): Buffer {
  const digits: number[] = [];
  for (const c of data) {
    if (c === 0x3e) break;
    const v =
      c >= 0x30 && c <= 0x39
        ? c - 0x30
        : c >= 0x41 && c <= 0x46
          ? c - 55
          : c >= 0x61 && c <= 0x66
            ? c - 87
            : -1;
    if (v >= 0) digits.push(v);
  }
  if (digits.length % 2) digits.push(0);
  const out = Buffer.alloc(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = digits[2 * i] * 16 + digits[2 * i + 1];
  return out;
}

function ascii85(data: Buffer): Buffer {
  const out: number[] = [];
  let group: number[] = [];
  const flush = (count: number) => {
    let value = 0;
    for (let i = 0; i < 5; i++) value = value * 85 + (i < group.length ? group[i] : 84);
    const bytes = [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
    out.push(...bytes.slice(0, count));
    group = [];
  };
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c === 0x7e) break;
    if (c === 0x7a && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    if (c < 0x21 || c > 0x75) continue;
    group.push(c - 0x21);
    if (group.length === 5) flush(4);
  }
  if (group.length > 1) flush(group.length - 1);
  return Buffer.from(out);
}

function runLength(data: Buffer, max: number): Buffer {
  const out: Buffer[] = [];
  let size = 0;
  for (let i = 0; i < data.length;) {
    const length = data[i++];
    if (length === 128) break;
    const piece =
      length < 128 ? data.subarray(i, (i += length + 1)) : Buffer.alloc(257 - length, data[i++] ?? 0);
    size += piece.length;
    if (size > max) throw tooLarge();
    out.push(piece);
  }
  return Buffer.concat(out);
}

function lzw(data: Buffer, earlyChange: number, max: number): Buffer {
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const length = new Uint16Array(4096);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
    length[i] = 1;
  }
  const out = Buffer.alloc(Math.min(max, Math.max(1024, data.length * 8)));
  let written = 0;
  let grown = out;
  const emit = (code: number): number => {
    const n = length[code];
    if (written + n > max) throw tooLarge();
    if (written + n > grown.length) {
      const bigger = Buffer.alloc(Math.min(max, Math.max(grown.length * 2, written + n)));
      grown.copy(bigger, 0, 0, written);
      grown = bigger;
    }
    let c = code;
    for (let i = n - 1; i >= 0; i--) {
      grown[written + i] = suffix[c];
      c = prefix[c];
    }
    const first = grown[written];
    written += n;
    return first;
  };
  let next = 258;
  let width = 9;
  let previous = -1;
  let bits = 0;
  let buffer = 0;
  for (let i = 0; i < data.length; i++) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= width) {
      const code = (buffer >> (bits - width)) & ((1 << width) - 1);
      bits -= width;
      buffer &= (1 << bits) - 1;
      if (code === 256) {
        next = 258;
        width = 9;
        previous = -1;
        continue;
      }
      if (code === 257) return grown.subarray(0, written);
      if (previous === -1) {
        if (code > 255) throw undecodable();
        emit(code);
        previous = code;
        continue;
      }
      let first: number;
      if (code < next) {
        first = emit(code);
        if (next < 4096) {
          prefix[next] = previous;
          suffix[next] = first;
          length[next] = length[previous] + 1;
          next++;
        }
      } else if (code === next && next < 4096) {
        prefix[next] = previous;
        length[next] = length[previous] + 1;
        // The new entry ends with its own first byte, which is the previous entry's first byte.
        let c = previous;
        while (prefix[c] !== -1) c = prefix[c];
        suffix[next] = suffix[c];
        next++;
        emit(code);
      } else {
        throw undecodable();
      }
      previous = code;
      if (next + earlyChange >= 1 << width && width < 12) width++;
    }
  }
  return grown.subarray(0, written);
}
