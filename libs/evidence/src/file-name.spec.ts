import { safePathSegment } from './file-name';

describe('path parts inside a zip', () => {
  it('replaces what Windows or zip paths refuse, and keeps Chinese names as they are', () => {
    expect(safePathSegment('课程/教材 改革')).toBe('课程_教材 改革');
    expect(safePathSegment('思政:示范课?')).toBe('思政_示范课_');
    expect(safePathSegment('a<b>c"d|e*f\\g')).toBe('a_b_c_d_e_f_g');
    expect(safePathSegment('证书.pdf')).toBe('证书.pdf');
  });

  it('neutralises controls, direction characters, dot names, trailing dots and device names', () => {
    expect(safePathSegment('a\u0000b\u202ec')).toBe('a_b_c');
    expect(safePathSegment('..')).toBe('_');
    expect(safePathSegment('   ')).toBe('_');
    expect(safePathSegment('报告. ')).toBe('报告');
    expect(safePathSegment('CON')).toBe('_CON');
    expect(safePathSegment('nul.txt')).toBe('_nul.txt');
  });

  it('shortens long parts, keeping the extension', () => {
    const cut = safePathSegment(`${'很'.repeat(200)}.pdf`, 120);
    expect([...cut]).toHaveLength(120);
    expect(cut.endsWith('很.pdf')).toBe(true);
  });
});
