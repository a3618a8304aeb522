import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, issueHashOf } from '../libs/application/src';
import { editorialContent, briefingStream, type BriefingDraft } from '../libs/domain/src';
import type { EventStore } from '../libs/event-store/src';
import { apiSuite, planWithOffice, type Client } from './api-harness';
import { pdf, png } from './fixtures/evidence-files';

/** Files under the content store, wherever it shards them. */
const storedFiles = (dir: string): string[] => {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
};

/**
 * 双高简报 editorial sections: the office writes 工作动态 and 典型案例, with photos stored and
 * inspected as evidence is, beside the generated figures; nobody else sees them until published.
 */
describe('briefing editorial sections', () => {
  jest.setTimeout(60_000);
  const api = apiSuite();
  /** The plan's office and a teacher, signed in, the plan, and a draft issue of its briefing. */
  const given = {} as { office: Client; teacher: Client; planId: string; briefingId: string };

  beforeAll(async () => {
    const { plan, office } = await planWithOffice(api, 'office.li', { startYear: 2024, endYear: 2028 });
    const owner = await api.createUser('teacher.he');
    await api.defineTask(plan, owner.userId, { dueDate: '2026-12-31' });
    const draft = await office
      .post(`/api/plans/${plan.planId}/briefings`)
      .send({ periodEnd: '2026-10-31' })
      .expect(201);
    Object.assign(given, { office, teacher: owner.client, planId: plan.planId, briefingId: draft.body.id });
  });

  it('lets the office write 工作动态 with a photo while the issue is a draft, hidden from others', async () => {
    const photo = png(Buffer.from('推进会现场'));
    const uploaded = await given.office
      .post(`/api/briefings/${given.briefingId}/photos`)
      .attach('file', photo, '推进会.png')
      .expect(201);
    const photoId = uploaded.body.id as string;
    await given.office
      .put(`/api/briefings/${given.briefingId}/sections/work-news`)
      .send({ text: '10 月 20 日，学院召开双高建设推进会。', photoIds: [photoId] })
      .expect(200);
    await given.office
      .put(`/api/briefings/${given.briefingId}/sections/typical-cases`)
      .send({ text: '智能制造专业群校企共建产业学院。' })
      .expect(200);

    const draft = (await given.office.get(`/api/briefings/${given.briefingId}`).expect(200)).body;
    expect(draft.sections).toEqual([
      { kind: 'work-news', text: '10 月 20 日，学院召开双高建设推进会。', photoIds: [photoId] },
      { kind: 'typical-cases', text: '智能制造专业群校企共建产业学院。', photoIds: [] },
    ]);
    expect(draft.photos).toEqual([
      expect.objectContaining({ photoId, name: '推进会.png', mediaType: 'image/png' }),
    ]);
    // The generated figures are untouched by the office's text.
    expect(draft.markdown).not.toContain('推进会');

    // Not the teacher's to read, nor to write, nor to see the photo of, while a draft.
    await given.teacher.get(`/api/briefings/${given.briefingId}`).expect(404);
    await given.teacher.get(`/api/briefings/${given.briefingId}/photos/${photoId}`).expect(404);
    await given.teacher
      .put(`/api/briefings/${given.briefingId}/sections/work-news`)
      .send({ text: '改动' })
      .expect(403);
  });

  it('refuses a photo that is not an image, a photo of no issue, and an unknown section, leaving nothing', async () => {
    const store = api.app.get<symbol, EventStore>(EVENT_STORE);
    await api.settled();
    const head = await store.headPosition();
    const files = storedFiles(api.config.evidence.dir).length;
    const notImage = await given.office
      .post(`/api/briefings/${given.briefingId}/photos`)
      .attach('file', pdf(), '纪要.pdf')
      .expect(422);
    expect(notImage.body).toMatchObject({
      code: 'briefing-photo-type',
      detail: '简报照片只能是 PNG 或 JPEG 图片。',
    });
    const unknown = await given.office
      .put(`/api/briefings/${given.briefingId}/sections/work-news`)
      .send({ text: '见图', photoIds: ['0190a0a0-0000-7000-8000-000000000000'] })
      .expect(422);
    expect(unknown.body.code).toBe('briefing-photo-unknown');
    const kind = await given.office
      .put(`/api/briefings/${given.briefingId}/sections/gossip`)
      .send({ text: '……' })
      .expect(422);
    expect(kind.body).toMatchObject({ code: 'briefing-section-unknown' });
    const long = await given.office
      .put(`/api/briefings/${given.briefingId}/sections/work-news`)
      .send({ text: '字'.repeat(5001) })
      .expect(422);
    expect(long.body.detail).toBe('「工作动态」最多 5000 个字。');
    await api.settled();
    expect(await store.headPosition()).toBe(head);
    expect(storedFiles(api.config.evidence.dir).length).toBe(files);
  });

  it('fixes the sections at approval, and shows them and their photos to everyone once published', async () => {
    await given.office.post(`/api/briefings/${given.briefingId}/approve`).send({}).expect(201);
    const late = await given.office
      .put(`/api/briefings/${given.briefingId}/sections/work-news`)
      .send({ text: '迟到的动态' })
      .expect(409);
    expect(late.body).toMatchObject({ code: 'briefing-not-draft' });
    await given.office.post(`/api/briefings/${given.briefingId}/publish`).send({}).expect(201);

    const published = (await given.teacher.get(`/api/briefings/${given.briefingId}`).expect(200)).body;
    expect(published.sections.map((s: { kind: string }) => s.kind)).toEqual(['work-news', 'typical-cases']);
    const [photoId] = published.sections[0].photoIds as string[];
    const image = await given.teacher.get(`/api/briefings/${given.briefingId}/photos/${photoId}`).expect(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
  });

  it('hashes and verifies the sections with the figures, and sends them with the notice of publication', async () => {
    const store = api.app.get<symbol, EventStore>(EVENT_STORE);
    const summary = (await given.office.get(`/api/plans/${given.planId}/briefings`).expect(200)).body
      .items[0] as {
      id: string;
      periodEnd: string;
      contentHash: string;
    };
    const stream = briefingStream(given.planId, summary.periodEnd);
    const history = await store.readStream(stream);
    const draft = history[0].data as BriefingDraft;
    const published = (await given.teacher.get(`/api/briefings/${given.briefingId}`).expect(200)).body;
    // The published hash covers the office's text: it is not the generated figures' own.
    expect(summary.contentHash).not.toBe(draft.contentHash);
    expect(summary.contentHash).toBe(
      issueHashOf(draft, editorialContent(published.sections, published.photos)),
    );
    const check = (await given.office.get(`/api/briefings/${given.briefingId}/verify`).expect(200)).body;
    expect(check).toMatchObject({ identical: true, publishedHash: summary.contentHash });

    // The notice (and so its email and robot message) carries the sections and names the photo.
    await api.settled();
    const notice = (await given.teacher.get('/api/me/notifications').expect(200)).body.items.find(
      (n: { kind: string }) => n.kind === 'briefing',
    );
    expect(notice.body).toContain(
      '【工作动态】\n10 月 20 日，学院召开双高建设推进会。\n附照片 1 张：推进会.png',
    );
    expect(notice.body).toContain('【典型案例】\n智能制造专业群校企共建产业学院。');

    // A section changed in the log behind the decider's back no longer matches what was published.
    await store.append(
      stream,
      [
        {
          type: 'BriefingSectionWritten',
          data: {
            briefingId: given.briefingId,
            planId: given.planId,
            kind: 'typical-cases',
            text: '智能制造专业群校企共建产业学院（改）。',
            photoIds: [],
            by: 'someone',
          },
          metadata: { actor: 'someone', time: new Date().toISOString(), correlationId: 'tamper' },
        },
      ],
      history[history.length - 1].revision,
    );
    const tampered = (await given.office.get(`/api/briefings/${given.briefingId}/verify`).expect(200)).body;
    expect(tampered.identical).toBe(false);
    expect(tampered.publishedHash).toBe(summary.contentHash);
    expect(tampered.regeneratedHash).not.toBe(summary.contentHash);
  });
});
