import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventStore } from './location';

describe('opening the event store a location names', () => {
  it('opens the SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-location-'));
    const store = openEventStore({ kind: 'sqlite', file: join(dir, 'events.sqlite') });
    expect(store.kind).toBe('sqlite');
    expect(await store.headPosition()).toBe(0);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens a KurrentDB client, its adapter loaded only then (no server is asked anything here)', async () => {
    const store = openEventStore({
      kind: 'kurrentdb',
      connectionString: 'kurrentdb://127.0.0.1:1?tls=false',
    });
    expect(store.kind).toBe('kurrentdb');
    await store.close();
  });
});
