import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** Evidence is readable by the service's own user only (directories 0700, files 0600). */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * Evidence files, stored once per content under their SHA-256 (…/ab/cd/abcd…), outside any web
 * root. A write goes to a temporary name beside its target, is fsynced and renamed into place,
 * so a crash never leaves a half-written file under a real name.
 */
export class ContentStore {
  /** Same-content stores run one after another: a compensating removal must not race a reuse. */
  private readonly busy = new Map<string, Promise<unknown>>();

  constructor(private readonly root: string) {
    mkdirSync(root, { recursive: true, mode: DIR_MODE });
    chmodSync(root, DIR_MODE);
    this.removeLeftovers(root);
  }

  /**
   * Stores bytes for the duration of `use` (the command that records them): if `use` fails, a
   * file this call created is removed again, so a refused upload leaves no file behind. Content
   * that was already stored (referenced by earlier evidence) is never removed.
   */
  async storedWhile<T>(bytes: Buffer, use: (sha256: string) => Promise<T>): Promise<T> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const previous = this.busy.get(sha256) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        const { deduplicated } = this.put(bytes);
        try {
          return await use(sha256);
        } catch (error) {
          if (!deduplicated) rmSync(this.pathOf(sha256), { force: true });
          throw error;
        }
      });
    this.busy.set(sha256, run);
    try {
      return await run;
    } finally {
      if (this.busy.get(sha256) === run) this.busy.delete(sha256);
    }
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Stores bytes (if not already there) and returns their hash. */
  put(bytes: Buffer): { sha256: string; deduplicated: boolean } {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(sha256);
    if (existsSync(target) && statSync(target).size === bytes.length) return { sha256, deduplicated: true };
    mkdirSync(join(this.root, sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true, mode: DIR_MODE });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.part`;
    try {
      const fd = openSync(temporary, 'wx', FILE_MODE);
      try {
        writeSync(fd, bytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, target);
    } finally {
      rmSync(temporary, { force: true });
    }
    return { sha256, deduplicated: false };
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  /** Every stored file and temporary file, for checks and tests. */
  listAll(): string[] {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else out.push(path);
      }
    };
    walk(this.root);
    return out;
  }

  /** Temporary files of writes interrupted by a crash; modes of files stored by older versions. */
  private removeLeftovers(dir: string): void {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        chmodSync(path, DIR_MODE);
        this.removeLeftovers(path);
      } else if (entry.name.endsWith('.part')) rmSync(path, { force: true });
      else chmodSync(path, FILE_MODE);
    }
  }
}
