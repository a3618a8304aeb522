import { SaxesParser } from 'saxes';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { InspectionBudget } from './limits';
import { EvidenceRefused } from './refusal';
import { refuse } from './refusals';
import { ScanFeed } from './scan-feed';
import type { EvidenceScanner } from './scanner';
import { isContainer, sniff, SNIFF_BYTES, type Sniffed } from './sniff';

/** What a nested file turned out to be. */
export type NestedKind = 'docx' | 'xlsx' | 'pptx' | 'zip' | 'doc' | 'xls' | 'ppt' | 'pdf';

export interface InspectContext {
  budget: InspectionBudget;
  scanner: EvidenceScanner;
  /** Inspects (and scans the parts of) a file found inside another, one level deeper. */
  nested(bytes: Buffer, path: string, depth: number): Promise<NestedKind>;
}

const ALLOWED = '只接受 PDF、PNG、JPEG 图片和 Office 文档（DOCX、XLSX、PPTX、DOC、XLS、PPT）。';
// eslint-disable-next-line no-control-regex -- entry names with control characters are refused
const CONTROL = /[\u0000-\u001f]/;

const MAIN_PART: Record<'docx' | 'xlsx' | 'pptx', string> = {
  docx: 'word/document.xml',
  xlsx: 'xl/workbook.xml',
  pptx: 'ppt/presentation.xml',
};

/** Content types (lower case, by substring) of parts that run code or load outside content. */
const REFUSED_CONTENT_TYPES: [string, () => EvidenceRefused][] = [
  ['vbaproject', refuse.macros],
  ['vbadata', refuse.macros],
  ['macroenabled', refuse.macros],
  ['macrosheet', refuse.macros],
  ['activex', refuse.activeX],
  ['attachedtoolbars', refuse.activeX],
  ['keymapcustomizations', refuse.macros],
  ['externallink', refuse.external],
];

/** Relationship types (the last segment of the type URI, lower case) refused wherever they occur. */
const REFUSED_RELATIONSHIPS: Record<string, () => EvidenceRefused> = {
  vbaproject: refuse.macros,
  wordvbadata: refuse.macros,
  xlmacrosheet: refuse.macros,
  xlintlmacrosheet: refuse.macros,
  keymapcustomizations: refuse.macros,
  control: refuse.activeX,
  activexcontrolbinary: refuse.activeX,
  attachedtoolbars: refuse.activeX,
  externallink: refuse.external,
  externallinkpath: refuse.external,
};

interface Relationship {
  /** The part the relationship belongs to ('' for the package). */
  source: string;
  type: string;
  target: string;
  external: boolean;
}

/**
 * A ZIP package, read entry by entry as a stream: every inflated byte counts against the
 * upload's budget, XML structure parts are parsed as they stream, every entry goes to the
 * scanner, and files nested inside (ZIP, OLE, PDF) are held — bounded — and inspected in turn.
 * At depth 0 it must be an OOXML document; deeper, a plain ZIP is allowed (its entries are
 * inspected all the same).
 */
