import { createHash, randomBytes } from 'node:crypto';
import {
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

/**
 * Evidence files, stored once per content under their SHA-256 (…/ab/cd/abcd…), outside any web
 * root. A write goes to a temporary name beside its target, is fsynced and renamed into place,
 * so a crash never leaves a half-written file under a real name.
 */
export class ContentStore {
  constructor(private readonly root: string) {
    mkdirSync(root, { recursive: true });
    this.removeLeftovers(root);
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
    mkdirSync(join(this.root, sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.part`;
    try {
      const fd = openSync(temporary, 'wx', 0o640);
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

  /** Temporary files of writes interrupted by a crash. */
  private removeLeftovers(dir: string): void {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) this.removeLeftovers(path);
      else if (entry.name.endsWith('.part')) rmSync(path, { force: true });
    }
  }
}
