import { ConfigError, loadConfig } from './config';

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig({ DATA_DIR: '/tmp/sg-config-spec', ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
};

describe('the clamd scanner settings', () => {
  it('takes a local socket, with the default timeout and a stream bound equal to the upload limit', () => {
    const config = loadConfig({
      DATA_DIR: '/tmp/sg-config-spec',
      EVIDENCE_SCANNER: 'clamd',
      CLAMD_SOCKET: '/run/clamav/clamd.ctl',
      EVIDENCE_MAX_BYTES: '2000000',
    });
    expect(config.evidence.scanner).toBe('clamd');
    expect(config.evidence.clamd).toEqual({
      address: { socket: '/run/clamav/clamd.ctl' },
      timeoutMs: 30_000,
      maxStreamBytes: 2_000_000,
    });
  });

  it('takes a TCP address', () => {
    const config = loadConfig({
      DATA_DIR: '/tmp/sg-config-spec',
      EVIDENCE_SCANNER: 'clamd',
      CLAMD_HOST: 'clamav.internal',
      CLAMD_PORT: '3311',
      CLAMD_TIMEOUT_MS: '5000',
    });
    expect(config.evidence.clamd).toMatchObject({
      address: { host: 'clamav.internal', port: 3311 },
      timeoutMs: 5000,
    });
  });

  it('reports every problem at once: no address, a bad timeout, a bad port', () => {
    const message = problemsOf({ EVIDENCE_SCANNER: 'clamd', CLAMD_TIMEOUT_MS: 'soon', CLAMD_PORT: '0' });
    expect(message).toContain('CLAMD_SOCKET');
    expect(message).toContain('CLAMD_TIMEOUT_MS');
    expect(message).toContain('CLAMD_PORT');
  });

  it('refuses both a socket and a host, and a relative socket path', () => {
    expect(problemsOf({ EVIDENCE_SCANNER: 'clamd', CLAMD_SOCKET: '/a.sock', CLAMD_HOST: 'h' })).toContain(
      '只能设置其一',
    );
    expect(problemsOf({ EVIDENCE_SCANNER: 'clamd', CLAMD_SOCKET: 'clamd.sock' })).toContain('绝对路径');
  });

  it('names clamd among the scanners when EVIDENCE_SCANNER is unknown', () => {
    expect(problemsOf({ EVIDENCE_SCANNER: 'norton' })).toContain('accept-all / eicar / clamd');
  });
});
