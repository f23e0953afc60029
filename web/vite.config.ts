import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://127.0.0.1:8080';

// The built app is served by the Tansiq server at `/`, with an SPA fallback for every
// path outside /api and /taxii2. Everything (fonts included) ships in dist: users are air-gapped.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': api, '/taxii2': api },
  },
  preview: {
    proxy: { '/api': api, '/taxii2': api },
  },
});
