import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startApi, type ApiHarness } from './api-harness';

/** Whatever way a browser reaches an HTML page of ours, the page's script rules come with it. */
describe('HTML answers and the Content-Security-Policy', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    if (!existsSync(join(__dirname, '..', 'dist', 'web', 'index.html')))
      throw new Error('dist/web is missing: run npm run build before the tests');
    api = await startApi();
  });
  afterAll(() => api.close());

  const htmlPaths = [
    '/',
    '/index.html',
    '/index.html?x=1',
    '/reviews',
    '/plan/some/deep/page',
    '/no-such-page.html',
    '/assets/no-such-chunk.js',
    '/%E0%A4%A',
    '/api/docs',
  ];

  it.each(htmlPaths)('GET %s answers HTML with the policy and nosniff', async (path) => {
    const res = await api.anonymous.get(path).redirects(2);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['/', '/index.html', '/reviews'])('HEAD %s carries the policy too', async (path) => {
    const res = await api.anonymous.head(path).expect(200);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
  });

  it('sends the same page at / and /index.html', async () => {
    const root = await api.anonymous.get('/').expect(200);
    const index = await api.anonymous.get('/index.html').expect(200);
    expect(index.text).toBe(root.text);
    expect(index.headers['content-security-policy']).toBe(root.headers['content-security-policy']);
  });
});