export async function inspectPackage(
  bytes: Buffer,
  path: string,
  depth: number,
  ctx: InspectContext,
): Promise<'docx' | 'xlsx' | 'pptx' | 'zip'> {
  const { limits } = ctx.budget;
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(
      bytes,
      { lazyEntries: true, strictFileNames: true, validateEntrySizes: true, decodeStrings: true },
      (error, file) => (error || !file ? reject(error ?? new Error('no zip')) : resolve(file)),
    ),
  ).catch(() => {
    throw refuse.damagedPackage();
  });
  const names = new Map<string, string>();
  const contentTypes = { defaults: new Map<string, string>(), overrides: new Map<string, string>() };
  const relationships: Relationship[] = [];
  const kinds = new Map<string, NestedKind>();
  try {
    ctx.budget.addEntries(zip.entryCount);
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const name = entry.fileName;
      if (
        name.startsWith('/') ||
        name.split('/').includes('..') ||
        name.includes('\\') ||
        CONTROL.test(name)
      ) {
        throw new EvidenceRefused(
          'zip-path-traversal',
          '文档内部含有指向文件夹之外的路径（如 ../），不予接收。',
        );
      }
      const key = name.toLowerCase();
      // Two entries one reader takes for the same part: which one is used depends on the reader.
      if (names.has(key)) throw refuse.damagedPackage('文档内部有重名的部件，文件可能被篡改，不予接收。');
      names.set(key, name);
      if (name.endsWith('/')) continue;
      if (entry.isEncrypted()) throw refuse.encrypted();
      if (
        entry.uncompressedSize > 0 &&
        (entry.compressedSize === 0 || entry.uncompressedSize / entry.compressedSize > limits.maxEntryRatio)
      ) {
        throw new EvidenceRefused('zip-bomb', '文档内部有压缩比异常的部件（疑似“压缩炸弹”），不予接收。');
      }
      const xml = key === '[content_types].xml' ? 'types' : key.endsWith('.rels') ? 'rels' : undefined;
      if (xml && entry.uncompressedSize > limits.maxXmlPartBytes) {
        throw new EvidenceRefused('zip-bomb', '文档的结构部件异常庞大（疑似“压缩炸弹”），不予接收。');
      }
      const nested = await readEntry(zip, entry, `${path}/${name}`, ctx, () =>
        xml ? new XmlPart(xml, name, contentTypes, relationships, limits.maxXmlPartBytes) : undefined,
      );
      if (nested) kinds.set(key, await ctx.nested(nested, `${path}/${name}`, depth + 1));
    }
  } catch (error) {
    if (error instanceof EvidenceRefused) throw error;
    throw refuse.damagedPackage('文档内部的部件解压失败，文件可能已损坏。');
  } finally {
    zip.close();
  }

  if (!names.has('[content_types].xml')) {
    if (depth > 0) return 'zip';
    throw new EvidenceRefused('not-office-document', `这是一个普通压缩包，不是 Office 文档。${ALLOWED}`, 415);
  }
  checkPackage(names, contentTypes, relationships, kinds);
  const type = (Object.keys(MAIN_PART) as ('docx' | 'xlsx' | 'pptx')[]).find((t) => names.has(MAIN_PART[t]));
  if (!type) {
    throw new EvidenceRefused(
      'not-office-document',
      `压缩包中找不到 Word、Excel 或 PowerPoint 的正文。${ALLOWED}`,
      415,
    );
  }
  return type;
}

/** Decides by declared content types and relationships, never by part names alone. */
function checkPackage(
  names: Map<string, string>,
  contentTypes: { defaults: Map<string, string>; overrides: Map<string, string> },
  relationships: Relationship[],
  kinds: Map<string, NestedKind>,
): void {
  const oleObjects = new Set<string>();
  for (const [key, name] of names) {
    if (name.endsWith('/') || key === '[content_types].xml') continue;
    if (/(^|\/)vbaproject\.bin$/.test(key)) throw refuse.macros();
    const extension = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : '';
    const type = contentTypes.overrides.get(key) ?? contentTypes.defaults.get(extension) ?? '';
    for (const [needle, refusal] of REFUSED_CONTENT_TYPES) if (type.includes(needle)) throw refusal();
    if (type.includes('oleobject')) oleObjects.add(key);
  }
  for (const relationship of relationships) {
    const kind = relationship.type.slice(relationship.type.lastIndexOf('/') + 1);
    const refusal = REFUSED_RELATIONSHIPS[kind];
    if (refusal) throw refusal();
    if (relationship.external) {
      // A hyperlink is followed only when the reader clicks it; anything else loads on opening.
      if (kind !== 'hyperlink') throw refuse.external();
      continue;
    }
    if (kind === 'oleobject') oleObjects.add(resolveTarget(relationship.source, relationship.target));
  }
  // An embedded OLE object is acceptable only as a whole legacy Office document (inspected in
  // turn); Packager, Equation Editor and other servers' objects are refused.
  for (const part of oleObjects) {
    const kind = kinds.get(part);
    if (kind !== 'doc' && kind !== 'xls' && kind !== 'ppt') throw refuse.embeddedObject();
  }
}

/** The part a relationship points at, as a lower-case package path without a leading slash. */
function resolveTarget(source: string, target: string): string {
  const base = target.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') base.pop();
    else base.push(segment);
  }
  let resolved = base.join('/');
  try {
    resolved = decodeURIComponent(resolved);
  } catch {
    // A target that is not valid percent-encoding is kept as written.
  }
  return resolved.toLowerCase();
}

