// Launches Debian's chromium through playwright-core for the browser tests,
// with the flags that keep it off the network, and a fresh profile each time.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Why the browser tests cannot run here, or null when they can.
export async function skipReason() {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} not found: apt-get install chromium (scripts/bootstrap.sh)`;
  try {
    await import('playwright-core');
  } catch {
    return 'playwright-core not installed: npm ci --prefix tests/browser (scripts/bootstrap.sh)';
  }
  return null;
}

// Starts chromium headless; returns {context, page(), errors, close()}.
// `errors` collects uncaught page exceptions and console errors.
export async function launch() {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'waggle-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1440, height: 900 },
  });
  const errors = [];
  const watch = (page) => {
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    return page;
  };
  return {
    context,
    errors,
    async page() {
      return watch(context.pages()[0] ?? (await context.newPage()));
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
