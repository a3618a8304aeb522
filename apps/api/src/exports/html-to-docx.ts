import { type ImageRun, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { parseDocument } from 'htmlparser2';

/** The parts of a parsed node this converter reads (htmlparser2's DOM). */
interface Node {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: Node[];
}

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  underline?: Record<string, never>;
  strike?: boolean;
  superScript?: boolean;
  subScript?: boolean;
}

export interface HtmlToDocx {
  /** A heading within the section the HTML is placed in: 2 for h1/h2, 3 for h3/h4. */
  heading(level: 2 | 3, text: string): Paragraph;
  /** A numbered table (表N) for a live figure block. */
  figureBlock(block: string): (Paragraph | Table)[];
  /** The picture an image's `src` names, if the document embeds it; otherwise it is named in place. */
  image?(src: string, alt: string): ImageRun | undefined;
}

type Inline = TextRun | ImageRun;

const INLINE_STYLES = new Map<string, RunStyle>([
  ['strong', { bold: true }],
  ['em', { italics: true }],
  ['u', { underline: {} }],
  ['s', { strike: true }],
  ['sup', { superScript: true }],
  ['sub', { subScript: true }],
]);

const textOf = (node: Node): string =>
  node.type === 'text' ? (node.data ?? '') : (node.children ?? []).map(textOf).join('');

function runs(nodes: Node[], helpers: HtmlToDocx, style: RunStyle = {}): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      const text = (node.data ?? '').replace(/\s+/g, ' ');
      if (text !== '') out.push(new TextRun({ text, ...style }));
      continue;
    }
    if (node.type !== 'tag') continue;
    switch (node.name ?? '') {
      case 'br':
        out.push(new TextRun({ text: '', break: 1 }));
        break;
      case 'img': {
        const alt = node.attribs?.alt || '佐证材料图片';
        out.push(
          helpers.image?.(node.attribs?.src ?? '', alt) ?? new TextRun({ text: `［图：${alt}］`, ...style }),
        );
        break;
      }
      default:
        // A styling tag adds its style to the text inside; any other tag keeps the style it is in.
        out.push(...runs(node.children ?? [], helpers, { ...style, ...INLINE_STYLES.get(node.name ?? '') }));
    }
  }
  return out;
}

const BLOCK_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'p', 'ul', 'ol', 'table', 'blockquote', 'div']);

function tableOf(node: Node, helpers: HtmlToDocx): Table {
  const rows: Node[] = [];
  const collect = (n: Node) => {
    for (const child of n.children ?? []) {
      if (child.type !== 'tag') continue;
      if (child.name === 'tr') rows.push(child);
      else collect(child);
    }
  };
  collect(node);
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: (rows.length > 0 ? rows : [{ type: 'tag', name: 'tr', children: [] }]).map(
      (row) =>
        new TableRow({
          children: (() => {
            const cells = (row.children ?? []).filter(
              (c) => c.type === 'tag' && (c.name === 'td' || c.name === 'th'),
            );
            const made = cells.map(
              (c) =>
                new TableCell({
                  columnSpan: Number(c.attribs?.colspan) > 1 ? Number(c.attribs?.colspan) : undefined,
                  rowSpan: Number(c.attribs?.rowspan) > 1 ? Number(c.attribs?.rowspan) : undefined,
                  children: [
                    new Paragraph({
                      style: 'TableText',
                      children: runs(c.children ?? [], helpers, c.name === 'th' ? { bold: true } : {}),
                    }),
                  ],
                }),
            );
            // A row needs at least one cell.
            return made.length > 0 ? made : [new TableCell({ children: [new Paragraph('')] })];
          })(),
        }),
    ),
  });
}

/**
 * Stored report HTML (already sanitized: headings, paragraphs, lists, tables, images, figure
 * blocks) as Word paragraphs and tables in the document's named styles. An evidence image the
 * helpers embed is a picture in the text; any other is named in place (［图：…］).
 */
export function htmlToDocx(html: string, helpers: HtmlToDocx): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  const inline: Node[] = [];
  const flush = () => {
    if (inline.length === 0) return;
    const made = runs(inline.splice(0), helpers);
    if (made.length > 0) out.push(new Paragraph({ style: 'BodyText', children: made }));
  };
  const walk = (nodes: Node[], quote = false) => {
    for (const node of nodes) {
      if (node.type !== 'tag' || !BLOCK_TAGS.has(node.name ?? '')) {
        if (node.type === 'text' || node.type === 'tag') inline.push(node);
        continue;
      }
      flush();
      switch (node.name ?? '') {
        case 'h1':
        case 'h2':
          out.push(helpers.heading(2, textOf(node).trim()));
          break;
        case 'h3':
        case 'h4':
          out.push(helpers.heading(3, textOf(node).trim()));
          break;
        case 'p':
          out.push(
            new Paragraph({
              style: 'BodyText',
              ...(quote ? { indent: { left: 480 } } : {}),
              children: runs(node.children ?? [], helpers),
            }),
          );
          break;
        case 'ul':
        case 'ol': {
          let n = 0;
          for (const li of node.children ?? []) {
            if (li.type !== 'tag' || li.name !== 'li') continue;
            n += 1;
            out.push(
              new Paragraph({
                style: 'BodyText',
                children: [
                  new TextRun(node.name === 'ol' ? `${n}. ` : '• '),
                  ...runs(li.children ?? [], helpers),
                ],
              }),
            );
          }
          break;
        }
        case 'table':
          out.push(tableOf(node, helpers));
          break;
        case 'blockquote':
          walk(node.children ?? [], true);
          flush();
          break;
        case 'div': {
          const block = node.attribs?.['data-sg-block'];
          if (block) out.push(...helpers.figureBlock(block));
          else {
            walk(node.children ?? [], quote);
            flush();
          }
          break;
        }
        default:
          break;
      }
    }
  };
  walk(parseDocument(html).children);
  flush();
  return out;
}