/**
 * Streams one entry through the budget, the scanner and, for XML structure parts, the parser.
 * Returns its bytes only when it is itself a container to inspect (bounded by maxNestedBytes).
 */
async function readEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  path: string,
  ctx: InspectContext,
  xmlFor: () => XmlPart | undefined,
): Promise<Buffer | undefined> {
  const stream = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (error, s) =>
      error || !s ? reject(error ?? new Error('no stream')) : resolve(s),
    ),
  );
  const feed = new ScanFeed(ctx.scanner, path);
  const { limits } = ctx.budget;
  let head = Buffer.alloc(0);
  let kind: Sniffed | undefined;
  let xml: XmlPart | undefined;
  let held: Buffer[] | undefined;
  let heldBytes = 0;
  const decide = () => {
    kind = sniff(head);
    if (kind === 'executable') throw refuse.executable();
    if (isContainer(kind)) held = [head];
    else xml = xmlFor();
    xml?.write(head);
    heldBytes = head.length;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      ctx.budget.expand(chunk.length);
      await feed.write(chunk);
      if (kind === undefined) {
        head = Buffer.concat([head, chunk]);
        if (head.length >= SNIFF_BYTES) decide();
        continue;
      }
      if (held) {
        heldBytes += chunk.length;
        if (heldBytes > limits.maxNestedBytes) {
          throw new EvidenceRefused(
            'zip-bomb',
            `文档中嵌入的文件超过 ${Math.round(limits.maxNestedBytes / 1024 / 1024)} MB，无法检查，不予接收。`,
          );
        }
        held.push(chunk);
      }
      xml?.write(chunk);
    }
    if (kind === undefined) decide();
    xml?.close();
    await feed.end();
  } finally {
    feed.abort();
    stream.destroy();
  }
  return held ? Buffer.concat(held) : undefined;
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(undefined));
    const onError = (error: Error) => (cleanup(), reject(error));
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/** [Content_Types].xml or a .rels part, parsed as it streams; no DTD (no entities) allowed. */
class XmlPart {
  private readonly parser = new SaxesParser({ xmlns: false });
  private decoder: StringDecoder | undefined;
  private size = 0;

  constructor(
    kind: 'types' | 'rels',
    name: string,
    contentTypes: { defaults: Map<string, string>; overrides: Map<string, string> },
    relationships: Relationship[],
    private readonly maxBytes: number,
  ) {
    const source = name.replace(/(^|\/)_rels\/([^/]*)\.rels$/i, '$1$2');
    this.parser.on('doctype', () => {
      throw refuse.damagedPackage('文档的结构部件中含有 DTD 声明，不予接收。');
    });
    this.parser.on('opentag', (tag) => {
      const local = tag.name.slice(tag.name.indexOf(':') + 1);
      const attribute = (key: string) => String(tag.attributes[key] ?? '');
      if (kind === 'types' && local === 'Default') {
        contentTypes.defaults.set(
          attribute('Extension').toLowerCase(),
          attribute('ContentType').toLowerCase(),
        );
      } else if (kind === 'types' && local === 'Override') {
        contentTypes.overrides.set(
          attribute('PartName').replace(/^\//, '').toLowerCase(),
          attribute('ContentType').toLowerCase(),
        );
      } else if (kind === 'rels' && local === 'Relationship') {
        relationships.push({
          source,
          type: attribute('Type').toLowerCase(),
          target: attribute('Target'),
          external: attribute('TargetMode').toLowerCase() === 'external',
        });
      }
    });
  }

  write(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      throw new EvidenceRefused('zip-bomb', '文档的结构部件异常庞大（疑似“压缩炸弹”），不予接收。');
    }
    if (!this.decoder) {
      const utf16 = chunk[0] === 0xff && chunk[1] === 0xfe;
      this.decoder = new StringDecoder(utf16 ? 'utf16le' : 'utf8');
    }
    this.parse(() => this.parser.write(this.decoder!.write(chunk)));
  }

  close(): void {
    this.parse(() => {
      this.parser.write(this.decoder?.end() ?? '');
      this.parser.close();
    });
  }

  private parse(step: () => void): void {
    try {
      step();
    } catch (error) {
      if (error instanceof EvidenceRefused) throw error;
      throw refuse.damagedPackage('文档的结构部件（XML）格式错误，文件可能已损坏。');
    }
  }
}
