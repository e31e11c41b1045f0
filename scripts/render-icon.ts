// Renders media/icons/trcaa.svg to the 128×128 PNG that package.json's "icon" names (the Marketplace and the
// Extensions view take no SVG), with Debian's Chromium — no image tool to install. Run after changing the SVG:
//   npm run build && node out/scripts/render-icon.js
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../test/host/browser';
import { repoRoot } from '../test/host/paths';

async function main(): Promise<void> {
  const svg = readFileSync(path.join(repoRoot, 'media/icons/trcaa.svg'), 'utf8');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(repoRoot, 'media/icons/trcaa.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
  console.log('[render-icon] media/icons/trcaa.png written');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
