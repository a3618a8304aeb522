import { createConnection, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { EvidenceRefused } from './refusal';
import type { EvidenceScanner, ScanItem, ScanVerdict } from './scanner';

/** Where clamd listens: its local (unix) socket, or a TCP address. */
export type ClamdAddress = { socket: string } | { host: string; port: number };

export interface ClamdOptions {
  address: ClamdAddress;
  /** Longest the scan of one item (the file, or a part of it) may take, connecting included. */
  timeoutMs: number;
  /**
   * Largest stream sent to clamd. clamd's own StreamMaxLength must be at least this: beyond its
   * limit clamd drops the connection and the scan cannot be answered.
   */
  maxStreamBytes: number;
}

/** The scanner could not give a verdict: the upload is refused (fail closed), the operator told why. */
export class ScannerUnavailable extends EvidenceRefused {
  constructor(readonly reason: string) {
    super(
      'scanner-unavailable',
      '病毒检查服务暂时不可用，文件未被接收。请稍后重试；如果问题持续出现，请联系系统管理员。',
      503,
    );
    this.name = 'ScannerUnavailable';
    this.message = `scanner-unavailable: ${reason}`;
    Error.captureStackTrace(this, ScannerUnavailable);
  }
}

/** clamd reads INSTREAM data in chunks, each preceded by its length (4 bytes, big-endian). */
const CHUNK_BYTES = 64 * 1024;
/** A threat name goes into a message shown to the uploader: printable ASCII, bounded. */
const THREAT_NAME = /^[\x21-\x7e][\x20-\x7e]{0,199}$/;

/**
 * ClamAV's daemon over its socket (`zINSTREAM`). Every item (the file and each part the
 * inspection unpacks) is streamed on its own connection as it is read; a threat in any refuses the upload. No
 * verdict (clamd down, too slow, an error answer) refuses the upload: it never passes unscanned.
 */
export class ClamdScanner implements EvidenceScanner {
  constructor(private readonly options: ClamdOptions) {}

  async scan(item: ScanItem): Promise<ScanVerdict> {
    try {
      return verdictOf(await this.instream(item.content, Date.now() + this.options.timeoutMs));
    } finally {
      // Read to its end on success; on any failure the inspector must not wait on it.
      item.content.destroy();
    }
  }

  /** Resolves when clamd answers PING within the time given: for /api/health. */
  async ping(timeoutMs = this.options.timeoutMs): Promise<void> {
    const answer = await this.exchange(Date.now() + Math.min(timeoutMs, this.options.timeoutMs), (socket) => {
      socket.end('zPING\0');
      return Promise.resolve();
    });
    if (answer !== 'PONG') throw new ScannerUnavailable(`clamd answered PING with "${answer}"`);
  }

  /** Streams one item as it is read, never holding more than a chunk of it. */
  private instream(content: Readable, deadline: number): Promise<string> {
    return this.exchange(deadline, async (socket) => {
      await write(socket, Buffer.from('zINSTREAM\0', 'latin1'));
      let sent = 0;
      for await (const piece of content as AsyncIterable<Buffer>) {
        sent += piece.length;
        if (sent > this.options.maxStreamBytes) {
          throw new EvidenceRefused(
            'too-large-to-scan',
            `文件（或其中解压出的内容）超过病毒检查的大小上限（${(this.options.maxStreamBytes / 1024 / 1024).toFixed(1)} MB），不予接收。`,
            413,
          );
        }
        for (let offset = 0; offset < piece.length; offset += CHUNK_BYTES) {
          const chunk = piece.subarray(offset, offset + CHUNK_BYTES);
          const length = Buffer.alloc(4);
          length.writeUInt32BE(chunk.length);
          await write(socket, length);
          await write(socket, chunk);
        }
      }
      await write(socket, Buffer.alloc(4));
    });
  }

  /** One connection: send the request, read clamd's one NUL-terminated reply, within the deadline. */
  private exchange(deadline: number, send: (socket: Socket) => Promise<void>): Promise<string> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return Promise.reject(this.timedOut());
    const socket =
      'socket' in this.options.address
        ? createConnection({ path: this.options.address.socket })
        : createConnection({ host: this.options.address.host, port: this.options.address.port });
    return new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let settled = false;
      const settle = (outcome: { answer: string } | { error: Error }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        if ('answer' in outcome) resolve(outcome.answer);
        else reject(outcome.error);
      };
      const reply = (): string | undefined => {
        const text = Buffer.concat(chunks).toString('utf8');
        const end = text.indexOf('\0');
        return end >= 0 ? text.slice(0, end) : undefined;
      };
      const timer = setTimeout(() => settle({ error: this.timedOut() }), remaining);
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        const answer = reply();
        if (answer !== undefined) settle({ answer });
      });
      // clamd may answer (e.g. a size limit) and close while the request is still being written.
      const closed = (error?: Error) => {
        const partial = Buffer.concat(chunks).toString('utf8').trim();
        const answer = reply() ?? (partial === '' ? undefined : partial);
        if (answer !== undefined) settle({ answer });
        else
          settle({
            error: new ScannerUnavailable(
              `clamd at ${this.addressText()} closed the connection without a verdict${error ? `: ${error.message}` : ''}`,
            ),
          });
      };
      socket.once('error', (error) => closed(error));
      socket.once('close', () => closed());
      socket.once('connect', () => {
        send(socket).catch((error: unknown) => {
          // A refusal decided while sending (the item is too large to scan) is the verdict.
          if (error instanceof EvidenceRefused && !(error instanceof ScannerUnavailable)) settle({ error });
          else closed(error instanceof Error ? error : undefined);
        });
      });
    });
  }

  private addressText(): string {
    const address = this.options.address;
    return 'socket' in address ? address.socket : `${address.host}:${address.port}`;
  }

  private timedOut(): ScannerUnavailable {
    return new ScannerUnavailable(
      `clamd at ${this.addressText()} gave no verdict within ${this.options.timeoutMs} ms`,
    );
  }
}

function write(socket: Socket, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(bytes, (error) => (error ? reject(error) : resolve()));
  });
}

function verdictOf(answer: string): ScanVerdict {
  if (answer === 'stream: OK') return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(answer);
  if (found) {
    const name = found[1].trim();
    return { clean: false, threat: THREAT_NAME.test(name) ? name : 'clamd' };
  }
  if (/size limit/i.test(answer)) {
    throw new ScannerUnavailable(
      `clamd refused the stream (${answer}): its StreamMaxLength is below CLAMD_STREAM_MAX_BYTES`,
    );
  }
  throw new ScannerUnavailable(`clamd answered "${answer}"`);
}
