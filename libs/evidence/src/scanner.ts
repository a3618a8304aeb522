import type { Readable } from 'node:stream';

/**
 * One inspected item: the uploaded file, or a file expanded from inside it (a package part, a
 * nested package's part…). `content` streams its bytes; the scanner reads it to its end or
 * destroys it, and never needs the whole item in memory.
 */
export interface ScanItem {
  /** Where the item sits, e.g. `报告.docx` or `报告.docx/word/embeddings/x.xlsx/xl/media/a.png`. */
  path: string;
  content: Readable;
}

export type ScanVerdict = { clean: true } | { clean: false; threat: string };

/** A virus scanner hook: the default accepts; deployments plug in a real engine (e.g. ClamAV). */
export interface EvidenceScanner {
  scan(item: ScanItem): Promise<ScanVerdict>;
}

export const acceptAllScanner: EvidenceScanner = {
  scan: (item) => {
    item.content.resume();
    return Promise.resolve({ clean: true });
  },
};

/** The EICAR anti-virus test file's signature: what every scanner is expected to flag. */
const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*', 'latin1');

/** A scanner that knows one signature, EICAR's, in the file or any item expanded from it. */
export const eicarScanner: EvidenceScanner = {
  scan: async (item) => {
    // The tail of the previous chunk is kept so a signature split across chunks is still seen.
    let tail = Buffer.alloc(0);
    for await (const chunk of item.content as AsyncIterable<Buffer>) {
      const window = Buffer.concat([tail, chunk]);
      if (window.includes(EICAR)) {
        item.content.destroy();
        return { clean: false, threat: 'EICAR-Test-File' };
      }
      tail = window.subarray(Math.max(0, window.length - EICAR.length + 1));
    }
    return { clean: true };
  },
};
