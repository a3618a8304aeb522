/** A virus scanner hook: the default accepts; deployments plug in a real engine (e.g. ClamAV). */
export interface EvidenceScanner {
  scan(content: Buffer[]): Promise<{ clean: true } | { clean: false; threat: string }>;
}

export const acceptAllScanner: EvidenceScanner = { scan: () => Promise.resolve({ clean: true }) };

/** The EICAR anti-virus test file's signature: what every scanner is expected to flag. */
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/** A scanner that knows one signature, EICAR's, in the file or any part of an Office package. */
export const eicarScanner: EvidenceScanner = {
  scan: (content) =>
    Promise.resolve(
      content.some((part) => part.includes(EICAR))
        ? { clean: false, threat: 'EICAR-Test-File' }
        : { clean: true },
    ),
};
