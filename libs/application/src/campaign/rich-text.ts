import sanitizeHtml from 'sanitize-html';

/** Live figure blocks a report may embed; each prints its figures and their as-of when shown. */
export const FIGURE_BLOCKS = ['tasks', 'indicators', 'achievements', 'funds'] as const;
export type FigureBlock = (typeof FIGURE_BLOCKS)[number];

/** An image in a report is an uploaded, inspected evidence file, by its download route. */
const EVIDENCE_IMAGE = /^\/api\/evidence\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'ul',
    'ol',
    'li',
    'blockquote',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'img',
    'div',
  ],
  allowedAttributes: {
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    img: ['src', 'alt'],
    div: ['data-sg-block'],
  },
  allowedSchemes: [],
  allowedSchemesAppliedToAttributes: ['src'],
  allowProtocolRelative: false,
  // Word's conditional comments and style blocks go with their content.
  nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'xml', 'title', 'head'],
  exclusiveFilter: (frame) =>
    (frame.tag === 'img' && !EVIDENCE_IMAGE.test(frame.attribs.src ?? '')) ||
    (frame.tag === 'div' &&
      frame.attribs['data-sg-block'] !== undefined &&
      !(FIGURE_BLOCKS as readonly string[]).includes(frame.attribs['data-sg-block'])),
  transformTags: {
    b: 'strong',
    i: 'em',
  },
};

/**
 * Word's list paragraphs (`<p class=MsoListParagraph… style="mso-list:…">` with the bullet or
 * number in a `supportLists` span) as real lists: consecutive ones become one `<ol>` or `<ul>`.
 */
function wordListsToLists(html: string): string {
  const item = /<p\b[^>]*style=(["'])[^"']*mso-list:[^"']*\1[^>]*>([\s\S]*?)<\/p>/gi;
  const marker =
    /<!--\[if !supportLists\]-->([\s\S]*?)<!--\[endif\]-->|<!\[if !supportLists\]>([\s\S]*?)<!\[endif\]>/i;
  const items: { start: number; end: number; ordered: boolean; body: string }[] = [];
  for (const match of html.matchAll(item)) {
    const found = marker.exec(match[2]);
    const label = (found?.[1] ?? found?.[2] ?? '').replace(/<[^>]*>/g, '').replace(/&nbsp;|\s/g, '');
    items.push({
      start: match.index,
      end: match.index + match[0].length,
      ordered: /^[(（]?[\d一二三四五六七八九十a-zA-Z]+[.、)）]/.test(label),
      body: match[2].replace(marker, ''),
    });
  }
  if (items.length === 0) return html;
  // Runs of adjacent items of one kind, each becoming one list.
  const runs: (typeof items)[] = [];
  for (const it of items) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (last && last.ordered === it.ordered && html.slice(last.end, it.start).trim() === '') run.push(it);
    else runs.push([it]);
  }
  let out = '';
  let at = 0;
  for (const run of runs) {
    const tag = run[0].ordered ? 'ol' : 'ul';
    out += `${html.slice(at, run[0].start)}<${tag}>${run.map((it) => `<li>${it.body}</li>`).join('')}</${tag}>`;
    at = run[run.length - 1].end;
  }
  return out + html.slice(at);
}

/**
 * Report HTML as it is stored: only the tags a report needs (headings, paragraphs, emphasis,
 * lists, tables, evidence images, figure blocks), no attributes beyond those, no styles, scripts,
 * event handlers or links. Word's list paragraphs are turned into lists first.
 */
export function sanitizeReportHtml(html: string): string {
  return sanitizeHtml(wordListsToLists(html), OPTIONS).trim();
}
