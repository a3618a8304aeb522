import CFB from 'cfb';
import { promisify } from 'node:util';
import { inflate } from 'node:zlib';
import type { InspectContext } from './package';
import { EvidenceRefused } from './refusal';
import { refuse } from './refusals';
import { isContainer, sniff, SNIFF_BYTES } from './sniff';

const inflateAsync = promisify(inflate);

const ALLOWED = '只接受 PDF、PNG、JPEG 图片和 Office 文档（DOCX、XLSX、PPTX、DOC、XLS、PPT）。';

/** Storage and stream names that hold a VBA project: Word's Macros, Excel's _VBA_PROJECT_CUR, vbaProject.bin's VBA. */
const VBA_NAMES = new Set(['vba', 'macros', '_vba_project_cur', '_vba_project']);
/** Streams of an embedded object whose server runs content: Packager, Equation Editor, ActiveX. */
const ACTIVE_OBJECT_STREAMS = ['\u0001Ole10Native', 'Equation Native', '\u0003OCXNAME'];
const DOCUMENT_STREAMS: [string, 'doc' | 'xls' | 'ppt'][] = [
  ['WordDocument', 'doc'],
  ['Workbook', 'xls'],
  ['Book', 'xls'],
  ['PowerPoint Document', 'ppt'],
];

interface Storage {
  streams: Map<string, Buffer>;
}

/**
 * A legacy Office file (OLE compound file), read with `cfb`: what it is comes from its root
 * streams; VBA storages, Excel 4.0 macro sheets, PowerPoint's VBA record, embedded objects that
 * are not themselves Office documents, linked objects and encryption are refused wherever they
 * sit. Streams that are files of their own (a package in an embedded object…) are inspected in turn.
 */
export async function inspectOle(
  bytes: Buffer,
  path: string,
  depth: number,
  ctx: InspectContext,
): Promise<'doc' | 'xls' | 'ppt'> {
  let container: CFB.CFB$Container;
  try {
    container = CFB.read(bytes, { type: 'buffer' });
  } catch {
    throw new EvidenceRefused('damaged-file', 'OLE 复合文件（DOC、XLS、PPT）结构损坏，无法打开。');
  }
  const storages = new Map<string, Storage>();
  const storageOf = (key: string) => {
    let storage = storages.get(key);
    if (!storage) storages.set(key, (storage = { streams: new Map() }));
    return storage;
  };
  storageOf('');
  container.FullPaths.forEach((fullPath, index) => {
    const entry = container.FileIndex[index];
    // The first segment is the root entry's own name.
    const segments = fullPath.split('/').filter(Boolean).slice(1);
    if (segments.some((segment) => VBA_NAMES.has(segment.toLowerCase()))) throw refuse.macros();
    if (entry.type === 2 && segments.length > 0) {
      const content = entry.content ?? [];
      storageOf(segments.slice(0, -1).join('/')).streams.set(
        segments[segments.length - 1],
        Buffer.isBuffer(content) ? content : Buffer.from(content as ArrayLike<number>),
      );
    } else if (entry.type === 1 && segments.length > 0) {
      storageOf(segments.join('/'));
    }
  });
  const root = storages.get('')!;
  if (root.streams.has('EncryptedPackage') || root.streams.has('EncryptionInfo')) throw refuse.encrypted();
  const type = DOCUMENT_STREAMS.find(([stream]) => root.streams.has(stream))?.[1];
  if (!type) {
    if (depth > 0) throw refuse.embeddedObject();
    throw new EvidenceRefused(
      'unsupported-type',
      `这是一个 OLE 复合文件，但不是 Word、Excel 或 PowerPoint 文档。${ALLOWED}`,
      415,
    );
  }

  for (const [key, storage] of storages) {
    if (ACTIVE_OBJECT_STREAMS.some((name) => storage.streams.has(name))) throw refuse.embeddedObject();
    const ole = storage.streams.get('\u0001Ole');
    // OLEStream flags, bit 0: a linked object, whose content comes from a moniker (a file or URL).
    if (ole && ole.length >= 8 && (ole.readUInt32LE(4) & 1) === 1) throw refuse.external();
    let document = key === '' || DOCUMENT_STREAMS.some(([stream]) => storage.streams.has(stream));
    for (const [name, content] of storage.streams) {
      if (!isContainer(sniff(content.subarray(0, SNIFF_BYTES)))) continue;
      const kind = await ctx.nested(content, `${path}/${key ? `${key}/` : ''}${name}`, depth + 1);
      if (name === 'Package' && (kind === 'docx' || kind === 'xlsx' || kind === 'pptx')) document = true;
    }
    const embedded = storage.streams.has('\u0001Ole') || storage.streams.has('\u0001CompObj');
    if (embedded && !document) throw refuse.embeddedObject();
  }

  if (type === 'xls') checkWorkbook(root.streams.get('Workbook') ?? root.streams.get('Book')!);
  if (type === 'ppt') await checkPresentation(root.streams.get('PowerPoint Document')!, path, depth, ctx);
  return type;
}

/** BIFF records of the workbook globals: encryption, and sheets that are macro sheets or VBA modules. */
function checkWorkbook(stream: Buffer): void {
  for (let at = 0; at + 4 <= stream.length;) {
    const type = stream.readUInt16LE(at);
    const size = stream.readUInt16LE(at + 2);
    const data = stream.subarray(at + 4, at + 4 + size);
    if (type === 0x002f) throw refuse.encrypted();
    // BoundSheet8: dt 1 is an Excel 4.0 macro sheet, 6 a VBA module sheet.
    if (type === 0x0085 && data.length >= 6 && (data[5] === 1 || data[5] === 6)) throw refuse.macros();
    if (type === 0x000a) return;
    at += 4 + size;
  }
}

/** PowerPoint records: the VBA project (VbaInfoContainer) and embedded OLE storages. */
async function checkPresentation(stream: Buffer, path: string, depth: number, ctx: InspectContext) {
  const walk = async (start: number, end: number, level: number): Promise<void> => {
    for (let at = start; at + 8 <= end;) {
      const versionAndInstance = stream.readUInt16LE(at);
      const type = stream.readUInt16LE(at + 2);
      const size = stream.readUInt32LE(at + 4);
      const bodyEnd = Math.min(end, at + 8 + size);
      if (type === 0x03ff) throw refuse.macros();
      if (type === 0x1011) {
        // ExOleObjStg: an embedded object's storage, zlib-compressed when the instance is 1.
        const body = stream.subarray(at + 8, bodyEnd);
        let object = body;
        if (versionAndInstance >> 4 === 1 && body.length >= 4) {
          try {
            object = await inflateAsync(body.subarray(4), {
              maxOutputLength: Math.max(
                1,
                Math.min(ctx.budget.remainingExpansion, ctx.budget.limits.maxNestedBytes),
              ),
            });
          } catch {
            throw new EvidenceRefused('zip-bomb', '演示文稿中嵌入的对象过大或已损坏，无法检查，不予接收。');
          }
          ctx.budget.expand(object.length);
        }
        if (sniff(object.subarray(0, SNIFF_BYTES)) !== 'ole') throw refuse.embeddedObject();
        await ctx.nested(object, `${path}/PowerPoint Document/ExOleObjStg@${at}`, depth + 1);
      } else if ((versionAndInstance & 0x0f) === 0x0f && level < 16) {
        await walk(at + 8, bodyEnd, level + 1);
      }
      at = at + 8 + size;
    }
  };
  await walk(0, stream.length, 0);
}
