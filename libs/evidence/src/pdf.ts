import type { InspectionBudget } from './limits';
import { decodeStage, undecodable, type DecodeParms } from './pdf-filters';
import { isPdfDelimiter, isPdfWhitespace, PdfLexer, type PdfToken } from './pdf-lexer';
import { EvidenceRefused } from './refusal';
import { refuse } from './refusals';

/** Names that run code, start programs, carry files or act on their own, wherever they appear. */
export const ACTIVE_PDF_NAMES = new Set([
  'JavaScript',
  'JS',
  'Launch',
  'EmbeddedFile',
  'EmbeddedFiles',
  'RichMedia',
  'XFA',
  'AA',
  'GoToR',
  'GoToE',
  'ImportData',
  'SubmitForm',
  'Rendition',
]);

const activeContent = (what: string) =>
  new EvidenceRefused(
    'active-content',
    `PDF 中含有脚本、启动外部程序、嵌入文件或打开时自动执行的动作等内容（${what}），不予接收。请用“打印为 PDF”另存为普通 PDF 后上传。`,
  );
const tooComplex = () =>
  new EvidenceRefused('damaged-file', 'PDF 的结构异常复杂或嵌套过深，无法检查，不予接收。请重新导出后上传。');

export type PdfValue =
  | { t: 'dict'; entries: Map<string, PdfValue> }
  | { t: 'array'; items: PdfValue[] }
  | { t: 'name'; v: string }
  | { t: 'number'; v: number }
  | { t: 'ref'; num: number }
  | { t: 'keyword'; v: string }
  | { t: 'other' };

// Bounds on what is kept of one value; names beyond them are still checked as they are read.
const KEPT_ENTRIES = 512;
const KEPT_ITEMS = 64;
const MAX_NESTING = 100;
const ENDS_OBJECT = new Set(['endobj', 'obj', 'stream', 'endstream', 'trailer', 'xref']);

/** Reads PDF values from a lexer, checking every name it meets. */
export class PdfParser {
  private readonly lookahead: PdfToken[] = [];

  constructor(
    readonly lexer: PdfLexer,
    private readonly onName: (name: string) => void,
    private readonly onDict: (dict: Map<string, PdfValue>) => void,
  ) {}

  peek(k = 0): PdfToken | undefined {
    while (this.lookahead.length <= k) {
      const token = this.lexer.next();
      if (!token) return undefined;
      if (token.type === 'name') this.onName(token.value);
      this.lookahead.push(token);
    }
    return this.lookahead[k];
  }

  take(): PdfToken | undefined {
    const token = this.peek();
    this.lookahead.shift();
    return token;
  }

  /** Position right after the last token taken. */
  get position(): number {
    // Tokens peeked but not taken were read past; the lexer is rewound only for stream data.
    return this.lexer.pos;
  }

  get pending(): number {
    return this.lookahead.length;
  }

  value(depth = 0): PdfValue | undefined {
    if (depth > MAX_NESTING) throw tooComplex();
    const token = this.peek();
    if (!token) return undefined;
    if (token.type === 'keyword' && ENDS_OBJECT.has(token.value)) return undefined;
    this.take();
    switch (token.type) {
      case 'number': {
        const gen = this.peek();
        const r = this.peek(1);
        if (
          token.integer &&
          gen?.type === 'number' &&
          gen.integer &&
          r?.type === 'keyword' &&
          r.value === 'R'
        ) {
          this.take();
          this.take();
          return { t: 'ref', num: token.value };
        }
        return { t: 'number', v: token.value };
      }
      case 'name':
        return { t: 'name', v: token.value };
      case 'string':
        return { t: 'other' };
      case 'keyword':
        return { t: 'keyword', v: token.value };
      case 'array-open': {
        const items: PdfValue[] = [];
        for (;;) {
          const next = this.peek();
          if (!next) break;
          if (next.type === 'array-close') {
            this.take();
            break;
          }
          if (next.type === 'dict-close') {
            this.take();
            continue;
          }
          const item = this.value(depth + 1);
          if (!item) break;
          if (items.length < KEPT_ITEMS) items.push(item);
        }
        return { t: 'array', items };
      }
      case 'dict-open': {
        const entries = new Map<string, PdfValue>();
        for (;;) {
          const key = this.peek();
          if (!key) break;
          if (key.type === 'dict-close') {
            this.take();
            break;
          }
          if (key.type !== 'name') {
            // Not a key: skipped like a lenient reader would, unless it ends the object.
            if (!this.value(depth + 1)) break;
            continue;
          }
          this.take();
          const item = this.value(depth + 1);
          if (!item) break;
          if (entries.size < KEPT_ENTRIES) entries.set(key.value, item);
        }
        this.onDict(entries);
        return { t: 'dict', entries };
      }
      case 'dict-close':
      case 'array-close':
        return { t: 'other' };
      default: {
        const never: never = token;
        return never;
      }
    }
  }
}

