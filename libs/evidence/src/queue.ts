import { EvidenceRefused } from './refusal';

export interface InspectionQueueLimits {
  /** Inspections running at once. */
  concurrent: number;
  /** Uploads admitted beyond those: reading their body or waiting for a slot. */
  queued: number;
  /** What a refused upload is told to wait, seconds. */
  retryAfterSeconds: number;
}

/**
 * Bounds what uploads can hold at once: at most `concurrent + queued` admitted (each holds at
 * most one body in memory), at most `concurrent` inspecting. Beyond that an upload is refused
 * at once with 503 and Retry-After, before its body is read.
 */
export class InspectionQueue {
  private admitted = 0;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: InspectionQueueLimits) {}

  /** Admits an upload or refuses it; the caller must call `release` once it is done. */
  admit(): { inspect<T>(work: () => Promise<T>): Promise<T>; release(): void } {
    if (this.admitted >= this.limits.concurrent + this.limits.queued) {
      throw new EvidenceRefused(
        'inspection-busy',
        `当前上传的文件较多，服务器正在逐个检查，请 ${this.limits.retryAfterSeconds} 秒后重试。`,
        503,
        this.limits.retryAfterSeconds,
      );
    }
    this.admitted += 1;
    let released = false;
    return {
      inspect: async <T>(work: () => Promise<T>): Promise<T> => {
        await this.slot();
        try {
          return await work();
        } finally {
          this.free();
        }
      },
      release: () => {
        if (released) return;
        released = true;
        this.admitted -= 1;
      },
    };
  }

  /** Uploads admitted and inspections running, for health and tests. */
  get load(): { admitted: number; running: number } {
    return { admitted: this.admitted, running: this.running };
  }

  private async slot(): Promise<void> {
    if (this.running < this.limits.concurrent) {
      this.running += 1;
      return;
    }
    // A finishing inspection hands its slot over: `running` stays as it is.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private free(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}
