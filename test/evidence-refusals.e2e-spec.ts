import { BYPASSES, REFUSALS } from './fixtures/evidence-corpus';
import { evidenceSuite, refusesEach } from './fixtures/evidence-suite';

describe('evidence uploads (佐证材料): refusals', () => {
  const suite = evidenceSuite();

  it('has a corpus of at least 50 bad uploads, and at least 30 bypasses of the old inspector', () => {
    expect(REFUSALS.length).toBeGreaterThanOrEqual(50);
    expect(BYPASSES.length).toBeGreaterThanOrEqual(30);
  });

  refusesEach(suite, REFUSALS);
});
