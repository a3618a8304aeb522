import type { AddressInfo } from 'node:net';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { LiveScreen } from '../libs/contracts/src';
import request from 'supertest';
import { OFFICE_REVIEW, startApi, USER_PASSWORD, type ApiHarness, type Client } from './api-harness';

interface Frame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  at: number;
}

/** A real HTTP connection to the event stream, parsed frame by frame as the browser would. */
class Stream {
  readonly frames: Frame[] = [];
  ended = false;
  private waiters: (() => void)[] = [];

  constructor(
    readonly status: number,
    readonly headers: IncomingMessage['headers'],
    private readonly res: IncomingMessage,
  ) {
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const frame: Frame = { at: Date.now() };
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) frame.comment = line.slice(1).trim();
          else {
            const colon = line.indexOf(':');
            const field = line.slice(0, colon);
            const value = line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id' || field === 'event' || field === 'data') frame[field] = value;
          }
        }
        this.frames.push(frame);
      }
      this.wake();
    });
    res.on('end', () => {
      this.ended = true;
      this.wake();
    });
    res.on('close', () => {
      this.ended = true;
      this.wake();
    });
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  snapshots(): (LiveScreen & { frameId: string; at: number })[] {
    return this.frames
      .filter((f) => f.event === 'snapshot')
      .map((f) => ({ ...(JSON.parse(f.data!) as LiveScreen), frameId: f.id!, at: f.at }));
  }

  /** Waits for a frame matching `test` among those after the first `from`; fails after `ms`. */
  async next(test: (f: Frame) => boolean, from = 0, ms = 3000): Promise<Frame> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.frames.slice(from).find(test);
      if (found) return found;
      if (this.ended) throw new Error(`stream ended; frames: ${JSON.stringify(this.frames)}`);
      const wait = deadline - Date.now();
      if (wait <= 0)
        throw new Error(`no matching frame within ${ms} ms; frames: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close() {
    this.res.destroy();
  }
}

/**
 * 数据大屏 (ADR 0028): one shared feed, fed by the projection runner's commits, pushes each plan's
 * snapshot to the streams of viewers who may read the plan.
 */
describe('数据大屏 live stream', () => {
  jest.setTimeout(60_000);
  let api: ApiHarness;
  let port: number;
  let planId: string;
  let projectId: string;
  let taskId: string;
  let teacher: { userId: string; client: Client };
  let office: { userId: string; client: Client };
  const tokens: Record<string, string> = {};
  const open: Stream[] = [];

  const signInToken = async (username: string) =>
    (
      await request(api.app.getHttpServer())
        .post('/api/auth/login')
        .send({ username, password: USER_PASSWORD })
        .expect(200)
    ).body.token as string;

  const connect = (path: string, headers: Record<string, string> = {}): Promise<Stream> =>
    new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
        const stream = new Stream(res.statusCode ?? 0, res.headers, res);
        open.push(stream);
        resolve(stream);
      });
      req.on('error', reject);
      req.end();
    });

  beforeAll(async () => {
    // A short heartbeat, so that a revoked grant ends its stream within the test.
    api = await startApi({ LIVE_HEARTBEAT_MS: '300' });
    const server = api.app.getHttpServer() as import('node:http').Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    teacher = await api.createUser('teacher.wang');
    ({ planId, projectId } = await api.createPlan({ name: '智能制造专业群' }));
    office = await api.createUser('office.zhao', [{ role: 'office', scope: `plan:${planId}` }]);
    await api.createUser('leader.sun', [{ role: 'leadership', scope: '*' }]);
    await api.createUser('lead.li', [{ role: 'project-lead', scope: `project:${projectId}` }]);
    await api.createUser('outsider.qian');
    for (const name of ['leader.sun', 'lead.li', 'outsider.qian']) tokens[name] = await signInToken(name);
    taskId = await api.defineTask({ planId, projectId }, teacher.userId, { title: '建成智能制造实训基地' });
    await api.configureChain(planId, [OFFICE_REVIEW]);
  });
  afterAll(async () => {
    for (const stream of open) stream.close();
    await api.close();
  });

  const approveReport = async (completion: string) => {
    const evidenceId = await api.uploadEvidence(teacher.client, taskId, '验收报告.pdf');
    const submissionId = await api.submit(teacher.client, taskId, {
      completion,
      effectiveDate: '2023-06-30',
      narrative: '实训基地建成',
      evidenceIds: [evidenceId],
    });
    const approvedAt = Date.now();
    await office.client.post(`/api/submissions/${submissionId}/approve`).send({}).expect(201);
    return { submissionId, approvedAt };
  };

  it('starts with the current snapshot, then pushes an approval to every viewer of the plan within 2 s', async () => {
    const path = `/api/plans/${planId}/live`;
    const viewer = await connect(path, { Authorization: `Bearer ${tokens['leader.sun']}` });
    const second = await connect(path, { Authorization: `Bearer ${tokens['lead.li']}` });
    expect(viewer.status).toBe(200);
    expect(viewer.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(viewer.headers['cache-control']).toBe('no-store');
    await viewer.next((f) => f.event === 'snapshot');
    const [first] = viewer.snapshots();
    expect(first).toMatchObject({
      planId,
      planName: '方案',
      school: '学院',
      approvals: { count: 0, recent: [] },
      completion: { total: 1, display: { rate: '0%' } },
    });
    expect(first.completion.levels[0].projects[0]).toMatchObject({ name: '智能制造专业群' });

    const known = viewer.frames.length;
    const knownSecond = second.frames.length;
    const { submissionId, approvedAt } = await approveReport('1');
    const pushed = await viewer.next((f) => f.event === 'snapshot', known, 2000);
    const screen = JSON.parse(pushed.data!) as LiveScreen;
    expect(pushed.at - approvedAt).toBeLessThan(2000);
    expect(screen.approvals.count).toBe(1);
    expect(screen.approvals.recent[0]).toMatchObject({
      submissionId,
      task: '建成智能制造实训基地',
      project: '1 智能制造专业群',
    });
    expect(screen.approvals.month).toBe(screen.today.slice(0, 7));
    // The approval's recorded progress shows too (the approval-effects manager's append).
    const settled = await viewer.next(
      (f) => f.event === 'snapshot' && (JSON.parse(f.data!) as LiveScreen).completion.display.rate === '100%',
      known,
      2000,
    );
    expect(settled.at - approvedAt).toBeLessThan(2000);
    expect(Number(settled.id)).toBeGreaterThan(Number(viewer.frames.find((f) => f.event === 'snapshot')!.id));
    // One shared feed: the other viewer got the very same frame.
    const same = await second.next((f) => f.id === settled.id, knownSecond, 2000);
    expect(same.data).toBe(settled.data);
  });

  it('sends a heartbeat, and on reconnect sends nothing the client already shows', async () => {
    const path = `/api/plans/${planId}/live`;
    const viewer = await connect(path, { Authorization: `Bearer ${tokens['leader.sun']}` });
    const snapshot = await viewer.next((f) => f.event === 'snapshot');
    expect(viewer.frames[0].data).toBeUndefined();
    await viewer.next((f) => f.comment === 'heartbeat', 0, 2000);
    viewer.close();

    const resumed = await connect(path, {
      Authorization: `Bearer ${tokens['leader.sun']}`,
      'Last-Event-ID': snapshot.id!,
    });
    await resumed.next((f) => f.comment === 'heartbeat', 0, 2000);
    expect(resumed.frames.filter((f) => f.event === 'snapshot')).toEqual([]);

    const stale = await connect(path, {
      Authorization: `Bearer ${tokens['leader.sun']}`,
      'Last-Event-ID': '1',
    });
    const fresh = await stale.next((f) => f.event === 'snapshot');
    expect(fresh.id).toBe(snapshot.id);
  });

  it('refuses a viewer without a grant on the plan, and one not signed in, with Problem Details', async () => {
    const path = `/api/plans/${planId}/live`;
    const outsider = await connect(path, { Authorization: `Bearer ${tokens['outsider.qian']}` });
    expect(outsider.status).toBe(403);
    expect(outsider.headers['content-type']).toMatch(/^application\/problem\+json/);
    outsider.close();
    const anonymous = await connect(path);
    expect(anonymous.status).toBe(401);
    await api.anonymous.get(`/api/plans/${planId}/screen`).expect(401);
    const refused = await (await api.signIn('outsider.qian')).get(`/api/plans/${planId}/live`).expect(403);
    expect(refused.body).toMatchObject({ code: 'forbidden', title: '没有权限执行此操作' });
  });

  it('ends the stream of a viewer whose grant is revoked', async () => {
    const lead = await connect(`/api/plans/${planId}/live`, { Authorization: `Bearer ${tokens['lead.li']}` });
    await lead.next((f) => f.event === 'snapshot');
    const leadId = (await (await api.signIn('lead.li')).get('/api/auth/me')).body.userId as string;
    await api.admin
      .post(`/api/users/${leadId}/roles/revoke`)
      .send({ role: 'project-lead', scope: `project:${projectId}`, reason: '调整分工' })
      .expect(201);
    const revoked = await lead.next((f) => f.event === 'revoked', 0, 3000);
    expect(JSON.parse(revoked.data!)).toMatchObject({ code: 'live-access-ended' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lead.ended).toBe(true);
  });

  it('answers the same snapshot as JSON for a reader of the plan', async () => {
    const res = await api.admin.get(`/api/plans/${planId}/screen`).expect(200);
    expect(res.body).toMatchObject({
      planId,
      approvals: { count: 1 },
      completion: { display: { rate: '100%' } },
    });
  });
});
