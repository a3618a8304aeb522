export const CONTENT_STORE = Symbol('ContentStore');
export const EVIDENCE_SCANNER = Symbol('EvidenceScanner');
/** The one bound on uploads held and inspected at once, shared by every upload route. */
export const INSPECTIONS = Symbol('Inspections');
