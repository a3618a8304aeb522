import type { AppConfig } from '@sg/config';
import { acceptAllScanner, ClamdScanner, eicarScanner, type EvidenceScanner } from '@sg/evidence';

/** The scanner the configuration names (EVIDENCE_SCANNER). */
export function scannerFor(evidence: AppConfig['evidence']): EvidenceScanner {
  switch (evidence.scanner) {
    case 'accept-all':
      return acceptAllScanner;
    case 'eicar':
      return eicarScanner;
    case 'clamd':
      // loadConfig sets the clamd settings whenever it accepts EVIDENCE_SCANNER=clamd.
      return new ClamdScanner(evidence.clamd!);
    default: {
      const unknown: never = evidence.scanner;
      throw new Error(`unknown scanner ${String(unknown)}`);
    }
  }
}
