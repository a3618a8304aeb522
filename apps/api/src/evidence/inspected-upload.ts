import {
  cleanFileName,
  inspectEvidence,
  type ContentStore,
  type EvidenceScanner,
  type InspectionQueue,
} from '@sg/evidence';
import type { Request } from 'express';
import { readSingleUpload } from './multipart';

/** What an upload route needs to take in a file as evidence is taken in. */
export interface UploadIntake {
  maxBytes: number;
  store: ContentStore;
  scanner: EvidenceScanner;
  /** Bounds the uploads held and inspected at once (memory and CPU), across all upload routes. */
  inspections: InspectionQueue;
}

/** An inspected file, stored under its content hash while its event is recorded. */
export interface StoredUpload {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
}

/**
 * Reads one uploaded file, inspects it (type by content, scan), and stores it while `record`
 * appends its event: a file is stored before its event (a crash never leaves an event without
 * its file) and removed again if `record` throws (412, 403, …), so a refused upload leaves nothing.
 */
export async function takeInUpload<R extends object>(
  req: Request,
  intake: UploadIntake,
  record: (file: StoredUpload) => Promise<R>,
): Promise<R & { sha256: string; name: string }> {
  // Admitted before the body is read: a refused upload never holds memory.
  const ticket = intake.inspections.admit();
  let upload: { name: string; bytes: Buffer };
  let inspection: { mediaType: string };
  let name: string;
  try {
    // With an Idempotency-Key the idempotency middleware has read it already, to fingerprint it.
    upload = req.upload ?? (await readSingleUpload(req, intake.maxBytes));
    name = cleanFileName(upload.name);
    inspection = await ticket.inspect(() => inspectEvidence(upload.bytes, name, { scanner: intake.scanner }));
  } finally {
    ticket.release();
  }
  return intake.store.storedWhile(upload.bytes, async (sha256) => {
    const result = await record({ sha256, name, mediaType: inspection.mediaType, size: upload.bytes.length });
    return { ...result, sha256, name };
  });
}
