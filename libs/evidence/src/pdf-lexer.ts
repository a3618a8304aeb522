/** PDF tokens (ISO 32000-1 §7.2–7.3); string contents are not kept, only that a string was there. */
export type PdfToken =
  | { type: 'name'; value: string }
  | { type: 'number'; value: number; integer: boolean }
  | { type: 'string' }
  | { type: 'dict-open' }
  | { type: 'dict-close' }
  | { type: 'array-open' }
  | { type: 'array-close' }
  | { type: 'keyword'; value: string };

const WHITESPACE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITESPACE[c] = 1;
const DELIMITER = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIMITER[c.charCodeAt(0)] = 1;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

const hexValue = (c: number) =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 55 : c >= 0x61 && c <= 0x66 ? c - 87 : -1;

export const isPdfWhitespace = (c: number) => WHITESPACE[c] === 1;
export const isPdfDelimiter = (c: number) => DELIMITER[c] === 1;

/**
 * Reads tokens from `bytes[start, end)`. Names are decoded (`/J#61vaScript` is `/JavaScript`),
 * as every reader does; strings are skipped with their nesting and escapes, so a name-like text
 * inside a string is not taken for a name.
 */
export class PdfLexer {
  pos: number;

  constructor(
    readonly bytes: Buffer,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  next(): PdfToken | undefined {
    const { bytes, end } = this;
    // Whitespace and comments.
    for (;;) {
      while (this.pos < end && WHITESPACE[bytes[this.pos]]) this.pos++;
      if (this.pos < end && bytes[this.pos] === 0x25) {
        while (this.pos < end && bytes[this.pos] !== 0x0a && bytes[this.pos] !== 0x0d) this.pos++;
        continue;
      }
      break;
    }
    if (this.pos >= end) return undefined;
    const c = bytes[this.pos];
    switch (c) {
      case 0x2f: // /
        return this.name();
      case 0x28: // (
        return this.literalString();
      case 0x3c: // <
        if (bytes[this.pos + 1] === 0x3c && this.pos + 1 < end) {
          this.pos += 2;
          return { type: 'dict-open' };
        }
        this.pos++;
        while (this.pos < end && bytes[this.pos] !== 0x3e) this.pos++;
        this.pos++;
        return { type: 'string' };
      case 0x3e: // >
        if (bytes[this.pos + 1] === 0x3e && this.pos + 1 < end) {
          this.pos += 2;
          return { type: 'dict-close' };
        }
        this.pos++;
        return { type: 'keyword', value: '>' };
      case 0x5b:
        this.pos++;
        return { type: 'array-open' };
      case 0x5d:
        this.pos++;
        return { type: 'array-close' };
      case 0x7b:
      case 0x7d:
      case 0x29:
        this.pos++;
        return { type: 'keyword', value: String.fromCharCode(c) };
      default: {
        const start = this.pos;
        while (this.pos < end && !WHITESPACE[bytes[this.pos]] && !DELIMITER[bytes[this.pos]]) this.pos++;
        const text = bytes.toString('latin1', start, this.pos);
        if (NUMBER.test(text))
          return { type: 'number', value: Number(text), integer: /^[+-]?\d+$/.test(text) };
        return { type: 'keyword', value: text };
      }
    }
  }

  private name(): PdfToken {
    const { bytes, end } = this;
    this.pos++;
    const out: number[] = [];
    while (this.pos < end && !WHITESPACE[bytes[this.pos]] && !DELIMITER[bytes[this.pos]]) {
      const c = bytes[this.pos];
      if (
        c === 0x23 &&
        this.pos + 2 < end &&
        hexValue(bytes[this.pos + 1]) >= 0 &&
        hexValue(bytes[this.pos + 2]) >= 0
      ) {
        out.push(hexValue(bytes[this.pos + 1]) * 16 + hexValue(bytes[this.pos + 2]));
        this.pos += 3;
      } else {
        out.push(c);
        this.pos++;
      }
    }
    return { type: 'name', value: Buffer.from(out).toString('latin1') };
  }

  private literalString(): PdfToken {
    const { bytes, end } = this;
    this.pos++;
    let depth = 1;
    while (this.pos < end && depth > 0) {
      const c = bytes[this.pos];
      if (c === 0x5c) this.pos++;
      else if (c === 0x28) depth++;
      else if (c === 0x29) depth--;
      this.pos++;
    }
    return { type: 'string' };
  }
}
