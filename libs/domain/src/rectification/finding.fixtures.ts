import { person } from '../user/standing.fixtures';
import type { FindingEvent, FindingSubject } from './finding';

/** Test fixtures of the finding specs: people and the first events of finding `f1` of plan `p1`. */
export const who = person;

export const office = who('office1', ['office@plan:p1']);
export const teacher = who('teacher');
export const evidence = [{ evidenceId: 'e1', sha256: 'a'.repeat(64), name: '整改佐证.pdf' }];

export const recordedAbout = (
  subject: FindingSubject,
  title: string,
  description: string,
): Extract<FindingEvent, { type: 'FindingRecorded' }> => ({
  type: 'FindingRecorded',
  data: {
    findingId: 'f1',
    planId: 'p1',
    source: 'expert',
    severity: 'high',
    subject,
    title,
    description,
    recordedBy: 'office1',
  },
});
