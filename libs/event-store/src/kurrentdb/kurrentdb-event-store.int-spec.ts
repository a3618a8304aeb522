import { describeEventStoreContract } from '../contract/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// No KurrentDB server runs on the development machines; the suite runs wherever one is given.
const connectionString = process.env.KURRENTDB_CONNECTION_STRING;

if (connectionString) {
  describeEventStoreContract('kurrentdb', () => {
    const store = new KurrentDbEventStore({ connectionString, timeoutMs: 10_000, pollIntervalMs: 50 });
    return Promise.resolve({ store, dispose: () => store.close() });
  });
} else {
  process.stdout.write(
    '\n*** KurrentDB contract suite NOT RUN: set KURRENTDB_CONNECTION_STRING ' +
      '(e.g. kurrentdb://localhost:2113?tls=false) to run it against a server. ***\n\n',
  );
  describe('event store contract: kurrentdb', () => {
    it.todo('runs when KURRENTDB_CONNECTION_STRING is set (not set here, so the suite was not run)');
  });
}

describe('kurrentdb adapter without a server', () => {
  it('fails fast with the port error when nothing listens', async () => {
    const store = new KurrentDbEventStore({
      connectionString: 'kurrentdb://127.0.0.1:1?tls=false',
      timeoutMs: 3000,
    });
    await expect(store.headPosition()).rejects.toMatchObject({ code: 'event-store-unavailable' });
    await store.close();
  });

  it('gives up on a server that accepts but never answers, within its own timeout', async () => {
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as import('node:net').AddressInfo).port;
    const store = new KurrentDbEventStore({
      connectionString: `kurrentdb://127.0.0.1:${port}?tls=false`,
      timeoutMs: 500,
    });
    const started = Date.now();
    await expect(
      store.append(
        's',
        [{ type: 'A', data: {}, metadata: { actor: 'u', time: 't', correlationId: 'c' } }],
        'any',
      ),
    ).rejects.toMatchObject({ code: 'event-store-unavailable' });
    expect(Date.now() - started).toBeLessThan(5000);
    await store.close();
    sockets.forEach((s) => s.destroy());
    silent.close();
  });
});