interface ObjectStream {
  dict: Map<string, PdfValue>;
  start: number;
  end: number;
}

const num = (value: PdfValue | undefined) => (value?.t === 'number' ? value.v : undefined);
const name = (value: PdfValue | undefined) => (value?.t === 'name' ? value.v : undefined);
/** An action other than a plain GoTo (a GoTo with a /Next chain is an action too). */
const isAction = (dict: Map<string, PdfValue>) =>
  (dict.has('S') && name(dict.get('S')) !== 'GoTo') || dict.has('Next');

/**
 * A PDF's objects, parsed: every place a reader may take an object from — each `N G obj`
 * anywhere in the file (also inside another object's stream data, which recovering readers
 * scan), every trailer, every object inside an object stream (inflated under the upload's
 * budget) — has its names decoded and checked. `/OpenAction` may only be a destination or a
 * GoTo action.
 */
export async function inspectPdf(bytes: Buffer, budget: InspectionBudget): Promise<void> {
  let work = 0;
  let workLimit = budget.limits.maxPdfWorkFactor * bytes.length + 1024 * 1024;
  let sinceYield = 0;
  let encrypted = false;
  const objectStreams: ObjectStream[] = [];
  /** Object numbers that are action dictionaries other than GoTo. */
  const actions = new Set<number>();
  const openActionRefs: number[] = [];

  const onName = (value: string) => {
    if (ACTIVE_PDF_NAMES.has(value)) throw activeContent(`/${value}`);
  };
  const onDict = (dict: Map<string, PdfValue>) => {
    if (dict.has('Encrypt')) encrypted = true;
    const open = dict.get('OpenAction');
    if (open?.t === 'dict' && isAction(open.entries)) throw activeContent('/OpenAction');
    if (open?.t === 'ref') openActionRefs.push(open.num);
  };
  const account = async (consumed: number) => {
    work += consumed;
    sinceYield += consumed;
    if (work > workLimit) throw tooComplex();
    if (sinceYield > 2 * 1024 * 1024) {
      sinceYield = 0;
      // Long files are read in slices so other requests are served meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  for (let at = bytes.indexOf('obj'); at >= 0; at = bytes.indexOf('obj', at + 3)) {
    const objectNumber = objectHeaderBefore(bytes, at);
    if (objectNumber === undefined || !endsToken(bytes, at + 3)) continue;
    const start = at + 3;
    const parser = new PdfParser(new PdfLexer(bytes, start), onName, onDict);
    const value = parser.value();
    if (value?.t === 'dict' && isAction(value.entries)) actions.add(objectNumber);
    const next = parser.peek();
    let end = parser.position;
    if (value?.t === 'dict' && next?.type === 'keyword' && next.value === 'stream') {
      const data = streamData(bytes, parser.position, num(value.entries.get('Length')));
      end = data.end;
      const type = name(value.entries.get('Type'));
      if (
        type === 'ObjStm' ||
        (num(value.entries.get('N')) !== undefined && num(value.entries.get('First')) !== undefined)
      ) {
        objectStreams.push({ dict: value.entries, ...data });
      }
    }
    await account(Math.max(0, end - start));
  }
  for (let at = bytes.indexOf('trailer'); at >= 0; at = bytes.indexOf('trailer', at + 7)) {
    const parser = new PdfParser(new PdfLexer(bytes, at + 7), onName, onDict);
    parser.value();
    await account(parser.position - at);
  }

  if (objectStreams.length > 0 && encrypted) throw refuse.encrypted();
  for (const stream of objectStreams) {
    const decoded = await decodeStream(bytes.subarray(stream.start, stream.end), stream.dict, budget);
    workLimit += budget.limits.maxPdfWorkFactor * decoded.length;
    const first = num(stream.dict.get('First')) ?? 0;
    const count = num(stream.dict.get('N')) ?? 0;
    // The header: pairs of object number and offset (from /First) of each object inside.
    const header = new PdfLexer(decoded, 0, Math.min(first, decoded.length));
    for (let i = 0; i < count; i++) {
      const n = header.next();
      const offset = header.next();
      if (n?.type !== 'number' || offset?.type !== 'number') break;
      const parser = new PdfParser(new PdfLexer(decoded, first + offset.value), onName, onDict);
      const value = parser.value();
      if (value?.t === 'dict' && isAction(value.entries)) actions.add(n.value);
      await account(parser.position - first - offset.value);
    }
    // And every token of the stream, whatever the header claims.
    const lexer = new PdfLexer(decoded);
    for (let token = lexer.next(); token; token = lexer.next())
      if (token.type === 'name') onName(token.value);
    await account(decoded.length);
  }
  if (openActionRefs.some((ref) => actions.has(ref))) throw activeContent('/OpenAction');
}

/** The object number when `at` (the `obj` keyword) is preceded by `N G `; otherwise undefined. */
function objectHeaderBefore(bytes: Buffer, at: number): number | undefined {
  let i = at - 1;
  const skipWhitespace = () => {
    const from = i;
    while (i >= 0 && isPdfWhitespace(bytes[i])) i--;
    return i < from;
  };
  const skipDigits = () => {
    const to = i;
    while (i >= 0 && bytes[i] >= 0x30 && bytes[i] <= 0x39 && to - i < 10) i--;
    return i < to ? bytes.toString('latin1', i + 1, to + 1) : undefined;
  };
  if (!skipWhitespace() || skipDigits() === undefined || !skipWhitespace()) return undefined;
  const objectNumber = skipDigits();
  if (objectNumber === undefined) return undefined;
  if (i >= 0 && !isPdfWhitespace(bytes[i]) && !isPdfDelimiter(bytes[i])) return undefined;
  return Number(objectNumber);
}

const endsToken = (bytes: Buffer, at: number) =>
  at >= bytes.length || isPdfWhitespace(bytes[at]) || isPdfDelimiter(bytes[at]);

/** A stream's data: after `stream` and its end of line, `/Length` bytes if `endstream` follows, else up to `endstream`. */
function streamData(
  bytes: Buffer,
  afterKeyword: number,
  length: number | undefined,
): { start: number; end: number } {
  let start = afterKeyword;
  if (bytes[start] === 0x0d && bytes[start + 1] === 0x0a) start += 2;
  else if (bytes[start] === 0x0a || bytes[start] === 0x0d) start += 1;
  if (length !== undefined && length >= 0 && start + length <= bytes.length) {
    const after = bytes.indexOf('endstream', start + length);
    if (after >= 0 && after - (start + length) <= 4) return { start, end: start + length };
  }
  const end = bytes.indexOf('endstream', start);
  return { start, end: end < 0 ? bytes.length : end };
}

async function decodeStream(
  data: Buffer,
  dict: Map<string, PdfValue>,
  budget: InspectionBudget,
): Promise<Buffer> {
  const filterValue = dict.get('Filter');
  const filters =
    filterValue?.t === 'name'
      ? [filterValue.v]
      : filterValue?.t === 'array'
        ? filterValue.items.map((i) => name(i))
        : [];
  const parmsValue = dict.get('DecodeParms') ?? dict.get('DP');
  let out = data;
  for (let i = 0; i < filters.length; i++) {
    const filter = filters[i];
    if (!filter) throw undecodable();
    const parms = parmsValue?.t === 'array' ? parmsValue.items[i] : parmsValue;
    const entries = parms?.t === 'dict' ? parms.entries : new Map<string, PdfValue>();
    const decodeParms: DecodeParms = {
      predictor: num(entries.get('Predictor')) ?? 1,
      columns: num(entries.get('Columns')) ?? 1,
      colors: num(entries.get('Colors')) ?? 1,
      bitsPerComponent: num(entries.get('BitsPerComponent')) ?? 8,
      earlyChange: num(entries.get('EarlyChange')) ?? 1,
    };
    // One decoded stream is held whole: bounded like a nested file, and by what is left of the budget.
    const max = Math.min(budget.remainingExpansion, budget.limits.maxNestedBytes);
    out = await decodeStage(filter, out, decodeParms, max);
    budget.expand(out.length);
  }
  return out;
}
