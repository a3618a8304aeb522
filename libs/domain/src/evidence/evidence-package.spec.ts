import { deciderSpec } from '@sg/testing';
import { evidencePackageDecider, type EvidencePackageDownload } from './evidence-package';

const spec = deciderSpec(evidencePackageDecider);
const download: EvidencePackageDownload = {
  downloadId: 'd1',
  planId: 'p1',
  cutoff: '2021-12-31',
  files: 3,
  bytes: 12_345,
  manifestSha256: 'a'.repeat(64),
};

describe('evidence package downloads', () => {
  it('records a download with what the package held', () => {
    spec
      .given([])
      .when({ type: 'RecordEvidencePackageDownload', data: download })
      .then([{ type: 'EvidencePackageDownloaded', data: download }]);
  });

  it('records an empty package too: someone still downloaded it', () => {
    const empty = { ...download, files: 0, bytes: 0 };
    spec
      .given([])
      .when({ type: 'RecordEvidencePackageDownload', data: empty })
      .then([{ type: 'EvidencePackageDownloaded', data: empty }]);
  });

  it('records one download once', () => {
    spec
      .given([{ type: 'EvidencePackageDownloaded', data: download }])
      .when({ type: 'RecordEvidencePackageDownload', data: download })
      .thenThrows('download-recorded');
  });

  it('refuses counts that cannot be', () => {
    spec
      .given([])
      .when({ type: 'RecordEvidencePackageDownload', data: { ...download, files: -1 } })
      .thenThrows('package-size-invalid');
    spec
      .given([])
      .when({ type: 'RecordEvidencePackageDownload', data: { ...download, bytes: 1.5 } })
      .thenThrows('package-size-invalid');
    spec
      .given([])
      .when({ type: 'RecordEvidencePackageDownload', data: { ...download, manifestSha256: 'x' } })
      .thenThrows('manifest-hash-invalid');
  });
});
