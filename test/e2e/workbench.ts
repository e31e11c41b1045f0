// What the UI tests share: reaching the workbench, finding things the way a person does, keeping screenshots.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../host/paths';

/** Screenshots are test artifacts under the git-ignored test-results/ folder. */
export async function screenshot(page: Page, folder: string, name: string): Promise<string> {
  const dir = path.join(repoRoot, 'test-results', folder);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Opens `url` and waits until the workbench has drawn its activity bar. */
export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('.activitybar', { timeout: 60_000 });
}

/** An activity-bar item, found by its aria-label (the view container's title), as a screen reader would. */
export function activityBarItem(page: Page, title: string) {
  return page.locator(`.activitybar a.action-label[aria-label="${title}"]`);
}

/** Text as displayed: Monaco and the workbench draw spaces as no-break spaces. */
export function visibleText(text: string | null): string {
  return (text ?? '').replace(/\u00a0/g, ' ');
}
