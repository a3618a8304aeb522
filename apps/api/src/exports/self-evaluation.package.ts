import { unzipSync, zipSync, strFromU8, strToU8 } from 'fflate';

/**
 * docx stamps the core properties with the clock and its zip entries with the current local
 * time. Both are set to the cut-off (midnight, local, so the zip's DOS date reads the cut-off in
 * any time zone); without a cut-off, to 1980-01-01, the earliest date a zip entry can carry.
 * The headings' bookmarks (the table of contents' targets) take their numbers from a counter
 * shared by every document the process has written; they are renumbered 1, 2, … in order, and
 * so are the pictures' drawing ids (another process-wide counter).
 */
export function fixDates(packed: Buffer, cutoff: string | undefined): Buffer {
  const [y, m, d] = (cutoff ?? '1980-01-01').split('-').map(Number);
  const stamp = `${cutoff ?? '1980-01-01'}T00:00:00Z`;
  const files = unzipSync(new Uint8Array(packed));
  const main = files['word/document.xml'];
  if (main) files['word/document.xml'] = strToU8(renumberDrawings(renumberBookmarks(strFromU8(main))));
  const core = files['docProps/core.xml'];
  if (core) {
    files['docProps/core.xml'] = strToU8(
      strFromU8(core).replace(
        /(<dcterms:(created|modified) xsi:type="dcterms:W3CDTF">)[^<]*(<\/dcterms:\2>)/g,
        `$1${stamp}$3`,
      ),
    );
  }
  return Buffer.from(zipSync(files, { mtime: new Date(y, m - 1, d) }));
}

/**
 * Heading bookmarks numbered in the order the headings come: `_Toc37` with `w:id="37"` becomes
 * `_Toc1` with `w:id="1"`, and so does every reference to it (the entries' links and PAGEREFs).
 */
export function renumberBookmarks(xml: string): string {
  const ids = new Map<string, number>();
  for (const [, name, id] of xml.matchAll(/<w:bookmarkStart w:name="_Toc(\d+)" w:id="(\d+)"\/>/g)) {
    if (id !== name) throw new Error(`bookmark _Toc${name} has id ${id}`);
    ids.set(id, ids.size + 1);
  }
  const renumbered = (id: string) => ids.get(id) ?? id;
  return xml.replace(
    /<w:bookmarkStart w:name="_Toc(\d+)" w:id="\d+"\/>|<w:bookmarkEnd w:id="(\d+)"\/>|_Toc(\d+)/g,
    (_all, start?: string, end?: string, reference?: string) => {
      if (start !== undefined)
        return `<w:bookmarkStart w:name="_Toc${renumbered(start)}" w:id="${renumbered(start)}"/>`;
      if (end !== undefined) return `<w:bookmarkEnd w:id="${renumbered(end)}"/>`;
      return `_Toc${renumbered(reference!)}`;
    },
  );
}

/** Each picture's `wp:docPr` id, unique in the document: 1, 2, … in the order they come. */
export function renumberDrawings(xml: string): string {
  let next = 0;
  return xml.replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++next}"`);
}
