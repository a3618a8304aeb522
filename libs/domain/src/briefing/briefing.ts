import { eventTypesOf, assertNever, type Decider, type Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireDate } from '../shared/values';
import { editorialContent, type IssueHash } from './briefing-issue';

export * from './briefing-issue';

/**
 * One issue of the 双高简报, for one period of one plan. The draft holds the whole text, and
 * what it was computed from (the log up to `position`), so it can be regenerated and compared.
 */
export interface BriefingDraft {
  briefingId: string;
  planId: string;
  periodStart: string;
  periodEnd: string;
  /** The log position the figures were read at. */
  position: number;
  title: string;
  markdown: string;
  html: string;
  /** SHA-256 of the Markdown and the HTML. */
  contentHash: string;
}

/** The office's own sections beside the generated figures: 工作动态 and 典型案例. */
export const BRIEFING_SECTION_KINDS = ['work-news', 'typical-cases'] as const;
export type BriefingSectionKind = (typeof BRIEFING_SECTION_KINDS)[number];
export const BRIEFING_SECTION_TITLES: Record<BriefingSectionKind, string> = {
  'work-news': '工作动态',
  'typical-cases': '典型案例',
};
/** What one section may hold: a page of text and a few photos. */
export const BRIEFING_SECTION_MAX_CHARS = 5000;
export const BRIEFING_SECTION_MAX_PHOTOS = 9;

/** A photo stored by content (inspected as evidence is), for a section of this issue. */
export interface BriefingPhoto {
  photoId: string;
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
}

export interface BriefingSection {
  kind: BriefingSectionKind;
  text: string;
  photoIds: string[];
}

export type BriefingCommand =
  | Message<'DraftBriefing', BriefingDraft>
  | Message<'AddBriefingPhoto', BriefingPhoto & { briefingId: string; by: string }>
  | Message<
      'WriteBriefingSection',
      { briefingId: string; kind: string; text: string; photoIds: string[]; by: string }
    >
  | Message<'ApproveBriefing', { briefingId: string; by: string }>
  | Message<
      'PublishBriefing',
      {
        briefingId: string;
        by: string;
        recipients: string[];
        /** Hashes the issue as published: the generated figures with the office's sections. */
        issueHash: IssueHash;
      }
    >;

export type BriefingEvent =
  | Message<'BriefingDrafted', BriefingDraft>
  | Message<'BriefingPhotoAdded', BriefingPhoto & { briefingId: string; planId: string; by: string }>
  | Message<'BriefingSectionWritten', BriefingSection & { briefingId: string; planId: string; by: string }>
  | Message<'BriefingApproved', { briefingId: string; planId: string; by: string }>
  | Message<
      'BriefingPublished',
      {
        briefingId: string;
        planId: string;
        by: string;
        contentHash: string;
        title: string;
        recipients: string[];
      }
    >;

export interface BriefingState {
  status: 'none' | 'draft' | 'approved' | 'published';
  draft: BriefingDraft | undefined;
  photos: BriefingPhoto[];
  sections: BriefingSection[];
}

/** One stream per plan and period: a second draft of the same period finds it taken. */
export const briefingStream = (planId: string, periodEnd: string) => `briefing-${planId}-${periodEnd}`;

const conflict = (code: string, message: string) => new DomainError('conflict', code, message);

/** The office writes its sections while the issue is a draft; approval fixes what is published. */
function editable(state: BriefingState): BriefingDraft {
  if (!state.draft) throw new DomainError('not-found', 'briefing-not-found', '简报不存在。');
  if (state.status !== 'draft') {
    throw conflict('briefing-not-draft', '简报已审核通过，栏目和照片不能再修改；如需修改请生成新一期。');
  }
  return state.draft;
}

