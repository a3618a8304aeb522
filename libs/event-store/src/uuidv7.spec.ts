import { isUuid, uuidv7 } from './uuidv7';

describe('uuidv7', () => {
  it('mints distinct version-7 ids in creation order, past many refills of its random pool', () => {
    const ids = Array.from({ length: 5_000 }, () => uuidv7());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(isUuid(id)).toBe(true);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect([...ids].sort()).toEqual(ids);
  });

  it('draws the random part afresh for each id: no two ids share their last 62 bits', () => {
    const tails = new Set(Array.from({ length: 5_000 }, () => uuidv7(0).slice(19)));
    expect(tails.size).toBe(5_000);
  });
});
