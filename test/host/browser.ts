// Debian's Chromium (or the one CHROME_PATH names) driven by playwright-core; never a downloaded browser.
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function chromePath(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH points to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error('No Chromium or Chrome found: install Debian\'s chromium package or set CHROME_PATH');
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromePath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/**
 * A page for VS Code for the Web. code-server registers its own service worker (for installing it as an app) at
 * the root scope; a webview that loads while that worker controls it waits for its own worker, which then never
 * takes over ("Found unexpected service worker controller"), and the webview stays blank. Tests need no app install:
 * that one registration is skipped, in every frame. VS Code's webview workers register as usual.
 */
export async function newWorkbenchPage(browser: Browser, options: Parameters<Browser['newPage']>[0] = {}): Promise<Page> {
  const page = await browser.newPage(options);
  await page.addInitScript(() => {
    const container = (navigator as Navigator & { serviceWorker?: ServiceWorkerContainer }).serviceWorker;
    if (!container) return;
    const register = container.register.bind(container);
    container.register = (url: string | URL, registration?: RegistrationOptions) =>
      String(url).includes('/_static/out/browser/serviceWorker.js') ? Promise.reject(new Error('code-server\'s app service worker is not used in tests')) : register(url, registration);
  });
  return page;
}
