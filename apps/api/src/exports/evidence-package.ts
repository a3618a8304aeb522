import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ZipFile } from 'yazl';
import { safePathSegment } from '@sg/evidence';
import type { CatalogueEntry } from '@sg/read-models';

/** One file of the package, where it goes and what it must hash to. */
export interface PackageFile {
  path: string;
  size: number;
  sha256: string;
}

export interface PackagePlan {
  /** Evidence files in catalogue order, each with its path in the package. */
  files: (PackageFile & { source: string; evidenceId: string })[];
  catalogue: Buffer;
  manifest: Buffer;
  checksums: Buffer;
}

export const CATALOGUE_PATH = '佐证材料目录.xlsx';
export const MANIFEST_PATH = 'manifest.json';
export const CHECKSUMS_PATH = 'SHA256SUMS.txt';

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Where each file goes: 项目 / 任务 / original name, every part cleaned for Windows and zip
 * paths. Names that collide in a folder (compared as Windows does, ignoring case) get " (2)",
 * " (3)" … before the extension, in catalogue order, so the same files always get the same paths.
 */
export function packagePaths(entries: CatalogueEntry[]): string[] {
  const taken = new Set<string>();
  return entries.map((entry) => {
    const folder = [
      safePathSegment(`${entry.projectCode} ${entry.projectName}`),
      safePathSegment(entry.taskTitle),
    ].join('/');
    const name = safePathSegment(entry.name, 120);
    const dot = name.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let path = `${folder}/${name}`;
    for (let n = 2; taken.has(path.toLowerCase()); n++) path = `${folder}/${stem} (${n})${extension}`;
    taken.add(path.toLowerCase());
    return path;
  });
}

/** What goes into the package, decided before a byte is sent (so a refusal sends nothing). */
export function planPackage(
  entries: CatalogueEntry[],
  sourceOf: (sha256: string) => string,
  catalogue: Buffer,
  header: { plan: string; school: string; cutoff?: string; knownAt?: string },
): PackagePlan {
  const paths = packagePaths(entries);
  const files = entries.map((entry, i) => ({
    path: paths[i],
    size: entry.size,
    sha256: entry.sha256,
    evidenceId: entry.evidenceId,
    source: sourceOf(entry.sha256),
  }));
  const listed: PackageFile[] = [
    { path: CATALOGUE_PATH, size: catalogue.length, sha256: sha256Of(catalogue) },
    ...files.map(({ path, size, sha256 }) => ({ path, size, sha256 })),
  ];
  const manifest = Buffer.from(
    JSON.stringify(
      {
        planId: header.plan,
        school: header.school,
        cutoff: header.cutoff ?? null,
        knownAt: header.knownAt ?? null,
        evidenceFiles: files.length,
        evidenceBytes: files.reduce((sum, f) => sum + f.size, 0),
        files: listed,
      },
      null,
      2,
    ) + '\n',
  );
  // `sha256sum -c SHA256SUMS.txt` checks an unpacked package.
  const checksums = Buffer.from(listed.map((f) => `${f.sha256}  ${f.path}\n`).join(''));
  return { files, catalogue, manifest, checksums };
}

/**
 * The package as a zip stream: entries stored (evidence is compressed already), in a fixed order
 * with a fixed date, so the same package is the same bytes every time; each file is opened only
 * when its turn comes, so memory stays flat however large the package. Calls `sized` with the
 * exact length before the first byte.
 */
export function zipPackage(plan: PackagePlan, date: Date, sized: (length: number) => void): Readable {
  const zip = new ZipFile();
  const options = { mtime: date, mode: 0o100644, compress: false, forceZip64Format: false };
  zip.addBuffer(plan.manifest, MANIFEST_PATH, options);
  zip.addBuffer(plan.checksums, CHECKSUMS_PATH, options);
  zip.addBuffer(plan.catalogue, CATALOGUE_PATH, options);
  for (const file of plan.files) {
    zip.addReadStreamLazy(file.path, { ...options, size: file.size }, (callback) =>
      callback(null, createReadStream(file.source)),
    );
  }
  // yazl's typings omit the length it passes (-1 when unknown: never here, all sizes are given).
  zip.end(undefined, ((length: number) => sized(length)) as unknown as () => void);
  return zip.outputStream as Readable;
}

/**
 * An Office file (a zip) with every part dated `date`: ExcelJS stamps its parts with the time of
 * writing, which would make the package differ from one second to the next.
 */
export async function withFixedDates(office: Buffer, date: Date): Promise<Buffer> {
  const parts = await new Promise<{ name: string; bytes: Buffer }[]>((resolve, reject) => {
    yauzl.fromBuffer(office, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const read: { name: string; bytes: Buffer }[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            read.push({ name: entry.fileName, bytes: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(read));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
  const zip = new ZipFile();
  for (const part of parts) {
    if (part.name.endsWith('/')) zip.addEmptyDirectory(part.name, { mtime: date });
    else zip.addBuffer(part.bytes, part.name, { mtime: date, mode: 0o100644 });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Passes through bytes [start, end] of a stream (inclusive), dropping the rest. */
export function byteRange(start: number, end: number): Transform {
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const from = Math.max(0, start - offset);
      const to = Math.min(chunk.length, end + 1 - offset);
      offset += chunk.length;
      done(null, from < to ? chunk.subarray(from, to) : undefined);
    },
  });
}
