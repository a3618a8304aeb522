import type { AuditEntry } from '@sg/contracts';
import ExcelJS from 'exceljs';
import { localDateTime } from '../http/local-time';
import { writeHeading } from '../exports/sheet-heading';

/** Excel's own limit on one cell's text. */
const CELL_MAX = 32767;
const cell = (text: string) => (text.length > CELL_MAX ? `${text.slice(0, CELL_MAX - 1)}…` : text);

/**
 * The filtered trail as one sheet, in the order listed: time in the entry's plan's time zone,
 * actor, what, about which, why, and each change before → after.
 */
export async function auditWorkbook(
  rows: { entry: AuditEntry; timeZone: string; typeName: string }[],
  title: string,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('审计记录');
  const columns = [
    { header: '序号', width: 8 },
    { header: '时间', width: 20 },
    { header: '时区', width: 15 },
    { header: '操作人', width: 14 },
    { header: '类型', width: 14 },
    { header: '对象', width: 40 },
    { header: '内容', width: 60 },
    { header: '原因', width: 30 },
    { header: '变更（原 → 新）', width: 50 },
  ];
  writeHeading(sheet, title, columns);
  for (const { entry, timeZone, typeName } of rows) {
    const row = sheet.addRow([
      entry.position,
      localDateTime(entry.time, timeZone),
      timeZone,
      entry.actor.name,
      typeName,
      cell(entry.subjects.map((s) => `${s.kindName}：${s.name}`).join('\n')),
      cell(entry.summary),
      entry.reason ?? '',
      cell(
        entry.changes.map((c) => `${c.field}：${c.before ?? '（无）'} → ${c.after ?? '（无）'}`).join('\n'),
      ),
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
