import { PassThrough } from 'node:stream';
import { EvidenceRefused } from './refusal';
import type { EvidenceScanner, ScanVerdict } from './scanner';

const infected = (threat: string) =>
  new EvidenceRefused('infected-file', `文件未通过病毒检查（${threat}），不予接收。`);

/**
 * Streams one item to the scanner while the inspector reads it, with back-pressure: the
 * inspector waits while the scanner is behind, so nothing piles up in memory.
 */
export class ScanFeed {
  private readonly stream = new PassThrough({ highWaterMark: 64 * 1024 });
  private readonly verdict: Promise<ScanVerdict>;
  private settled: ScanVerdict | undefined;
  private failed: unknown;

  constructor(scanner: EvidenceScanner, path: string) {
    this.stream.on('error', () => undefined);
    this.verdict = scanner.scan({ path, content: this.stream }).then(
      (verdict) => (this.settled = verdict),
      (error: unknown) => {
        this.failed = error ?? new Error('scanner failed');
        throw error;
      },
    );
    this.verdict.catch(() => undefined);
  }

  async write(chunk: Buffer): Promise<void> {
    this.check();
    if (this.settled || this.stream.destroyed) return;
    if (!this.stream.write(chunk)) {
      let done = () => undefined as void;
      await Promise.race([
        new Promise<void>((resolve) => {
          done = () => {
            this.stream.off('drain', done);
            this.stream.off('close', done);
            resolve();
          };
          this.stream.on('drain', done);
          this.stream.on('close', done);
        }),
        this.verdict.catch(() => undefined),
      ]);
      done();
    }
    this.check();
  }

  /** Ends the item and waits for the scanner's verdict: refuses if it found something. */
  async end(): Promise<void> {
    if (!this.stream.destroyed && !this.stream.writableEnded) this.stream.end();
    await this.verdict.catch(() => undefined);
    this.check();
  }

  abort(): void {
    this.stream.destroy();
  }

  private check(): void {
    if (this.failed instanceof EvidenceRefused) throw this.failed;
    if (this.failed !== undefined) {
      throw new EvidenceRefused('scanner-unavailable', '病毒检查服务暂时不可用，请稍后重试。', 503, 30);
    }
    if (this.settled && !this.settled.clean) {
      this.stream.destroy();
      throw infected(this.settled.threat);
    }
  }
}

/** Scans bytes already in memory, in slices (no copy). */
export async function scanBytes(scanner: EvidenceScanner, path: string, bytes: Buffer): Promise<void> {
  const feed = new ScanFeed(scanner, path);
  try {
    for (let at = 0; at < bytes.length; at += 64 * 1024) await feed.write(bytes.subarray(at, at + 64 * 1024));
    await feed.end();
  } finally {
    feed.abort();
  }
}
