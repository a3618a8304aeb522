import { AlignmentType } from 'docx';

/** Named styles; every font a reader sees comes from one of these. */
const FONT = { song: '宋体', fangsong: '仿宋', hei: '黑体' } as const;
const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });

/** Word's built-in heading styles: id and name must stay as Word spells them for its outline to see them. */
const heading = (
  level: 1 | 2 | 3,
  run: { font: ReturnType<typeof font>; size: number; bold?: boolean },
  spacing: { before: number; after: number },
) => ({
  id: `Heading${level}`,
  name: `heading ${level}`,
  basedOn: 'Normal',
  next: 'Normal',
  quickFormat: true,
  run,
  paragraph: { spacing, outlineLevel: level - 1 },
});

export const STYLES = {
  default: { document: { run: { font: font(FONT.fangsong), size: 28 } } },
  paragraphStyles: [
    {
      id: 'Title',
      name: 'Title',
      basedOn: 'Normal',
      next: 'Normal',
      run: { font: font(FONT.song), size: 40, bold: true },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 } },
    },
    heading(1, { font: font(FONT.hei), size: 32 }, { before: 240, after: 120 }),
    heading(2, { font: font(FONT.hei), size: 28 }, { before: 180, after: 60 }),
    heading(3, { font: font(FONT.fangsong), size: 28, bold: true }, { before: 120, after: 60 }),
    {
      id: 'BodyText',
      name: '正文（仿宋）',
      basedOn: 'Normal',
      quickFormat: true,
      run: { font: font(FONT.fangsong), size: 28 },
      paragraph: { indent: { firstLine: 560 }, spacing: { line: 360 } },
    },
    {
      id: 'TableCaption',
      name: '表题（黑体）',
      basedOn: 'Normal',
      quickFormat: true,
      run: { font: font(FONT.hei), size: 24 },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 120, after: 60 } },
    },
    {
      id: 'TableText',
      name: '表格文字（宋体）',
      basedOn: 'Normal',
      quickFormat: true,
      run: { font: font(FONT.song), size: 21 },
      paragraph: { alignment: AlignmentType.CENTER },
    },
  ],
};
