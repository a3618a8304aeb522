import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { binary, startApi, type ApiHarness, type Client } from './api-harness';
import { multipart } from './fixtures/evidence-files';
import { solidPng } from './web/files';

const DAY = 86_400_000;
const day = (offset: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offset * DAY));

/** A JPEG whose frame header says `width` × `height` (the document reads only the header). */
function jpegOf(width: number, height: number): Buffer {
  const frame = Buffer.from([0xff, 0xc0, 0, 11, 8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  frame.writeUInt16BE(height, 5);
  frame.writeUInt16BE(width, 7);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0]),
    frame,
    Buffer.alloc(32, 7),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/**
 * The school's report shows evidence images where its text places them: the picture itself is in
 * the .docx (word/media, referenced from the text, sized to the page), not a link or a name, and
 * regenerating gives the same bytes. Another plan's file is not carried into it.
 */
describe("the school's report embeds the evidence images its text shows", () => {
  jest.setTimeout(120_000);
  let api: ApiHarness;
  let office: Client;
  const year = Number(day(0).slice(0, 4));
  const evaluated = year - 1;

  const upload = async (client: Client, taskId: string, name: string, content: Buffer) => {
    const form = multipart([{ field: 'file', filename: name, content }]);
    return (
      await client
        .post(`/api/tasks/${taskId}/evidence`)
        .set('Content-Type', form.contentType)
        .send(form.body)
        .expect(201)
    ).body.id as string;
  };

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('puts the pictures in word/media, referenced from document.xml, the same bytes each time', async () => {
    const plan = await api.createPlan({ startYear: year - 2, endYear: year + 2 });
    office = (await api.createUser('qian.office', [{ role: 'office', scope: `plan:${plan.planId}` }])).client;
    const teacher = await api.createUser('li.laoshi');
    const taskId = await api.defineTask(plan, teacher.userId, {
      title: '建设实训基地',
      dueDate: `${evaluated}-12-31`,
    });
    const photo = solidPng(40, [200, 120, 40], 20);
    const scan = jpegOf(1200, 600);
    const photoId = await upload(teacher.client, taskId, '实训基地.png', photo);
    const scanId = await upload(teacher.client, taskId, '证书扫描.jpg', scan);
    // Another plan's image, named by a report of this plan: not this plan's readers' to see.
    const other = await api.createPlan({ code: '2', startYear: year - 2, endYear: year + 2 });
    const otherTeacher = await api.createUser('zhou.laoshi');
    const otherTask = await api.defineTask(other, otherTeacher.userId, {
      title: '他校任务',
      dueDate: `${evaluated}-12-31`,
    });
    const foreignId = await upload(otherTeacher.client, otherTask, '他校.png', solidPng(10, [0, 0, 0]));

    const campaignId = (
      await office
        .post(`/api/plans/${plan.planId}/campaigns`)
        .send({
          kind: 'annual',
          periodStart: `${evaluated}-01-01`,
          periodEnd: `${evaluated}-12-31`,
          cutoff: `${evaluated}-12-31`,
          windows: {
            individual: { opens: day(-20), closes: day(-9) },
            unit: { opens: day(-8), closes: day(-6) },
            group: { opens: day(-5), closes: day(-3) },
            school: { opens: day(-2), closes: day(2) },
          },
        })
        .expect(201)
    ).body.id as string;
    await api.settled();
    const overview = (await office.get(`/api/campaigns/${campaignId}`).expect(200)).body as {
      layers: { layer: string; reports: { reportId: string }[] }[];
    };
    const school = overview.layers.find((l) => l.layer === 'school')!.reports[0].reportId;
    await office
      .put(`/api/campaigns/${campaignId}/reports/${school}`)
      .send({
        sections: {
          completion: `<p>实训基地建成：</p><p><img src="/api/evidence/${photoId}" alt="实训基地照片"></p>`,
          outcomes: `<table><tr><td>证书<img src="/api/evidence/${scanId}" alt="证书扫描件"></td></tr></table>`,
          features: `<p>他校做法<img src="/api/evidence/${foreignId}" alt="他校图片"></p>`,
          problems: '<p>无。</p>',
          plans: '<p>继续建设。</p>',
        },
      })
      .expect(200);

    const download = async () =>
      (await office.get(`/api/campaigns/${campaignId}/report.docx`).buffer(true).parse(binary).expect(200))
        .body as Buffer;
    const docx = await download();
    const files = unzipSync(new Uint8Array(docx));
    const media = Object.keys(files).filter((name) => name.startsWith('word/media/'));
    // The plan's two pictures, byte for byte; not the other plan's.
    expect(media).toHaveLength(2);
    const stored = media.map((name) => Buffer.from(files[name]));
    expect(stored.some((b) => b.equals(photo))).toBe(true);
    expect(stored.some((b) => b.equals(scan))).toBe(true);

    // document.xml draws each through a relationship that names the media file.
    const xml = strFromU8(files['word/document.xml']);
    const rels = strFromU8(files['word/_rels/document.xml.rels']);
    const embeds = [...xml.matchAll(/<a:blip r:embed="([^"]+)"/g)].map((m) => m[1]);
    expect(embeds).toHaveLength(2);
    for (const id of embeds) {
      const target = new RegExp(`Id="${id}"[^>]*Target="(media/[^"]+)"`).exec(rels)?.[1];
      expect(media).toContain(`word/${target}`);
    }
    // At its own size (40×20 px), or shrunk to the page's width (1200×600 → 600×300 px), in EMU.
    const extents = [...xml.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"\/>/g)].map((m) => [m[1], m[2]]);
    expect(extents).toEqual([
      [`${40 * 9525}`, `${20 * 9525}`],
      [`${600 * 9525}`, `${300 * 9525}`],
    ]);
    expect(xml).toContain('descr="实训基地照片"');
    // Drawing ids unique in the document; the other plan's image only named in place.
    expect([...xml.matchAll(/<wp:docPr id="(\d+)"/g)].map((m) => m[1])).toEqual(['1', '2']);
    expect(xml).toContain('［图：他校图片］');
    expect(xml).not.toContain('实训基地照片］');

    // Regenerating gives the same bytes (the drawings' ids do not follow a process-wide counter).
    const again = await download();
    expect(again.equals(docx)).toBe(true);
    expect(createHash('sha256').update(again).digest('hex')).toBe(
      createHash('sha256').update(docx).digest('hex'),
    );
  });
});
