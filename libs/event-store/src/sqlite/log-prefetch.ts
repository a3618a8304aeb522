import { Worker } from 'node:worker_threads';
import type { RecordedEvent } from '../port';

/**
 * One event as a JSON object, built by SQLite: `data` and `metadata` are stored JSON texts and go
 * in verbatim, so a page is parsed once, by one `JSON.parse`, into the same objects `toRecorded`
 * makes (same keys, same order). `chain` is not read.
 */
const EVENT_JSON = `'{"id":' || json_quote(id) || ',"stream":' || json_quote(stream)
  || ',"revision":' || revision || ',"position":' || position || ',"type":' || json_quote(type)
  || ',"data":' || data || ',"metadata":' || metadata || '}'`;

/**
 * The worker: its own read-only connection, pages of the log after a position as one JSON array
 * text each, always `depth` pages ahead of what the main thread has taken. Source text, not a
 * file, so it runs the same from `dist/` and under ts-jest.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const page = db.prepare(workerData.sql).raw(true);
let after = workerData.after;
let done = false;
function send() {
  if (done) return;
  try {
    const rows = page.all(after, workerData.pageSize);
    const texts = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) texts[i] = rows[i][1];
    const last = rows.length > 0 ? rows[rows.length - 1][0] : after;
    parentPort.postMessage({ after, last, count: rows.length, json: '[' + texts.join(',') + ']' });
    after = last;
    // A short page is the head: the main thread reads on by itself from there.
    if (rows.length < workerData.pageSize) done = true;
  } catch (error) {
    done = true;
    parentPort.postMessage({ after, error: String((error && error.message) || error) });
  }
}
parentPort.on('message', (message) => {
  if (message === 'next') send();
  else if (message === 'close') { done = true; db.close(); parentPort.close(); }
});
for (let i = 0; i < workerData.depth; i++) send();
`;

interface Page {
  after: number;
  last?: number;
  count?: number;
  json?: string;
  error?: string;
}

/**
 * Reads the log ahead in a worker thread while the main thread applies what it already has:
 * SQLite's reading and the building of each page's text happen on the other core; the main
 * thread pays one `JSON.parse` per page. Used by a subscription that starts far behind the head
 * (a load from zero); once a page comes back short (the head), the worker ends and the caller
 * reads on itself (`read` answers undefined).
 */
export class LogPrefetch {
  private readonly worker: Worker;
  private readonly pages: Page[] = [];
  private waiting: ((page: Page) => void) | undefined;
  private finished = false;

  constructor(
    file: string,
    after: number,
    private readonly pageSize: number,
    depth = 2,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        file,
        after,
        pageSize,
        depth,
        sql: `SELECT position, ${EVENT_JSON} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`,
      },
    });
    this.worker.on('message', (page: Page) => this.deliver(page));
    this.worker.on('error', (error) => this.deliver({ after: Number.NaN, error: error.message }));
    this.worker.on('exit', () => this.deliver({ after: Number.NaN, error: 'the worker exited' }));
  }

  /**
   * The events after `after` (up to the page size), or undefined when the prefetch is over (the
   * head was reached, or the caller asks for another position): read them directly then.
   */
  async read(after: number): Promise<RecordedEvent[] | undefined> {
    if (this.finished) return undefined;
    const page = this.pages.shift() ?? (await new Promise<Page>((resolve) => (this.waiting = resolve)));
    if (page.error !== undefined) {
      this.close();
      throw new Error(`Reading the log failed: ${page.error}`);
    }
    if (this.finished || page.after !== after || page.json === undefined || page.count === 0) {
      this.close();
      return undefined;
    }
    const events = JSON.parse(page.json) as RecordedEvent[];
    if (events.length !== page.count || events[events.length - 1].position !== page.last) {
      this.close();
      throw new Error('Reading the log failed: a page does not match its rows');
    }
    // A short page is the head: the worker has stopped, and the caller reads on by itself.
    if (events.length < this.pageSize) this.close();
    else this.worker.postMessage('next');
    return events;
  }

  /** Ends the worker (it closes its connection and exits); later reads answer undefined. */
  close(): void {
    if (this.finished) return;
    this.finished = true;
    this.pages.length = 0;
    this.worker.removeAllListeners('exit');
    this.worker.postMessage('close');
    this.worker.unref();
    this.deliver({ after: Number.NaN });
  }

  private deliver(page: Page): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(page);
    else if (!this.finished) this.pages.push(page);
  }
}
