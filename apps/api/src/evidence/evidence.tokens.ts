export const CONTENT_STORE = Symbol('ContentStore');
export const EVIDENCE_SCANNER = Symbol('EvidenceScanner');
