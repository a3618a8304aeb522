import { limitRefusal, type ImportLimits } from './limits';

/** Running counts against the limits of one extraction; throws the refusal the moment one is passed. */
export class Budget {
  private expanded = 0;
  private cells = 0;
  private chars = 0;
  private rows = 0;

  constructor(readonly limits: ImportLimits) {}

  expand(bytes: number): void {
    this.expanded += bytes;
    if (this.expanded > this.limits.maxExpandedBytes)
      throw limitRefusal('import-expands-too-much', this.limits);
  }

  /** A sheet row number (1-based) or one more document table row. */
  row(number: number): void {
    if (number > this.limits.maxRows) throw limitRefusal('import-too-many-rows', this.limits);
  }

  tableRow(): void {
    this.rows += 1;
    this.row(this.rows);
  }

  /** A 0-based column index. */
  column(index: number): void {
    if (index + 1 > this.limits.maxColumns) throw limitRefusal('import-too-many-columns', this.limits);
  }

  cell(count = 1): void {
    this.cells += count;
    if (this.cells > this.limits.maxCells) throw limitRefusal('import-too-many-cells', this.limits);
  }

  text(length: number): void {
    this.chars += length;
    if (this.chars > this.limits.maxTextChars) throw limitRefusal('import-too-much-text', this.limits);
  }
}
