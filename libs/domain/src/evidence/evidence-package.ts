import { type Message } from '../shared/decider';
import { ledgerDecider } from '../shared/ledger';
import { DomainError } from '../shared/domain-error';

/** One download of a plan's evidence package (佐证材料包): what it held and for which report dates. */
export interface EvidencePackageDownload {
  downloadId: string;
  planId: string;
  /** The report dates the package was assembled for; absent: as things stand now. */
  cutoff?: string;
  knownAt?: string;
  /** Evidence files in the package (the catalogue and manifest not counted). */
  files: number;
  /** Bytes of those files. */
  bytes: number;
  /** SHA-256 of the manifest: the same manifest names the same files, hashes and paths. */
  manifestSha256: string;
  /** The byte a resumed download (a Range request) started from. */
  resumedFrom?: number;
}

export type EvidencePackageCommand = Message<'RecordEvidencePackageDownload', EvidencePackageDownload>;
export type EvidencePackageEvent = Message<'EvidencePackageDownloaded', EvidencePackageDownload>;

/** One stream per download: a download is recorded once, whoever else downloads at the same time. */
export const evidencePackageStream = (downloadId: string): string => `evidence_package-${downloadId}`;

export const evidencePackageDecider = ledgerDecider<EvidencePackageCommand, EvidencePackageEvent>(
  'EvidencePackageDownloaded',
  (data, state) => {
    if (state.recorded > 0)
      throw new DomainError('conflict', 'download-recorded', '该次佐证材料包下载已登记。');
    const { files, bytes, manifestSha256 } = data;
    if (!Number.isSafeInteger(files) || files < 0 || !Number.isSafeInteger(bytes) || bytes < 0)
      throw new DomainError('invalid', 'package-size-invalid', '佐证材料包的文件数或大小无效。', {
        files,
        bytes,
      });
    if (!/^[0-9a-f]{64}$/.test(manifestSha256))
      throw new DomainError('invalid', 'manifest-hash-invalid', '佐证材料包清单的哈希值无效。', {});
    return data;
  },
);
