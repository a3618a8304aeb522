import { deciderSpec } from '@sg/testing';
import { briefingDecider, type BriefingDraft, type BriefingEvent } from './briefing';

const draft: BriefingDraft = {
  briefingId: 'b1',
  planId: 'p1',
  periodStart: '2026-10-01',
  periodEnd: '2026-10-31',
  position: 10,
  title: '学院双高简报（2026年10月）',
  markdown: '# 简报',
  html: '<h1>简报</h1>',
  contentHash: 'a'.repeat(64),
};
const drafted: BriefingEvent = { type: 'BriefingDrafted', data: draft };
const photo = {
  photoId: 'ph1',
  sha256: 'c'.repeat(64),
  name: '现场.jpg',
  mediaType: 'image/jpeg',
  size: 1000,
};
const photoAdded: BriefingEvent = {
  type: 'BriefingPhotoAdded',
  data: { ...photo, briefingId: 'b1', planId: 'p1', by: 'office' },
};
const approved: BriefingEvent = {
  type: 'BriefingApproved',
  data: { briefingId: 'b1', planId: 'p1', by: 'office' },
};
const write = (kind: string, text: string, photoIds: string[] = []) =>
  ({ type: 'WriteBriefingSection', data: { briefingId: 'b1', kind, text, photoIds, by: 'office' } }) as const;

describe('briefing editorial sections', () => {
  const spec = deciderSpec(briefingDecider);

  it('writes 工作动态 with a photo of this issue beside the generated figures', () => {
    spec
      .given([drafted, photoAdded])
      .when(write('work-news', '  学院召开双高建设推进会。\r\n会议部署了下一阶段任务。 ', ['ph1']))
      .then([
        {
          type: 'BriefingSectionWritten',
          data: {
            briefingId: 'b1',
            planId: 'p1',
            kind: 'work-news',
            text: '学院召开双高建设推进会。\n会议部署了下一阶段任务。',
            photoIds: ['ph1'],
            by: 'office',
          },
        },
      ]);
  });

  it('records nothing when the section says what it already says', () => {
    const written: BriefingEvent = {
      type: 'BriefingSectionWritten',
      data: {
        briefingId: 'b1',
        planId: 'p1',
        kind: 'typical-cases',
        text: '案例',
        photoIds: [],
        by: 'office',
      },
    };
    spec.given([drafted, written]).when(write('typical-cases', '案例')).then([]);
  });

  it('refuses to change sections once the issue is approved: approval fixes what is published', () => {
    spec.given([drafted, approved]).when(write('work-news', '迟到的动态')).thenThrows('briefing-not-draft');
    spec
      .given([drafted, approved])
      .when({ type: 'AddBriefingPhoto', data: { ...photo, briefingId: 'b1', by: 'office' } })
      .thenThrows('briefing-not-draft');
  });

  it('refuses an unknown section, a photo of another issue, and too much text', () => {
    spec.given([drafted]).when(write('gossip', '……')).thenThrows('briefing-section-unknown');
    spec
      .given([drafted])
      .when(write('work-news', '见图', ['ph9']))
      .thenThrows('briefing-photo-unknown');
    spec
      .given([drafted])
      .when(write('work-news', '字'.repeat(5001)))
      .thenThrows('briefing-section-too-long');
  });

  it('takes only PNG and JPEG photos, each once', () => {
    spec
      .given([drafted])
      .when({
        type: 'AddBriefingPhoto',
        data: { ...photo, mediaType: 'application/pdf', briefingId: 'b1', by: 'office' },
      })
      .thenThrows('briefing-photo-type');
    spec
      .given([drafted, photoAdded])
      .when({ type: 'AddBriefingPhoto', data: { ...photo, briefingId: 'b1', by: 'office' } })
      .then([]);
  });
});

describe('briefing: what is published', () => {
  /** A stand-in for SHA-256 that shows what it was given. */
  const issueHash = (generated: { markdown: string }, editorial: string) =>
    `${generated.markdown}|${editorial}`;
  const publish = {
    type: 'PublishBriefing' as const,
    data: { briefingId: 'b1', by: 'office', recipients: ['u1'], issueHash },
  };
  const section = (text: string): BriefingEvent => ({
    type: 'BriefingSectionWritten',
    data: { briefingId: 'b1', planId: 'p1', kind: 'work-news', text, photoIds: ['ph1'], by: 'office' },
  });
  const publishedHash = (events: BriefingEvent[]) => {
    const [event] = briefingDecider.decide(
      publish,
      events.reduce(briefingDecider.evolve, briefingDecider.initialState()),
    );
    return event.type === 'BriefingPublished' ? event.data.contentHash : undefined;
  };

  it('hashes the office’s sections, their photos by content, with the generated figures', () => {
    const hash = publishedHash([drafted, photoAdded, section('推进会召开'), approved]);
    expect(hash).toBe(
      `# 简报|${JSON.stringify([
        { kind: 'work-news', text: '推进会召开', photos: [{ name: '现场.jpg', sha256: 'c'.repeat(64) }] },
      ])}`,
    );
  });

  it('gives another hash when a section says something else', () => {
    expect(publishedHash([drafted, photoAdded, section('推进会召开'), approved])).not.toBe(
      publishedHash([drafted, photoAdded, section('推进会延期'), approved]),
    );
  });

  it('hashes an issue without sections as its generated figures alone', () => {
    expect(publishedHash([drafted, approved])).toBe('# 简报|');
  });
});
