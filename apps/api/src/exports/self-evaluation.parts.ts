import { HeadingLevel, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { htmlToDocx } from './html-to-docx';
import { imageRun, type EmbeddedImage } from './report-image';

/** A table of computed figures a report embeds as a live block. */
export interface FigureBlockTable {
  title: string;
  headers: string[];
  rows: string[][];
  asOf: string;
}

/**
 * The school-level report's text (学校自评总结) and its 典型案例: HTML as stored, placed in the
 * source report's sections; figure blocks print the tables of the plan as of the cut-off.
 */
export interface Narratives {
  /** 建设任务完成情况, 建设成效（含标志性成果）, 特色与创新, 存在问题及分析, 下一步工作计划. */
  completion: string;
  outcomes: string;
  features: string;
  problems: string;
  plans: string;
  figures: Record<string, FigureBlockTable>;
  typicalCases: { title: string; achievement: string; tier: string; author: string; html: string }[];
  /** The head's sign-off opinion, once signed. */
  opinion: string | null;
  /** The evidence images the text shows, by their `src`: embedded in the document. */
  images?: Record<string, EmbeddedImage>;
}

/** The sections the school writes itself; the document never invents their text. */
export const TO_BE_WRITTEN = '（本节由学校在绩效自评中撰写）';

export const body = (text: string) => new Paragraph({ style: 'BodyText', children: [new TextRun(text)] });
export const placeholder = () => body(TO_BE_WRITTEN);

export function htmlAsDocx(html: string, n: Narratives, tables: Tables): (Paragraph | Table)[] {
  const made = htmlToDocx(html, {
    heading: (level, text) => heading(level, text),
    image: (src, alt) => {
      const image = n.images?.[src];
      return image && imageRun(image, alt);
    },
    figureBlock: (block) => {
      const t = n.figures[block];
      if (!t) return [];
      return [
        ...tables.table(
          t.title,
          t.headers,
          t.rows.length > 0
            ? t.rows
            : [[t.asOf.replace('（按记录计算）', '') + ' 无相关数据', ...t.headers.slice(1).map(() => '')]],
        ),
        new Paragraph({ style: 'BodyText', children: [new TextRun({ text: t.asOf, italics: true })] }),
      ];
    },
  });
  return made.length > 0 ? made : [placeholder()];
}
export const heading = (level: 1 | 2 | 3, text: string) =>
  new Paragraph({
    heading:
      level === 1 ? HeadingLevel.HEADING_1 : level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
    children: [new TextRun(text)],
  });

export const cell = (text: string, header = false) =>
  new TableCell({
    children: [new Paragraph({ style: 'TableText', children: [new TextRun({ text, bold: header })] })],
  });

/** Table numbers run through the document: 表1, 表2, … */
export class Tables {
  private count = 0;
  table(caption: string, headers: string[], rows: string[][]): (Paragraph | Table)[] {
    this.count += 1;
    return [
      new Paragraph({ style: 'TableCaption', children: [new TextRun(`表${this.count}：${caption}`)] }),
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ tableHeader: true, children: headers.map((h) => cell(h, true)) }),
          ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
        ],
      }),
    ];
  }
}
