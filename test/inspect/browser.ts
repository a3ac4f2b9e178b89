// Real headless Chromium for the inspector tests (Debian's package, driven by playwright-core).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CANDIDATES = ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium'];

/** The browser binary: STEPFLOW_CHROMIUM, else Debian's headless shell, else Debian's chromium. A missing one is an error, never a skip. */
export function chromiumPath(): string {
  const given = process.env.STEPFLOW_CHROMIUM;
  const found = given !== undefined && given !== '' ? (existsSync(given) ? given : undefined) : CANDIDATES.find((p) => existsSync(p));
  if (found !== undefined) return found;
  const how = 'install it with `apt-get install -y --no-install-recommends chromium-headless-shell` (Debian), or set STEPFLOW_CHROMIUM to a Chromium binary';
  throw new Error(
    process.env.CI === 'true'
      ? `The inspector's browser tests need Chromium and CI did not provide it (.ci/run installs chromium-headless-shell): ${how}`
      : `The inspector's browser tests need a Chromium binary (looked for ${given ?? CANDIDATES.join(', ')}): ${how}`,
  );
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A launched browser with a fresh user data directory, removed on close. */
export interface TestBrowser {
  /** Opens a page on `html` (set as content, or from a file:// URL) and watches it. */
  open(html: string, how?: 'content' | 'file'): Promise<WatchedPage>;
  close(): Promise<void>;
}

/** A page with everything it did that a test must see. */
export interface WatchedPage {
  readonly page: Page;
  /** Page errors and console errors and warnings. */
  readonly problems: string[];
  /** Every request other than loading the page itself (all are refused). */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function launch(): Promise<TestBrowser> {
  const executablePath = chromiumPath();
  const dir = mkdtempSync(join(tmpdir(), 'stepflow-inspect-'));
  const profile = join(dir, 'profile');
  mkdirSync(profile);
  let browser: BrowserContext;
  try {
    browser = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: ARGS, viewport: { width: 1300, height: 900 } });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  let files = 0;
  return {
    async open(html, how = 'content') {
      const page = await browser.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      const file = how === 'file' ? join(dir, `page-${++files}.html`) : undefined;
      const own = file === undefined ? undefined : pathToFileURL(file).href;
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      // Every request is recorded and refused (file:// ones are only recorded: routes do not see them).
      page.on('request', (r) => {
        if (r.url() !== own) requests.push(r.url());
      });
      await page.route('**/*', (route) => (route.request().url() === own ? route.continue() : route.abort()));
      if (file !== undefined) {
        writeFileSync(file, html);
        await page.goto(own!);
      } else await page.setContent(html);
      return { page, problems, requests, close: () => page.close() };
    },
    async close() {
      try {
        await browser.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Where screenshots go (ignored by git). */
export function screenshotPath(name: string): string {
  const dir = resolve('test-output');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
