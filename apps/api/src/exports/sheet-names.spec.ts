import { sheetNamer } from './tables.workbook';

describe('sheet names Excel accepts', () => {
  it('replaces the characters Excel forbids and trims apostrophes at either end', () => {
    const name = sheetNamer();
    expect(name('A/B\\C:D*E?F[G]H')).toBe('A_B_C_D_E_F_G_H');
    expect(name("'引号'")).toBe('引号');
  });

  it('shortens the name, not the suffix, to 31 units without splitting a character', () => {
    const name = sheetNamer();
    const sheet = name('😀'.repeat(20), '-绩效自评表');
    expect(sheet.length).toBeLessThanOrEqual(31);
    expect(sheet.endsWith('-绩效自评表')).toBe(true);
    expect(sheet).toBe(`${'😀'.repeat(12)}-绩效自评表`);
  });

  it('numbers names that clash ignoring case, and never uses History', () => {
    const name = sheetNamer();
    expect(name('信息/技术')).toBe('信息_技术');
    expect(name('信息:技术')).toBe('信息_技术 (2)');
    expect(name('abc')).toBe('abc');
    expect(name('ABC')).toBe('ABC (2)');
    expect(name('History')).toBe('History (2)');
    const long = 'x'.repeat(40);
    expect(name(long)).toBe('x'.repeat(31));
    expect(name(long)).toBe(`${'x'.repeat(27)} (2)`);
  });

  it('gives an empty name a placeholder', () => {
    const name = sheetNamer();
    expect(name('')).toBe('表');
    expect(name("''")).toBe('表 (2)');
  });
});
