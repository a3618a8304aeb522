import { Budget } from './budget';
import { readDocx } from './docx';
import { ImportRefused, limitRefusal, type ImportLimits } from './limits';
import type { SourceDocument } from './tables';
import { readXls } from './xls';
import { readXlsx } from './xlsx';
import { UNREADABLE, ZipPackage } from './zip';

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Reads an uploaded file into plain tables, deciding its format from its own bytes. Runs inside
 * the extraction worker (see extract.ts); call it directly only on trusted input.
 */
export async function readSource(bytes: Buffer, limits: ImportLimits): Promise<SourceDocument> {
  if (bytes.length > limits.maxFileBytes) throw limitRefusal('import-too-large', limits);
  const budget = new Budget(limits);
  if (bytes.subarray(0, 8).equals(OLE)) return { format: 'xls', blocks: readXls(bytes, budget) };
  if (!bytes.subarray(0, 4).equals(ZIP)) throw new ImportRefused('import-unreadable', UNREADABLE);
  const zip = await ZipPackage.open(bytes, budget);
  try {
    if (zip.has('word/document.xml')) return { format: 'docx', blocks: await readDocx(zip, budget) };
    if (zip.has('xl/workbook.xml')) return { format: 'xlsx', blocks: await readXlsx(zip, budget) };
    throw new ImportRefused('import-unreadable', UNREADABLE);
  } finally {
    zip.close();
  }
}
