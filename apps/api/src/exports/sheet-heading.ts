import type ExcelJS from 'exceljs';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** How an exported sheet's title and column headers look beyond bold text on the header fill. */
export interface HeadingStyle {
  titleAlignment?: Partial<ExcelJS.Alignment>;
  headerBorder?: Partial<ExcelJS.Borders>;
  headerAlignment?: Partial<ExcelJS.Alignment>;
}

/**
 * An exported sheet's first two rows: the title merged across every column, then the column
 * headers; both stay in view while scrolling. The columns take their widths.
 */
export function writeHeading(
  sheet: ExcelJS.Worksheet,
  title: string,
  columns: readonly { header: string; width: number }[],
  style: HeadingStyle = {},
): void {
  sheet.columns = columns.map((c) => ({ width: c.width }));
  sheet.mergeCells(1, 1, 1, columns.length);
  const titleCell = sheet.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 13 };
  if (style.titleAlignment) titleCell.alignment = style.titleAlignment;
  const header = sheet.getRow(2);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    if (style.headerBorder) cell.border = style.headerBorder;
    if (style.headerAlignment) cell.alignment = style.headerAlignment;
  });
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
}
