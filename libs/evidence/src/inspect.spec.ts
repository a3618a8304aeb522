import { Readable } from 'node:stream';
import {
  biff,
  boundSheet,
  officePackage,
  oleFile,
  oleStream,
  packagerObject,
  peExecutable,
  pptRecord,
  rel,
  vbaStorage,
} from '../../../test/fixtures/evidence-bypasses';
import { EICAR, ole, zip } from '../../../test/fixtures/evidence-files';
import { inspectEvidence } from './inspect';
import { DEFAULT_INSPECTION_LIMITS, type InspectionLimits } from './limits';
import { InspectionQueue } from './queue';
import { EvidenceRefused } from './refusal';
import { eicarScanner, type EvidenceScanner, type ScanItem } from './scanner';

const refusal = async (
  bytes: Buffer,
  name: string,
  limits?: Partial<InspectionLimits>,
  scanner?: EvidenceScanner,
) => {
  try {
    await inspectEvidence(bytes, name, { limits: { ...DEFAULT_INSPECTION_LIMITS, ...limits }, scanner });
  } catch (error) {
    if (error instanceof EvidenceRefused) return error.code;
    throw error;
  }
  return undefined;
};

const PACKAGE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('Office package inspection', () => {
  it('accepts a package with real content types, a hyperlink and an embedded workbook', async () => {
    const workbook = await officePackage('xlsx');
    const docx = await officePackage('docx', {
      types: `<Default Extension="xlsx" ContentType="${PACKAGE}"/>`,
      mainRels: [
        rel('rId9', 'hyperlink', 'https://www.moe.gov.cn/', true),
        rel('rId10', 'package', 'embeddings/Microsoft_Excel_Worksheet.xlsx'),
      ],
      parts: [{ name: 'word/embeddings/Microsoft_Excel_Worksheet.xlsx', content: workbook }],
    });
    expect(await refusal(docx, 'a.docx')).toBeUndefined();
  });

  it('decides macros by content type and relationship, not by the name vbaProject.bin', async () => {
    const byType = await officePackage('docx', {
      types: '<Override PartName="/word/styles2.dat" ContentType="application/vnd.ms-office.vbaProject"/>',
      parts: [{ name: 'word/styles2.dat', content: 'not even OLE' }],
    });
    expect(await refusal(byType, 'a.docx')).toBe('active-content');
    const byRelationship = await officePackage('docx', {
      mainRels: [rel('rId7', 'http://schemas.microsoft.com/office/2006/relationships/vbaProject', 'x.bin')],
    });
    expect(await refusal(byRelationship, 'a.docx')).toBe('active-content');
    // A VBA storage as an image: found by its bytes.
    const byBytes = await officePackage('docx', {
      parts: [{ name: 'word/media/image1.png', content: oleFile(vbaStorage('')) }],
    });
    expect(await refusal(byBytes, 'a.docx')).toBe('active-content');
  });

  it('refuses remote templates and other external relationships, but not hyperlinks', async () => {
    const template = await officePackage('docx', {
      parts: [
        {
          name: 'word/_rels/settings.xml.rels',
          content: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'attachedTemplate', 'http://203.0.113.9/t.dotm', true)}</Relationships>`,
        },
      ],
    });
    expect(await refusal(template, 'a.docx')).toBe('external-reference');
  });

  it('accepts an embedded OLE object only when it is an Office document itself', async () => {
    const embed = (content: Buffer) =>
      officePackage('docx', {
        mainRels: [rel('rId8', 'oleObject', 'embeddings/oleObject1.bin')],
        parts: [{ name: 'word/embeddings/oleObject1.bin', content }],
      });
    expect(await refusal(await embed(packagerObject()), 'a.docx')).toBe('active-content');
    expect(await refusal(await embed(Buffer.from('plain bytes')), 'a.docx')).toBe('active-content');
    expect(
      await refusal(await embed(ole('Workbook', { Workbook: biff(boundSheet(0)) })), 'a.docx'),
    ).toBeUndefined();
  });

  it('inspects files nested in files, to a bounded depth', async () => {
    let inner = await officePackage('docx', { mainRels: [rel('r', 'attachedTemplate', 'http://x/t', true)] });
    const outer = async (content: Buffer) =>
      officePackage('docx', { parts: [{ name: 'word/media/a.zip', content }] });
    expect(await refusal(await outer(await zip([{ name: 'b.docx', content: inner }])), 'a.docx')).toBe(
      'external-reference',
    );
    inner = await officePackage('docx');
    for (let i = 0; i < 4; i++) inner = await zip([{ name: `level${i}.zip`, content: inner }]);
    expect(await refusal(await outer(inner), 'a.docx')).toBe('nesting-too-deep');
  });

  it('counts every inflated byte against one budget for the upload', async () => {
    const parts = Array.from({ length: 5 }, (_, i) => ({
      name: `word/media/${i}.bin`,
      content: Buffer.alloc(300_000, i),
    }));
    // Each part is far below the budget; together they pass it.
    expect(
      await refusal(await officePackage('docx', { parts }), 'a.docx', {
        maxExpandedBytes: 1_000_000,
        maxEntryRatio: 1000,
      }),
    ).toBe('zip-bomb');
    expect(
      await refusal(await officePackage('docx', { parts }), 'a.docx', {
        maxExpandedBytes: 2_000_000,
        maxEntryRatio: 1000,
      }),
    ).toBeUndefined();
  });

  it('tells a Windows program from a binary part that merely starts with "MZ"', async () => {
    const font = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(100, 0xa7)]);
    expect(
      await refusal(
        await officePackage('docx', { parts: [{ name: 'word/fonts/font1.odttf', content: font }] }),
        'a.docx',
      ),
    ).toBeUndefined();
    expect(
      await refusal(
        await officePackage('docx', { parts: [{ name: 'word/fonts/font1.odttf', content: peExecutable() }] }),
        'a.docx',
      ),
    ).toBe('active-content');
  });

  it('streams every item, nested ones included, to the scanner', async () => {
    const seen: string[] = [];
    const recording: EvidenceScanner = {
      scan: async (item: ScanItem) => {
        seen.push(item.path);
        return eicarScanner.scan(item);
      },
    };
    const nested = await zip([{ name: 'eicar.txt', content: EICAR }]);
    const docx = await officePackage('docx', { parts: [{ name: 'word/media/x.zip', content: nested }] });
    expect(await refusal(docx, 'a.docx', {}, recording)).toBe('infected-file');
    expect(seen).toContain('a.docx/word/media/x.zip/eicar.txt');
  });
});

describe('legacy Office (OLE) inspection', () => {
  it('accepts plain DOC, XLS and PPT files', async () => {
    expect(await refusal(ole('WordDocument'), 'a.doc')).toBeUndefined();
    expect(await refusal(ole('Workbook', { Workbook: biff(boundSheet(0)) }), 'a.xls')).toBeUndefined();
    expect(await refusal(ole('PowerPoint Document'), 'a.ppt')).toBeUndefined();
  });

  it.each([
    ['a DOC with a Macros storage', ole('WordDocument', vbaStorage('Macros/')), 'a.doc'],
    ['an XLS with _VBA_PROJECT_CUR', ole('Workbook', vbaStorage('_VBA_PROJECT_CUR/')), 'a.xls'],
    [
      'an XLS with an Excel 4.0 macro sheet',
      ole('Workbook', { Workbook: biff(boundSheet(0), boundSheet(1, 'Macro1')) }),
      'a.xls',
    ],
    [
      'a PPT with a VBA project record',
      ole('PowerPoint Document', {
        'PowerPoint Document': pptRecord(
          0x0f,
          0x03e8,
          pptRecord(0x0f, 0x03ff, pptRecord(0x02, 0x0400, Buffer.alloc(12))),
        ),
      }),
      'a.ppt',
    ],
    [
      'a DOC with a Packager object',
      ole('WordDocument', { 'ObjectPool/_1/\u0001Ole10Native': 'MZ', 'ObjectPool/_1/\u0001CompObj': 'x' }),
      'a.doc',
    ],
    [
      'a DOC with an Equation Editor object',
      ole('WordDocument', { 'ObjectPool/_1/Equation Native': 'x', 'ObjectPool/_1/\u0001CompObj': 'x' }),
      'a.doc',
    ],
  ])('refuses %s as active content', async (_, bytes, name) => {
    expect(await refusal(bytes, name)).toBe('active-content');
  });

  it('refuses linked objects, encrypted workbooks and encrypted packages', async () => {
    expect(
      await refusal(
        ole('WordDocument', {
          'ObjectPool/_1/\u0001Ole': oleStream(true),
          'ObjectPool/_1/\u0001CompObj': 'x',
        }),
        'a.doc',
      ),
    ).toBe('external-reference');
    expect(await refusal(ole('Workbook', { Workbook: biff([0x002f, Buffer.alloc(6)]) }), 'a.xls')).toBe(
      'encrypted-file',
    );
    expect(await refusal(oleFile({ EncryptionInfo: 'x', EncryptedPackage: 'y' }), 'a.docx')).toBe(
      'encrypted-file',
    );
  });

  it('accepts an embedded Excel workbook inside a DOC', async () => {
    const doc = ole('WordDocument', {
      'ObjectPool/_1/\u0001Ole': oleStream(false),
      'ObjectPool/_1/\u0001CompObj': 'x',
      'ObjectPool/_1/Workbook': biff(boundSheet(0)),
    });
    expect(await refusal(doc, 'a.doc')).toBeUndefined();
  });
});

describe('the inspection queue', () => {
  it('runs at most `concurrent` at once and refuses beyond the queue with 503 and Retry-After', async () => {
    const queue = new InspectionQueue({ concurrent: 2, queued: 1, retryAfterSeconds: 7 });
    let running = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const work = () =>
      new Promise<void>((resolve) => {
        running++;
        most = Math.max(most, running);
        release.push(() => {
          running--;
          resolve();
        });
      });
    const tickets = [queue.admit(), queue.admit(), queue.admit()];
    let refused: unknown;
    try {
      queue.admit();
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: 'inspection-busy', status: 503, retryAfter: 7 });
    const done = tickets.map((t) => t.inspect(work).finally(() => t.release()));
    await new Promise((r) => setImmediate(r));
    expect(most).toBe(2);
    while (release.length) {
      release.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(done);
    expect(most).toBe(2);
    expect(queue.load).toEqual({ admitted: 0, running: 0 });
    queue.admit().release();
  });
});

describe('the EICAR scanner', () => {
  it('finds the signature split across chunks', async () => {
    const half = EICAR.length >> 1;
    const content = Readable.from([
      Buffer.from(`xx${EICAR.slice(0, half)}`),
      Buffer.from(`${EICAR.slice(half)}yy`),
    ]);
    expect(await eicarScanner.scan({ path: 'a', content })).toEqual({
      clean: false,
      threat: 'EICAR-Test-File',
    });
  });
});
