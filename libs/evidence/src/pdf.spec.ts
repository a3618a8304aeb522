import { deflateSync } from 'node:zlib';
import {
  objectStream,
  ordinaryPdf,
  pdfFile,
  pdfStream,
  pdfWith,
} from '../../../test/fixtures/evidence-bypasses';
import { DEFAULT_INSPECTION_LIMITS, InspectionBudget } from './limits';
import { inspectPdf } from './pdf';
import { PdfLexer, type PdfToken } from './pdf-lexer';
import { EvidenceRefused } from './refusal';

const tokens = (text: string): PdfToken[] => {
  const lexer = new PdfLexer(Buffer.from(text, 'latin1'));
  const out: PdfToken[] = [];
  for (let t = lexer.next(); t; t = lexer.next()) out.push(t);
  return out;
};
const budget = () => new InspectionBudget(DEFAULT_INSPECTION_LIMITS);
const refusal = async (bytes: Buffer) => {
  try {
    await inspectPdf(bytes, budget());
  } catch (error) {
    if (error instanceof EvidenceRefused) return error.code;
    throw error;
  }
  return undefined;
};

describe('the PDF lexer', () => {
  it('decodes #xx escapes in names, as readers do', () => {
    expect(tokens('/J#61vaScript /L#61unch /#4A#53 /A#2')).toEqual([
      { type: 'name', value: 'JavaScript' },
      { type: 'name', value: 'Launch' },
      { type: 'name', value: 'JS' },
      { type: 'name', value: 'A#2' },
    ]);
  });

  it('keeps names inside strings, comments and hex strings out of the names', () => {
    const names = tokens('(a /JS (nested /Launch) \\) /AA) <2F4A53> % /JavaScript\n/Real').filter(
      (t) => t.type === 'name',
    );
    expect(names).toEqual([{ type: 'name', value: 'Real' }]);
  });

  it('reads dictionaries, arrays, numbers, references and keywords', () => {
    expect(tokens('<</A [1 -2.5 .5] /B 3 0 R>> stream').map((t) => t.type)).toEqual([
      'dict-open',
      'name',
      'array-open',
      'number',
      'number',
      'number',
      'array-close',
      'name',
      'number',
      'number',
      'keyword',
      'dict-close',
      'keyword',
    ]);
  });

  it('ends a name at a delimiter', () => {
    expect(tokens('/JS(x)')[0]).toEqual({ type: 'name', value: 'JS' });
    expect(tokens('/Type/Catalog').map((t) => t.type === 'name' && t.value)).toEqual(['Type', 'Catalog']);
  });
});

describe('PDF inspection', () => {
  it('accepts an ordinary PDF: links, outlines, a destination OpenAction, an object stream', async () => {
    expect(await refusal(ordinaryPdf())).toBeUndefined();
  });

  it.each([
    ['/OpenAction << /S /J#61vaScript /JS (app.alert(1)) >>'],
    ['/Names << /EmbeddedFiles 6 0 R >>'],
    ['/AA << /O << /S /Named /N /Print >> >>'],
    ['/OpenAction << /S /URI /URI (https://example.com/) >>'],
    ['/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next << /S /URI /URI (x) >> >>'],
    ['/AcroForm << /XFA 6 0 R >>'],
  ])('refuses %s in the catalog', async (extra) => {
    expect(await refusal(pdfWith(extra))).toBe('active-content');
  });

  it('refuses an OpenAction that refers to an action object, not to one that refers to a destination', async () => {
    expect(await refusal(pdfWith('/OpenAction 6 0 R', ['<< /Type /Action /S /Named /N /Print >>']))).toBe(
      'active-content',
    );
    expect(await refusal(pdfWith('/OpenAction 6 0 R', ['[3 0 R /Fit]']))).toBeUndefined();
  });

  it('finds JavaScript inside a compressed object stream, whatever the filters', async () => {
    const js: [number, string][] = [[7, '<< /S /JavaScript /JS (app.alert(1)) >>']];
    expect(await refusal(pdfWith('', [objectStream(js)]))).toBe('active-content');
    const hex = (d: Buffer) => Buffer.from(deflateSync(d).toString('hex') + '>', 'latin1');
    expect(
      await refusal(
        pdfWith('', [objectStream(js, { filter: '[/ASCIIHexDecode /FlateDecode]', encode: hex })]),
      ),
    ).toBe('active-content');
    // No /Type, an escaped filter name: still an object stream to a reader.
    expect(
      await refusal(pdfWith('', [objectStream(js, { type: '/XObj#53tm', filter: '/Fl#61teDecode' })])),
    ).toBe('active-content');
  });

  it('finds an object hidden inside another stream, where recovering readers look', async () => {
    const hidden = '9 0 obj << /Type /Action /S /GoToR /F (x.pdf) >> endobj';
    expect(await refusal(pdfWith('', [pdfStream('', hidden)]))).toBe('active-content');
  });

  it('refuses an object stream that inflates past the budget, and one it cannot decode', async () => {
    const bomb = pdfStream(
      '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode',
      deflateSync(Buffer.alloc(DEFAULT_INSPECTION_LIMITS.maxExpandedBytes + 1024)),
    );
    expect(await refusal(pdfWith('', [bomb]))).toBe('zip-bomb');
    expect(
      await refusal(pdfWith('', [pdfStream('/Type /ObjStm /N 1 /First 4 /Filter /DCTDecode', 'xx')])),
    ).toBe('damaged-file');
  });

  it('refuses an encrypted PDF with object streams (their content cannot be read)', async () => {
    const file = pdfFile(
      [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [] /Count 0 >>',
        pdfStream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', Buffer.alloc(64, 0x5a)),
        '<< /Filter /Standard /V 1 /R 2 /P -4 /O <00> /U <00> >>',
      ],
      '/Root 1 0 R /Encrypt 4 0 R',
    );
    expect(await refusal(file)).toBe('encrypted-file');
  });

  it('bounds the work on a file full of object headers inside one string', async () => {
    const file = pdfWith('', [`(${'1 0 obj ('.repeat(200_000)}`]);
    expect(await refusal(file)).toBe('damaged-file');
  });
});
