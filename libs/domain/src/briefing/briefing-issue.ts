import type { BriefingDraft, BriefingPhoto, BriefingSection } from './briefing';

/** The hash of a whole issue: the generated figures and the office's sections (given by the caller). */
export type IssueHash = (generated: Pick<BriefingDraft, 'markdown' | 'html'>, editorial: string) => string;

/** The sections that say something, in their fixed order, with each photo by name and content. */
function written(sections: BriefingSection[], photos: BriefingPhoto[]) {
  return sections
    .filter((s) => s.text !== '' || s.photoIds.length > 0)
    .map((s) => ({
      kind: s.kind,
      text: s.text,
      photos: s.photoIds.map((id) => {
        const photo = photos.find((p) => p.photoId === id);
        return { name: photo?.name ?? '', sha256: photo?.sha256 ?? '' };
      }),
    }));
}

/**
 * The office's sections as one canonical text, part of what the issue's hash covers: a changed
 * word or a swapped photo gives another hash. Empty when nothing is written, so an issue without
 * sections keeps the hash of its generated figures alone.
 */
export function editorialContent(sections: BriefingSection[], photos: BriefingPhoto[]): string {
  const content = written(sections, photos);
  return content.length === 0 ? '' : JSON.stringify(content);
}

/** The sections as a reader of a message reads them: 【工作动态】, its text, its photos by name. */
export function editorialText(
  sections: BriefingSection[],
  photos: BriefingPhoto[],
  titles: Record<string, string>,
): string {
  return written(sections, photos)
    .map((s) =>
      [
        `【${titles[s.kind] ?? s.kind}】`,
        ...(s.text ? [s.text] : []),
        ...(s.photos.length > 0
          ? [`附照片 ${s.photos.length} 张：${s.photos.map((p) => p.name).join('、')}`]
          : []),
      ].join('\n'),
    )
    .join('\n\n');
}
