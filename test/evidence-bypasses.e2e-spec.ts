import { BYPASSES } from './fixtures/evidence-corpus';
import { evidenceSuite, refusesEach } from './fixtures/evidence-suite';

/** Bypasses of the old inspector (issue 12) and variants of each class (ADR 0012). */
describe('evidence uploads (佐证材料): bypasses of the old inspector', () => {
  refusesEach(evidenceSuite(), BYPASSES);
});
