import type { Budget } from './budget';
import type { SourceBlock, SourceCell } from './tables';
import { streamXml } from './xml';
import type { ZipPackage } from './zip';

interface RawCell {
  text: string;
  span: number;
  vMerge?: 'restart' | 'continue';
}

/**
 * Reads word/document.xml in order: top-level paragraphs, and tables with their grid spans and
 * vertical merges resolved. A table nested in a cell is read as that cell's text.
 */
export async function readDocx(zip: ZipPackage, budget: Budget): Promise<SourceBlock[]> {
  const blocks: SourceBlock[] = [];
  let tableDepth = 0;
  let tableCount = 0;
  let paragraphCount = 0;
  let rows: RawCell[][] = [];
  let row: RawCell[] | undefined;
  let rowSkip = 0;
  let cell: (RawCell & { paragraphs: string[] }) | undefined;
  let paragraph: string[] | undefined;
  let inText = false;

  const endTable = () => {
    tableCount += 1;
    const index = tableCount;
    blocks.push({ kind: 'table', table: { name: `表${index}`, rows: resolve(rows, index, budget) } });
    rows = [];
  };

  await streamXml(zip, 'word/document.xml', {
    open(name, a) {
      switch (name) {
        case 'tbl':
          tableDepth += 1;
          break;
        case 'tr':
          if (tableDepth === 1) {
            budget.tableRow();
            row = [];
            rowSkip = 0;
          }
          break;
        case 'gridBefore':
          if (tableDepth === 1 && row)
            rowSkip = Math.min(Number(a.val ?? 0) || 0, budget.limits.maxColumns + 1);
          break;
        case 'tc':
          if (tableDepth === 1 && row) {
            for (; rowSkip > 0; rowSkip--) row.push({ text: '', span: 1 });
            cell = { text: '', span: 1, paragraphs: [] };
          }
          break;
        case 'gridSpan':
          if (tableDepth === 1 && cell)
            cell.span = Math.max(1, Math.min(Number(a.val ?? 1) || 1, budget.limits.maxColumns + 1));
          break;
        case 'vMerge':
          if (tableDepth === 1 && cell) cell.vMerge = a.val === 'restart' ? 'restart' : 'continue';
          break;
        case 'p':
          if (tableDepth === 0 || (tableDepth >= 1 && cell)) paragraph ??= [];
          break;
        case 't':
          inText = true;
          break;
        case 'tab':
          paragraph?.push('\t');
          break;
        case 'br':
        case 'cr':
          paragraph?.push('\n');
          break;
      }
    },
    close(name) {
      switch (name) {
        case 't':
          inText = false;
          break;
        case 'p': {
          if (!paragraph) break;
          const text = paragraph.join('');
          if (tableDepth === 0) {
            paragraph = undefined;
            const trimmed = text.trim();
            if (trimmed === '') break;
            paragraphCount += 1;
            budget.cell();
            blocks.push({ kind: 'paragraph', text: trimmed, ref: `段落${paragraphCount}` });
          } else if (cell && tableDepth === 1) {
            paragraph = undefined;
            cell.paragraphs.push(text);
          } else if (cell) {
            // A nested table's paragraph: kept as a line of the outer cell.
            paragraph = undefined;
            cell.paragraphs.push(text);
          }
          break;
        }
        case 'tc':
          if (tableDepth === 1 && cell && row) {
            const text = cell.paragraphs.join('\n').trim();
            row.push({ text, span: cell.span, vMerge: cell.vMerge });
            cell = undefined;
          }
          break;
        case 'tr':
          if (tableDepth === 1 && row) {
            rows.push(row);
            row = undefined;
          }
          break;
        case 'tbl':
          tableDepth -= 1;
          if (tableDepth === 0) endTable();
          break;
      }
    },
    text(text) {
      if (!inText || !paragraph) return;
      budget.text(text.length);
      paragraph.push(text);
    },
  });
  return blocks;
}

/** Lays raw rows on the table grid: a span covers its columns, a vMerge continuation takes the cell above. */
function resolve(raw: RawCell[][], table: number, budget: Budget): SourceCell[][] {
  const out: SourceCell[][] = [];
  raw.forEach((cells, r) => {
    const row: SourceCell[] = [];
    for (const cell of cells) {
      const column = row.length;
      budget.column(column + cell.span - 1);
      budget.cell(cell.span);
      const ref = `表${table} 行${r + 1} 列${column + 1}`;
      let origin: SourceCell = { text: cell.text, ref };
      if (cell.vMerge === 'continue') {
        const above = out[r - 1]?.[column];
        if (above) origin = { text: above.text, ref: above.mergedFrom ?? above.ref };
        row.push({ text: origin.text, ref, mergedFrom: origin.ref });
      } else row.push(origin);
      for (let k = 1; k < cell.span; k++)
        row.push({
          text: origin.text,
          ref: `表${table} 行${r + 1} 列${column + 1 + k}`,
          mergedFrom: origin.ref,
        });
    }
    out.push(row);
  });
  return out;
}
