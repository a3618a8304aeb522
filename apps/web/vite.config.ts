import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The web UI: built into dist/web, served by the API at `/` (apps/api/src/http/web-app.ts).
export default defineConfig({
  root: resolve(import.meta.dirname),
  base: '/',
  publicDir: false,
  // The one lib the page may import (see .dependency-cruiser.cjs): shapes shared with the API.
  resolve: { alias: { '@sg/contracts': resolve(import.meta.dirname, '../../libs/contracts/src') } },
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: true,
    rollupOptions: {
      // antd's modules start with "use client" (for React Server Components); meaningless in a bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
