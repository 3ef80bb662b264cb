// Writes FILE.gz beside every text file of dist/ (after `vite build`), so the
// server can send precompressed bytes; cmake/embed_assets.cmake embeds both.
import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TEXT = /\.(html|js|mjs|css|svg|json|txt|map)$/;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
    } else if (TEXT.test(name)) {
      const gz = gzipSync(readFileSync(path), { level: 9 });
      writeFileSync(`${path}.gz`, gz);
    }
  }
}

walk(new URL('../dist', import.meta.url).pathname);
