import * as XLSX from '@e965/xlsx';
import {
  docxWith,
  expandingXlsx,
  lastRowXlsx,
  officePackage,
  wordCell,
  wordParagraph,
  wordTable,
  worksheet,
  xlsxWith,
} from '@sg/testing';
import { extractDocument } from './extract';
import { DEFAULT_IMPORT_LIMITS, ImportRefused, type ImportLimits } from './limits';
import type { SourceDocument, SourceTable } from './tables';

async function refusal(file: Buffer, limits: Partial<ImportLimits> = {}): Promise<ImportRefused> {
  try {
    await extractDocument(file, { ...DEFAULT_IMPORT_LIMITS, ...limits });
  } catch (error) {
    if (error instanceof ImportRefused) return error;
    throw error;
  }
  throw new Error('not refused');
}

/** Runs `work` while sampling this process's RSS; answers the highest growth seen, in MB. */
async function peakRssGrowth<T>(
  work: () => Promise<T>,
): Promise<{ result: T; growthMb: number; millis: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = Date.now();
  try {
    const result = await work();
    return {
      result,
      growthMb: (Math.max(peak, process.memoryUsage().rss) - before) / 1024 / 1024,
      millis: Date.now() - started,
    };
  } finally {
    clearInterval(timer);
  }
}

const tables = (document: SourceDocument): SourceTable[] =>
  document.blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : []));

describe('extracting an upload within the import limits', () => {
  it('refuses a few-KB XLSX with one cell in row 1,048,576 at once, naming the row limit', async () => {
    const file = await lastRowXlsx();
    expect(file.length).toBeLessThan(4096);
    const { result, millis, growthMb } = await peakRssGrowth(() => refusal(file));
    expect(result.code).toBe('import-too-many-rows');
    expect(result.userMessage).toBe(`表格超过 ${DEFAULT_IMPORT_LIMITS.maxRows} 行，未导入。`);
    expect(result.limit).toEqual({ name: 'maxRows', value: DEFAULT_IMPORT_LIMITS.maxRows });
    expect(millis).toBeLessThan(5_000);
    expect(growthMb).toBeLessThan(150);
  });

  it('refuses a 1 MB XLSX whose sheet expands to 1 GB once the expanded budget is spent', async () => {
    const file = await expandingXlsx(1024 * 1024 * 1024);
    expect(file.length).toBeLessThan(1.2 * 1024 * 1024);
    const { result, millis, growthMb } = await peakRssGrowth(() => refusal(file));
    expect(result.code).toBe('import-expands-too-much');
    expect(result.userMessage).toBe('文件解压后超过 64 MB，未导入。');
    expect(millis).toBeLessThan(10_000);
    // The worker's heap is capped at maxHeapMb; the expanded 1 GB is never held.
    expect(growthMb).toBeLessThan(DEFAULT_IMPORT_LIMITS.maxHeapMb);
  });

  it('refuses columns past the limit, merges that reach past it, and too many strings or cells', async () => {
    expect((await refusal(await xlsxWith(worksheet('<row r="1"><c r="XFD1"><v>1</v></c></row>')))).code).toBe(
      'import-too-many-columns',
    );
    const merged = await xlsxWith(
      worksheet(
        '<row r="1"><c r="A1"><v>1</v></c></row>',
        '<mergeCells count="1"><mergeCell ref="A1:Z9000"/></mergeCells>',
      ),
    );
    expect((await refusal(merged, { maxRows: 100_000 })).code).toBe('import-too-many-cells');
    const strings = await xlsxWith(worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), {
      'xl/sharedStrings.xml': `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${'<si><t>x</t></si>'.repeat(11)}</sst>`,
    });
    const tooMany = await refusal(strings, { maxSharedStrings: 10 });
    expect(tooMany.code).toBe('import-too-many-strings');
    expect(tooMany.userMessage).toContain('10 条');
    const cells = await xlsxWith(worksheet(`<row r="1">${'<c><v>1</v></c>'.repeat(11)}</row>`));
    expect((await refusal(cells, { maxCells: 10 })).code).toBe('import-too-many-cells');
  });

  it('refuses a file larger than the upload limit without starting a worker', async () => {
    const result = await refusal(Buffer.alloc(2048, 1), { maxFileBytes: 1024 });
    expect(result.code).toBe('import-too-large');
  });

  it('stops a worker that outlives the time limit, and one that outgrows its heap', async () => {
    const docx = await docxWith(
      wordTable(Array.from({ length: 3000 }, (_, r) => [wordCell(`行${r}`), wordCell('x'.repeat(200))])),
    );
    const slow = await refusal(docx, { maxMillis: 1 });
    expect(slow.code).toBe('import-too-slow');
    expect(slow.userMessage).toContain('0.001 秒');
    const big = await docxWith(wordParagraph('字'.repeat(4_000_000)));
    const memory = await refusal(big, { maxHeapMb: 8, maxMillis: 20_000 });
    expect(memory.code).toBe('import-out-of-memory');
  });

  it('never resolves entities: a DOCTYPE with an external entity is unreadable', async () => {
    const xxe = await officePackage({
      'word/document.xml':
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>',
    });
    expect((await refusal(xxe)).code).toBe('import-unreadable');
    expect((await refusal(Buffer.from('PK\u0003\u0004 not a zip'))).code).toBe('import-unreadable');
    expect((await refusal(await officePackage({ 'a.txt': 'hello' }))).code).toBe('import-unreadable');
  });
});