export const briefingDecider: Decider<BriefingState, BriefingCommand, BriefingEvent> = {
  initialState: () => ({ status: 'none', draft: undefined, photos: [], sections: [] }),
  evolve(state, event) {
    switch (event.type) {
      case 'BriefingDrafted':
        return { ...state, status: 'draft', draft: event.data };
      case 'BriefingPhotoAdded': {
        const { photoId, sha256, name, mediaType, size } = event.data;
        return { ...state, photos: [...state.photos, { photoId, sha256, name, mediaType, size }] };
      }
      case 'BriefingSectionWritten': {
        const { kind, text, photoIds } = event.data;
        return {
          ...state,
          sections: [...state.sections.filter((s) => s.kind !== kind), { kind, text, photoIds }].sort(
            (a, b) => BRIEFING_SECTION_KINDS.indexOf(a.kind) - BRIEFING_SECTION_KINDS.indexOf(b.kind),
          ),
        };
      }
      case 'BriefingApproved':
        return { ...state, status: 'approved' };
      case 'BriefingPublished':
        return { ...state, status: 'published' };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'DraftBriefing': {
        // The period already has its issue: drafting again (a second worker, a repeated job) is a no-op.
        if (state.status !== 'none') return [];
        const d = command.data;
        requireDate(d.periodStart, '简报起始日期');
        requireDate(d.periodEnd, '简报截止日期');
        if (d.periodStart > d.periodEnd) {
          throw new DomainError('invalid', 'invalid-period', '简报的起始日期不能晚于截止日期。');
        }
        return [{ type: 'BriefingDrafted', data: d }];
      }
      case 'AddBriefingPhoto': {
        const draft = editable(state);
        if (!/^image\/(png|jpeg)$/.test(command.data.mediaType)) {
          throw new DomainError('invalid', 'briefing-photo-type', '简报照片只能是 PNG 或 JPEG 图片。');
        }
        if (state.photos.some((p) => p.photoId === command.data.photoId)) return [];
        const { briefingId: _id, by, ...photo } = command.data;
        return [
          {
            type: 'BriefingPhotoAdded',
            data: { ...photo, briefingId: draft.briefingId, planId: draft.planId, by },
          },
        ];
      }
      case 'WriteBriefingSection': {
        const draft = editable(state);
        const { kind, by } = command.data;
        if (!(BRIEFING_SECTION_KINDS as readonly string[]).includes(kind)) {
          throw new DomainError(
            'invalid',
            'briefing-section-unknown',
            '简报栏目只能是「工作动态」或「典型案例」。',
            {
              kind,
            },
          );
        }
        const text = command.data.text.replace(/\r\n?/g, '\n').trim();
        if ([...text].length > BRIEFING_SECTION_MAX_CHARS) {
          throw new DomainError(
            'invalid',
            'briefing-section-too-long',
            `「${BRIEFING_SECTION_TITLES[kind as BriefingSectionKind]}」最多 ${BRIEFING_SECTION_MAX_CHARS} 个字。`,
          );
        }
        const photoIds = [...new Set(command.data.photoIds)];
        if (photoIds.length > BRIEFING_SECTION_MAX_PHOTOS) {
          throw new DomainError(
            'invalid',
            'briefing-section-too-many-photos',
            `每个栏目最多 ${BRIEFING_SECTION_MAX_PHOTOS} 张照片。`,
          );
        }
        const unknown = photoIds.filter((id) => !state.photos.some((p) => p.photoId === id));
        if (unknown.length > 0) {
          throw new DomainError('invalid', 'briefing-photo-unknown', '所选照片不属于这期简报，请重新上传。', {
            photoIds: unknown,
          });
        }
        const current = state.sections.find((s) => s.kind === kind);
        if (current && current.text === text && current.photoIds.join() === photoIds.join()) return [];
        if (!current && text === '' && photoIds.length === 0) return [];
        return [
          {
            type: 'BriefingSectionWritten',
            data: {
              briefingId: draft.briefingId,
              planId: draft.planId,
              kind: kind as BriefingSectionKind,
              text,
              photoIds,
              by,
            },
          },
        ];
      }
      case 'ApproveBriefing':
        if (!state.draft) throw new DomainError('not-found', 'briefing-not-found', '简报不存在。');
        if (state.status !== 'draft')
          throw conflict('briefing-not-draft', '只有待审核的简报草稿可以审核通过。');
        return [
          {
            type: 'BriefingApproved',
            data: { briefingId: state.draft.briefingId, planId: state.draft.planId, by: command.data.by },
          },
        ];
      case 'PublishBriefing':
        if (!state.draft) throw new DomainError('not-found', 'briefing-not-found', '简报不存在。');
        if (state.status === 'draft')
          throw conflict('briefing-not-approved', '简报须经项目办审核通过后才能发布。');
        if (state.status === 'published') throw conflict('briefing-already-published', '该期简报已发布。');
        return [
          {
            type: 'BriefingPublished',
            data: {
              briefingId: state.draft.briefingId,
              planId: state.draft.planId,
              by: command.data.by,
              // What was published, sections included: what verify regenerates and compares.
              contentHash: command.data.issueHash(
                state.draft,
                editorialContent(state.sections, state.photos),
              ),
              title: state.draft.title,
              recipients: [...new Set(command.data.recipients)].sort(),
            },
          },
        ];
      default:
        return assertNever(command);
    }
  },
  eventTypes: eventTypesOf<BriefingEvent>({
    BriefingDrafted: true,
    BriefingPhotoAdded: true,
    BriefingSectionWritten: true,
    BriefingApproved: true,
    BriefingPublished: true,
  }),
};
