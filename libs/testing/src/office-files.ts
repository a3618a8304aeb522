import { constants, deflateRawSync } from 'node:zlib';

/** Builders of Office packages for tests, including hostile ones; nothing here reads a file. */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Buffer, start = 0): number {
  let crc = ~start >>> 0;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

// zlib's crc32_combine: the CRC of A‖B from crc(A), crc(B) and |B|, over GF(2).
function gf2Times(matrix: number[], vector: number): number {
  let sum = 0;
  for (let i = 0; vector !== 0; i++, vector >>>= 1) if (vector & 1) sum ^= matrix[i];
  return sum >>> 0;
}
function gf2Square(matrix: number[]): number[] {
  return matrix.map((row) => gf2Times(matrix, row));
}
function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB <= 0) return crcA;
  let odd = [0xedb88320, ...Array.from({ length: 31 }, (_, i) => 1 << i)].map((v) => v >>> 0);
  let even = gf2Square(odd);
  odd = gf2Square(even);
  let crc = crcA;
  let length = lengthB;
  do {
    even = gf2Square(odd);
    if (length & 1) crc = gf2Times(even, crc);
    length = Math.floor(length / 2);
    if (length === 0) break;
    odd = gf2Square(even);
    if (length & 1) crc = gf2Times(odd, crc);
    length = Math.floor(length / 2);
  } while (length !== 0);
  return (crc ^ crcB) >>> 0;
}

/** A part already deflated: its raw deflate stream, expanded size and CRC. */
export interface DeflatedPart {
  deflated: Buffer;
  size: number;
  crc: number;
}

export type PartBody = string | Buffer | DeflatedPart;

/**
 * The fields a local header and its central-directory entry share, laid out alike from `at`
 * (the version needed to extract): version 2.0, UTF-8 names, deflate, CRC, sizes, name length.
 */
function writeEntryFields(header: Buffer, at: number, part: DeflatedPart, nameLength: number): void {
  header.writeUInt16LE(20, at);
  header.writeUInt16LE(0x0800, at + 2);
  header.writeUInt16LE(8, at + 4);
  header.writeUInt32LE(part.crc, at + 10);
  header.writeUInt32LE(part.deflated.length, at + 14);
  header.writeUInt32LE(part.size, at + 18);
  header.writeUInt16LE(nameLength, at + 22);
}

/** A zip package of the given parts, deflated. */
export function officePackage(parts: Record<string, PartBody>): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, body] of Object.entries(parts)) {
    const part: DeflatedPart =
      typeof body === 'string' || Buffer.isBuffer(body)
        ? (() => {
            const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
            return { deflated: deflateRawSync(bytes, { level: 9 }), size: bytes.length, crc: crc32(bytes) };
          })()
        : body;
    const fileName = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeEntryFields(local, 4, part, fileName.length);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    writeEntryFields(central, 6, part, fileName.length);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, part.deflated);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + part.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Promise.resolve(Buffer.concat([...locals, directory, end]));
}

/**
 * prefix ‖ unit×count ‖ suffix as one deflate stream, without deflating count units: each piece
 * is deflated on its own and ends with a full flush, so one unit's deflated bytes can be repeated.
 */
export function repeatedPart(prefix: string, unit: Buffer, count: number, suffix: string): DeflatedPart {
  const flush = { level: 9, finishFlush: constants.Z_FULL_FLUSH };
  const head = Buffer.from(prefix, 'utf8');
  const tail = Buffer.from(suffix, 'utf8');
  const unitCrc = crc32(unit);
  let crc = crc32(head);
  for (let i = 0; i < count; i++) crc = crc32Combine(crc, unitCrc, unit.length);
  crc = crc32Combine(crc, crc32(tail), tail.length);
  const unitDeflated = deflateRawSync(unit, flush);
  return {
    deflated: Buffer.concat([
      deflateRawSync(head, flush),
      ...Array.from({ length: count }, () => unitDeflated),
      deflateRawSync(tail, { level: 9 }),
    ]),
    size: head.length + unit.length * count + tail.length,
    crc,
  };
}

const SHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A one-sheet XLSX whose worksheet part is `sheet` (text or a stream of it). */
export function xlsxWith(sheet: PartBody, extra: Record<string, PartBody> = {}): Promise<Buffer> {
  return officePackage({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '</Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${SHEET_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': sheet,
    ...extra,
  });
}

export const worksheet = (sheetData: string, after = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${SHEET_NS}"><sheetData>${sheetData}</sheetData>${after}</worksheet>`;

/** The last row Excel has: a few KB that a whole-workbook reader expands into a million rows. */
export const lastRowXlsx = () => xlsxWith(worksheet('<row r="1048576"><c r="A1048576"><v>1</v></c></row>'));

/**
 * A worksheet padded with about `expandedBytes` of whitespace inside its one row: about 1 MB of
 * zip per GB expanded. Built from one deflated MB repeated, so building it takes milliseconds.
 */
export function expandingXlsx(expandedBytes: number): Promise<Buffer> {
  const unit = Buffer.alloc(1024 * 1024, 0x20);
  return xlsxWith(
    repeatedPart(
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${SHEET_NS}"><sheetData><row r="1">`,
      unit,
      Math.ceil(expandedBytes / unit.length),
      '</row></sheetData></worksheet>',
    ),
  );
}

const WORD_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A DOCX whose body is `body` (w:p and w:tbl elements). */
export function docxWith(body: string): Promise<Buffer> {
  return officePackage({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '</Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${WORD_NS}"><w:body>${body}</w:body></w:document>`,
  });
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A Word paragraph of plain text. */
export const wordParagraph = (text: string) =>
  `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;

/** A Word table cell: `span` grid columns, `vMerge` 'restart' or 'continue', lines as paragraphs. */
export function wordCell(
  text: string,
  options: { span?: number; vMerge?: 'restart' | 'continue' } = {},
): string {
  const pr =
    (options.span && options.span > 1 ? `<w:gridSpan w:val="${options.span}"/>` : '') +
    (options.vMerge === 'restart'
      ? '<w:vMerge w:val="restart"/>'
      : options.vMerge === 'continue'
        ? '<w:vMerge/>'
        : '');
  const paragraphs = text.split('\n').map(wordParagraph).join('');
  return `<w:tc>${pr ? `<w:tcPr>${pr}</w:tcPr>` : ''}${paragraphs}</w:tc>`;
}

export const wordTable = (rows: string[][]) =>
  `<w:tbl>${rows.map((cells) => `<w:tr>${cells.join('')}</w:tr>`).join('')}</w:tbl>`;
