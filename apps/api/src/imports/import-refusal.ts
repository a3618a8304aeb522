import { DomainError } from '@sg/domain';
import { extractDocument, ImportRefused, NotATaskBook, type SourceDocument } from '@sg/imports';
import { XLSX } from '../exports/exports.controller';

/** Seconds a client is asked to wait when every import slot is taken. */
const BUSY_RETRY_AFTER = 5;

/** An ImportRefused or NotATaskBook as the DomainError the Problem Details filter answers with. */
export function importProblem(error: unknown): unknown {
  if (error instanceof ImportRefused) {
    if (error.code === 'import-busy')
      return new DomainError('unavailable', error.code, error.userMessage, { retryAfter: BUSY_RETRY_AFTER });
    return new DomainError(
      'invalid',
      error.code,
      error.userMessage,
      error.limit ? { limit: error.limit } : {},
    );
  }
  if (error instanceof NotATaskBook)
    return new DomainError('invalid', 'import-not-a-task-book', error.userMessage);
  return error;
}

/**
 * Extracts an upload's tables within the import limits; a refusal becomes a DomainError, or, when
 * asked, an unreadable file answers undefined for the caller to report in its own words.
 */
export async function extractUpload(body: Buffer): Promise<SourceDocument>;
export async function extractUpload(
  body: Buffer,
  options: { unreadable: 'undefined' },
): Promise<SourceDocument | undefined>;
export async function extractUpload(
  body: Buffer,
  options?: { unreadable: 'undefined' },
): Promise<SourceDocument | undefined> {
  try {
    return await extractDocument(body);
  } catch (error) {
    if (options && error instanceof ImportRefused && error.code === 'import-unreadable') return undefined;
    throw importProblem(error);
  }
}

/** An upload route's body must be the XLSX file itself (the raw body parser gives a Buffer). */
export function requireXlsxBody(body: unknown): asserts body is Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new DomainError(
      'invalid',
      'import-needs-xlsx',
      `请以 XLSX 文件作为请求体上传（Content-Type: ${XLSX}）。`,
    );
  }
}

/** A workbook with cell errors: nothing is imported, every error is listed. */
export function importInvalid(errors: readonly unknown[]): DomainError {
  return new DomainError(
    'invalid',
    'import-invalid',
    `导入文件有 ${errors.length} 处错误，未导入任何内容。`,
    {
      errors,
    },
  );
}
