// Builds the single-page app into dist/, which CMake embeds into the waggle
// binary (cmake/embed_assets.cmake). Hashed file names under dist/assets/ let
// the server cache them forever. `npm run dev` serves the app with hot reload
// and forwards API calls to a running server ($WAGGLE_URL, default
// http://127.0.0.1:8080).
import { defineConfig } from 'vite';

const target = process.env.WAGGLE_URL ?? 'http://127.0.0.1:8080';
// AWS JSON calls (CloudWatch Logs: POST / with X-Amz-Target) go to the
// server; GET / stays the app.
const aws = { target, bypass: (req: { method?: string; url?: string }) => (req.method === 'POST' ? undefined : req.url) };
const proxy = { '/api': target, '/v1': target, '/healthz': target, '^/$': aws };

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2020',
    sourcemap: false,
    emptyOutDir: true,
    chunkSizeWarningLimit: 300,
  },
  server: { proxy },
  preview: { proxy },
});