describe('what an extraction hands back', () => {
  it('reads a DOCX in order, with spans and vertical merges carrying their value to every covered cell', async () => {
    const docx = await docxWith(
      wordParagraph('1-3 学校建设任务与进度') +
        wordTable([
          [
            wordCell('序号', { vMerge: 'restart' }),
            wordCell('建设任务', { span: 2 }),
            wordCell('2020年度\n（含2019年度）'),
          ],
          [wordCell('', { vMerge: 'continue' }), wordCell('一'), wordCell('二'), wordCell('①甲②乙')],
        ]),
    );
    const document = await extractDocument(docx);
    expect(document.format).toBe('docx');
    expect(document.blocks[0]).toEqual({ kind: 'paragraph', text: '1-3 学校建设任务与进度', ref: '段落1' });
    const [table] = tables(document);
    expect(table.rows[0].map((c) => c.text)).toEqual([
      '序号',
      '建设任务',
      '建设任务',
      '2020年度\n（含2019年度）',
    ]);
    expect(table.rows[0][2]).toEqual({ text: '建设任务', ref: '表1 行1 列3', mergedFrom: '表1 行1 列2' });
    expect(table.rows[1][0]).toEqual({ text: '序号', ref: '表1 行2 列1', mergedFrom: '表1 行1 列1' });
  });

  it('reads an XLSX with shared and inline strings, dates and merged cells', async () => {
    const file = await xlsxWith(
      worksheet(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c></row>' +
          '<row r="3"><c r="B3" s="1"><v>44742</v></c><c r="C3"><v>0.8</v></c></row>',
        '<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>',
      ),
      {
        'xl/sharedStrings.xml':
          '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>合并</t><rPh><t>ガッペイ</t></rPh></si></sst>',
        'xl/styles.xml':
          '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>',
      },
    );
    const [sheet] = tables(await extractDocument(file));
    expect(sheet.name).toBe('Sheet1');
    expect(sheet.rows.map((row) => row.map((c) => c.text))).toEqual([
      ['合并', '合并', '富文本'],
      ['合并', '合并'],
      ['', '2022-06-30', '0.8'],
    ]);
    expect(sheet.rows[1][1]).toEqual({ text: '合并', ref: 'Sheet1!B2', mergedFrom: 'Sheet1!A1' });
  });

  it('reads a legacy .xls (BIFF8) with its merged cells, inside the worker', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([
      ['序号', '建设任务', ''],
      ['1', '加强党的建设', '①甲②乙'],
    ]);
    sheet['!merges'] = [{ s: { r: 0, c: 1 }, e: { r: 0, c: 2 } }];
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, '任务');
    const file = Buffer.from(XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Buffer);
    const document = await extractDocument(file);
    expect(document.format).toBe('xls');
    const [table] = tables(document);
    expect(table.rows[0][2]).toEqual({ text: '建设任务', ref: '任务!C1', mergedFrom: '任务!B1' });
    expect(table.rows[1].map((c) => c.text)).toEqual(['1', '加强党的建设', '①甲②乙']);
  });
});
