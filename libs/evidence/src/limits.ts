import { EvidenceRefused } from './refusal';

/**
 * What one upload may cost to inspect. Measured documents and the reasoning behind each number
 * are in docs/adr/0012-upload-inspection.md.
 */
export interface InspectionLimits {
  /** Bytes all packages and compressed PDF streams of one upload may expand to, nested ones included. */
  maxExpandedBytes: number;
  /** Entries in all packages of one upload, nested ones included. */
  maxEntries: number;
  /** Largest declared expanded / compressed ratio of one package entry. */
  maxEntryRatio: number;
  /** Largest XML part that is parsed ([Content_Types].xml, *.rels). */
  maxXmlPartBytes: number;
  /** Largest nested file (a package or OLE file inside a package) or decoded PDF object stream held in memory. */
  maxNestedBytes: number;
  /** How deep files may nest: the upload is depth 0, a file inside it depth 1. */
  maxDepth: number;
  /** PDF tokens read, as a multiple of the file's (and its decoded object streams') size. */
  maxPdfWorkFactor: number;
}

export const DEFAULT_INSPECTION_LIMITS: InspectionLimits = {
  maxExpandedBytes: 128 * 1024 * 1024,
  maxEntries: 2_000,
  maxEntryRatio: 100,
  maxXmlPartBytes: 1024 * 1024,
  maxNestedBytes: 32 * 1024 * 1024,
  maxDepth: 3,
  maxPdfWorkFactor: 4,
};

const MB = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The running cost of one upload's inspection, shared by every nested file it contains. */
export class InspectionBudget {
  private expanded = 0;
  private entries = 0;

  constructor(readonly limits: InspectionLimits) {}

  /** Counts bytes actually produced by inflating; refuses as soon as the total passes the limit. */
  expand(bytes: number): void {
    this.expanded += bytes;
    if (this.expanded > this.limits.maxExpandedBytes) {
      throw new EvidenceRefused(
        'zip-bomb',
        `文件解压后超过 ${MB(this.limits.maxExpandedBytes)}（疑似“压缩炸弹”），不予接收。`,
      );
    }
  }

  get remainingExpansion(): number {
    return Math.max(0, this.limits.maxExpandedBytes - this.expanded);
  }

  addEntries(count: number): void {
    this.entries += count;
    if (this.entries > this.limits.maxEntries) {
      throw new EvidenceRefused(
        'zip-bomb',
        `文档内部的部件超过 ${this.limits.maxEntries} 个（疑似“压缩炸弹”），不予接收。`,
      );
    }
  }
}
