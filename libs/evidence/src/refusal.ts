/** Why an upload was refused: a stable code and a zh-CN message the uploader can act on. */
export class EvidenceRefused extends Error {
  constructor(
    readonly code: string,
    readonly userMessage: string,
    /** 413 for size, 415 for type, 422 for content, 503 when no verdict can be given now. */
    readonly status: 413 | 415 | 422 | 503 = 422,
    /** Seconds after which a retry may succeed (503 only). */
    readonly retryAfter?: number,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = 'EvidenceRefused';
  }
}
