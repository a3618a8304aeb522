import { StringDecoder } from 'node:string_decoder';
import yauzl from 'yauzl';
import type { Budget } from './budget';
import { limitRefusal, ImportRefused } from './limits';

export const UNREADABLE = '文件无法读取：不是有效的 Word（DOCX）或 Excel（XLSX、XLS）文件，或文件已损坏。';

/**
 * An Office package opened for streaming: the central directory is listed (bounded), entries are
 * inflated one at a time on demand, every inflated byte counted against the budget.
 */
export class ZipPackage {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    private readonly budget: Budget,
  ) {}

  static async open(bytes: Buffer, budget: Budget): Promise<ZipPackage> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.fromBufferPromise(bytes, {
        lazyEntries: true,
        validateEntrySizes: true,
        strictFileNames: false,
        decodeStrings: true,
      });
    } catch {
      throw new ImportRefused('import-unreadable', UNREADABLE);
    }
    if (zip.entryCount > budget.limits.maxEntries) {
      zip.close();
      throw limitRefusal('import-too-many-entries', budget.limits);
    }
    const entries = new Map<string, yauzl.Entry>();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName.replace(/^\/+/, ''), entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', () => reject(new ImportRefused('import-unreadable', UNREADABLE)));
      zip.readEntry();
    });
    return new ZipPackage(zip, entries, budget);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Streams one entry's text (UTF-8) to `write`, chunk by chunk; never holds the whole entry. */
  async stream(name: string, write: (text: string) => void): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) throw new ImportRefused('import-unreadable', UNREADABLE);
    // The declared size is checked first; the running count below holds even when it lies.
    this.budget.expand(0);
    if (entry.uncompressedSize > this.budget.limits.maxExpandedBytes)
      throw limitRefusal('import-expands-too-much', this.budget.limits);
    const stream = await this.zip.openReadStreamPromise(entry).catch(() => {
      throw new ImportRefused('import-unreadable', UNREADABLE);
    });
    const decoder = new StringDecoder('utf8');
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        stream.destroy();
        reject(error instanceof ImportRefused ? error : new ImportRefused('import-unreadable', UNREADABLE));
      };
      stream.on('data', (chunk: Buffer) => {
        if (failed) return;
        try {
          this.budget.expand(chunk.length);
          write(decoder.write(chunk));
        } catch (error) {
          fail(error);
        }
      });
      stream.on('error', fail);
      stream.on('end', () => {
        if (failed) return;
        try {
          write(decoder.end());
          resolve();
        } catch (error) {
          fail(error);
        }
      });
    });
  }

  close(): void {
    this.zip.close();
  }
}
