import { join } from 'node:path';
import { AuthStore } from '../apps/api/src/auth/auth-store';
import { apiSuite } from './api-harness';

/**
 * A dashboard read answered from caches (the principal of a token, the plan's presented
 * completion and its JSON bytes) must answer what an uncached read would, and stop the very next
 * request after a revocation.
 */
describe('cached dashboard reads', () => {
  const api = apiSuite();
  let planId: string;
  let projectId: string;

  beforeAll(async () => {
    ({ planId, projectId } = await api.createPlan());
  });

  const completionOf = (client: typeof api.admin) => client.get(`/api/plans/${planId}/completion`);

  /** A reader of every plan whose principal is cached: they read the plan twice. */
  const readerWhoHasRead = async (username: string) => {
    const reader = await api.createUser(username, [{ role: 'leadership', scope: '*' }]);
    await completionOf(reader.client).expect(200);
    await completionOf(reader.client).expect(200);
    return reader;
  };

  it('answers the same bytes, type and ETag from the cache as computed, and 304 to its ETag', async () => {
    const computed = await completionOf(api.admin).expect(200);
    const cached = await completionOf(api.admin).expect(200);
    expect(cached.text).toBe(computed.text);
    expect(cached.text).toBe(JSON.stringify(computed.body));
    expect(cached.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(cached.headers['content-length']).toBe(String(Buffer.byteLength(computed.text)));
    expect(cached.headers['cache-control']).toBe('no-store');
    expect(cached.headers.etag).toMatch(/^W\/"[0-9a-f]+-.+"$/);
    expect(cached.headers.etag).toBe(computed.headers.etag);
    await completionOf(api.admin).set('If-None-Match', cached.headers.etag).expect(304);
  });

  it('answers a changed plan after a write, not the cached bytes', async () => {
    const before = await completionOf(api.admin).expect(200);
    const owner = await api.createUser('task.owner');
    await api.defineTask({ planId, projectId }, owner.userId);
    const after = await completionOf(api.admin).expect(200);
    expect(after.text).not.toBe(before.text);
    expect(after.body.total).toBe(before.body.total + 1);
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('stops the very next read after the role that allowed it is revoked', async () => {
    const reader = await readerWhoHasRead('leader.one');
    await api.admin
      .post(`/api/users/${reader.userId}/roles/revoke`)
      .send({ role: 'leadership', scope: '*' })
      .expect(201);
    const refused = await completionOf(reader.client).expect(403);
    expect(refused.body.code).toBe('forbidden');
  });

  it('stops the very next read after another process ends the session', async () => {
    const reader = await readerWhoHasRead('leader.two');
    // A second API process sharing the auth file: it has no part in this process's caches.
    const elsewhere = new AuthStore(join(api.dataDir, 'auth.sqlite'));
    try {
      elsewhere.endSessionsOf(reader.userId);
    } finally {
      elsewhere.close();
    }
    const refused = await completionOf(reader.client).expect(401);
    expect(refused.body.code).toBe('session-invalid');
  });

  it('stops the very next read after the account is disabled', async () => {
    const reader = await readerWhoHasRead('leader.three');
    await api.admin.post(`/api/users/${reader.userId}/disable`).send({ reason: '调离岗位' }).expect(201);
    await completionOf(reader.client).expect(401);
  });
});
