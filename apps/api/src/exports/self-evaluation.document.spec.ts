import { chineseOrdinal } from './self-evaluation.document';
import { renumberBookmarks } from './self-evaluation.package';

describe('section numbers', () => {
  it('counts 一 to 九十九 as the report numbers its sections', () => {
    expect([1, 2, 7, 10, 11, 20, 21, 99].map(chineseOrdinal)).toEqual([
      '一',
      '二',
      '七',
      '十',
      '十一',
      '二十',
      '二十一',
      '九十九',
    ]);
  });
});

describe('heading bookmarks', () => {
  it('numbers them in heading order, references included, whatever the counter was at', () => {
    const xml = (a: number, b: number) =>
      `<w:hyperlink w:anchor="_Toc${a}"/><w:instrText>PAGEREF _Toc${b} \\h</w:instrText>` +
      `<w:p><w:bookmarkStart w:name="_Toc${a}" w:id="${a}"/><w:t>一</w:t><w:bookmarkEnd w:id="${a}"/></w:p>` +
      `<w:p><w:bookmarkStart w:name="_Toc${b}" w:id="${b}"/><w:t>二</w:t><w:bookmarkEnd w:id="${b}"/></w:p>`;
    expect(renumberBookmarks(xml(37, 38))).toBe(xml(1, 2));
    // Renumbering must not chain: an old id equal to a new one is mapped once.
    expect(renumberBookmarks(xml(2, 3))).toBe(xml(1, 2));
  });

  it('leaves bookmarks it did not number alone', () => {
    const other = '<w:bookmarkStart w:name="cover" w:id="9"/><w:bookmarkEnd w:id="9"/>';
    expect(renumberBookmarks(other)).toBe(other);
  });
});
