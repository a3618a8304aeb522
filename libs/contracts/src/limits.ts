/** Limits the server enforces, as it announces them (`GET /api/limits`). */
export interface Limits {
  /** Largest evidence file the server accepts (EVIDENCE_MAX_BYTES). */
  evidenceMaxBytes: number;
  /** File endings the server may accept as evidence (it decides from the bytes). */
  evidenceExtensions: readonly string[];
}

/** Evidence types the API accepts (it decides from the bytes; the web checks endings early). */
export const EVIDENCE_EXTENSIONS = [
  'pdf',
  'png',
  'jpg',
  'jpeg',
  'docx',
  'xlsx',
  'pptx',
  'doc',
  'xls',
  'ppt',
] as const;

/** The default for EVIDENCE_MAX_BYTES: 50 MB. */
export const DEFAULT_EVIDENCE_MAX_BYTES = 50 * 1024 * 1024;
