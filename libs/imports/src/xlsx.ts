import type { Budget } from './budget';
import { layout, type Merge } from './grid';
import { ImportRefused, limitRefusal } from './limits';
import { columnIndex, columnLetters, type SourceBlock } from './tables';
import { streamXml } from './xml';
import { UNREADABLE, type ZipPackage } from './zip';

const RELS_NS = 'officeDocument/2006/relationships/worksheet';
// Built-in number formats that show a date (ECMA-376 18.8.30 and the CJK locale ids).
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58,
]);

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `xl/${target}`.split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.') out.push(part);
  }
  return out.join('/');
}

function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[yd]/i.test(bare) || /m.*[sy]|[y].*m/i.test(bare);
}

function serialDate(value: string): string | undefined {
  const serial = Number(value);
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return undefined;
  const days = Math.floor(serial) - (serial < 61 ? 1 : 0);
  return new Date(Date.UTC(1899, 11, 31) + (days - 1) * 86_400_000).toISOString().slice(0, 10);
}

/** Reads every sheet of an XLSX package as a table, in the workbook's order. */
export async function readXlsx(zip: ZipPackage, budget: Budget): Promise<SourceBlock[]> {
  const sheets: { name: string; rid: string }[] = [];
  await streamXml(zip, 'xl/workbook.xml', {
    open(name, a) {
      if (name === 'sheet') sheets.push({ name: a.name ?? '', rid: a.id ?? '' });
    },
  });
  const targets = new Map<string, string>();
  if (zip.has('xl/_rels/workbook.xml.rels'))
    await streamXml(zip, 'xl/_rels/workbook.xml.rels', {
      open(name, a) {
        if (name === 'Relationship' && a.Type?.endsWith(RELS_NS) && a.TargetMode !== 'External')
          targets.set(a.Id, resolveTarget(a.Target ?? ''));
      },
    });

  const strings: string[] = [];
  if (zip.has('xl/sharedStrings.xml')) {
    let current: string[] | undefined;
    let inText = false;
    let phonetic = 0;
    await streamXml(zip, 'xl/sharedStrings.xml', {
      open(name) {
        if (name === 'si') current = [];
        else if (name === 'rPh') phonetic += 1;
        else if (name === 't' && phonetic === 0) inText = true;
      },
      close(name) {
        if (name === 'si' && current) {
          if (strings.length >= budget.limits.maxSharedStrings)
            throw limitRefusal('import-too-many-strings', budget.limits);
          strings.push(current.join(''));
          current = undefined;
        } else if (name === 'rPh') phonetic -= 1;
        else if (name === 't') inText = false;
      },
      text(text) {
        if (!inText || !current) return;
        budget.text(text.length);
        current.push(text);
      },
    });
  }

  const dateStyles: boolean[] = [];
  if (zip.has('xl/styles.xml')) {
    const custom = new Map<number, string>();
    let inCellXfs = false;
    await streamXml(zip, 'xl/styles.xml', {
      open(name, a) {
        if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) {
          const id = Number(a.numFmtId ?? 0);
          dateStyles.push(DATE_FORMAT_IDS.has(id) || (custom.has(id) && isDateFormat(custom.get(id)!)));
        }
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
    });
  }

  const blocks: SourceBlock[] = [];
  for (const sheet of sheets) {
    const path = targets.get(sheet.rid);
    if (!path || !zip.has(path)) continue;
    const cells = new Map<number, Map<number, string>>();
    const merges: Merge[] = [];
    let rowIndex = -1;
    let columnCursor = -1;
    let cell: { column: number; type: string; style: number; parts: string[] } | undefined;
    let inValue = false;
    let inInline = false;
    let inText = false;
    let phonetic = 0;
    await streamXml(zip, path, {
      open(name, a) {
        switch (name) {
          case 'row': {
            const number = a.r ? Number(a.r) : rowIndex + 2;
            if (!Number.isInteger(number) || number < 1)
              throw new ImportRefused('import-unreadable', UNREADABLE);
            budget.row(number);
            rowIndex = number - 1;
            columnCursor = -1;
            break;
          }
          case 'c': {
            const match = a.r ? /^([A-Z]{1,3})(\d{1,7})$/.exec(a.r) : null;
            const column = match ? columnIndex(match[1]) : columnCursor + 1;
            if (match) budget.row(Number(match[2]));
            budget.column(column);
            columnCursor = column;
            cell = { column, type: a.t ?? 'n', style: Number(a.s ?? 0), parts: [] };
            break;
          }
          case 'v':
            inValue = true;
            break;
          case 'is':
            inInline = true;
            break;
          case 't':
            inText = true;
            break;
          case 'rPh':
            phonetic += 1;
            break;
          case 'mergeCell': {
            const match = /^([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})$/.exec(a.ref ?? '');
            if (!match) break;
            const [top, bottom] = [Number(match[2]) - 1, Number(match[4]) - 1].sort((x, y) => x - y);
            const [left, right] = [columnIndex(match[1]), columnIndex(match[3])].sort((x, y) => x - y);
            budget.row(bottom + 1);
            budget.column(right);
            merges.push({ top, bottom, left, right });
            break;
          }
        }
      },
      close(name) {
        if (name === 'v') inValue = false;
        else if (name === 'is') inInline = false;
        else if (name === 't') inText = false;
        else if (name === 'rPh') phonetic -= 1;
        else if (name === 'c' && cell) {
          const raw = cell.parts.join('');
          let text: string;
          if (cell.type === 's') text = strings[Number(raw)] ?? '';
          else if (cell.type === 'b') text = raw === '1' ? 'TRUE' : raw === '' ? '' : 'FALSE';
          else if (cell.type === 'n' && raw !== '' && dateStyles[cell.style]) text = serialDate(raw) ?? raw;
          else text = raw;
          text = text.trim();
          if (text !== '') {
            budget.cell();
            budget.text(text.length);
            let row = cells.get(rowIndex);
            if (!row) cells.set(rowIndex, (row = new Map<number, string>()));
            row.set(cell.column, text);
          }
          cell = undefined;
        }
      },
      text(text) {
        if (!cell) return;
        if (inValue || (inInline && inText && phonetic === 0)) {
          budget.text(text.length);
          cell.parts.push(text);
        }
      },
    });
    const rows = layout(cells, merges, (r, c) => `${sheet.name}!${columnLetters(c)}${r + 1}`, budget);
    blocks.push({ kind: 'table', table: { name: sheet.name, rows } });
  }
  return blocks;
}
