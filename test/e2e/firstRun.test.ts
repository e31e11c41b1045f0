// A new user's first minutes, as they are in Development mode (npm start): the welcome text, the walkthrough,
// Show Diagnostics and Check Database Integrity must say what is true of the plain database this mode uses.
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { activityBarItem, runCommand, screenshot, sideBar, useWorkbench, visibleText } from './workbench';

/** A walkthrough step's check mark, found by the step's id (VS Code qualifies it with the extension's). */
const stepCheck = (page: Page, step: string): Locator => page.locator(`.gettingStartedContainer [data-done-step-id$="${step}"]`).first();

describe('first run in Development mode (UI)', function () {
  let page: Page;
  const workbench = useWorkbench('firstRun');
  before(() => (page = workbench()));

  it('the empty Issues view says the database is not encrypted, not "AES-256 encrypted"', async function () {
    await activityBarItem(page, 'TRCAA').click();
    const welcome = sideBar(page).locator('.welcome-view-content', { hasText: 'No incidents yet' });
    await welcome.waitFor({ state: 'visible', timeout: 60_000 });
    // Until the extension has said which (it is activating as the view opens), the text says neither.
    const plainText = sideBar(page).locator('.welcome-view-content', { hasText: 'not encrypted here' });
    await plainText.waitFor({ state: 'visible', timeout: 15_000 }).catch(() => undefined);
    const text = visibleText(await welcome.textContent());
    await screenshot(page, 'firstRun', '1-welcome');
    assert.doesNotMatch(text, /AES-256 encrypted/);
    assert.match(text, /not encrypted here: Development mode without TRCAA_DB_KEY uses a plain SQLite file/);
  });

  it('the walkthrough does not tick a step whose command failed, and ticks one that succeeded', async function () {
    // The welcome view's own link to the walkthrough.
    await sideBar(page).locator('.welcome-view-content a', { hasText: 'getting-started notes' }).click();
    // The steps a new user needs before the 5 Whys, each with its picture.
    for (const title of ['Open an incident', 'Attach a log', 'Review its personal data']) {
      await page.locator('.gettingStartedContainer button.getting-started-step', { hasText: title }).click();
      await page.locator('.gettingStartedContainer .getting-started-media').first().waitFor();
      await screenshot(page, 'firstRun', `2-walkthrough-${title}`);
    }
    const rcaStep = page.locator('.gettingStartedContainer button.getting-started-step', { hasText: 'Hand over the RCA' });
    await rcaStep.waitFor({ timeout: 30_000 });
    await rcaStep.click();
    // There is no incident yet: Generate RCA cannot do its work (whatever it asks is dismissed).
    await page.locator('.gettingStartedContainer').getByRole('button', { name: 'Generate RCA' }).click();
    await page.waitForTimeout(1000);
    if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Escape');
    await page.waitForTimeout(2000);
    await screenshot(page, 'firstRun', '2-walkthrough-rca-failed');
    assert.equal(await stepCheck(page, 'rca').getAttribute('aria-checked'), 'false', 'Generate RCA made nothing: its step stays unticked');

    const diagnosticsStep = page.locator('.gettingStartedContainer button.getting-started-step', { hasText: 'Check the installation' });
    await diagnosticsStep.click();
    await page.locator('.gettingStartedContainer').getByRole('button', { name: 'Show Diagnostics' }).click();
    await page.waitForFunction((selector) => document.querySelector(selector)?.getAttribute('aria-checked') === 'true', '.gettingStartedContainer [data-done-step-id$="diagnostics"]', { timeout: 30_000 });
    await screenshot(page, 'firstRun', '3-walkthrough-diagnostics-done');
    assert.equal(await stepCheck(page, 'rca').getAttribute('aria-checked'), 'false');
  });

  it('Show Diagnostics says the database is plain SQLite, not encrypted', async function () {
    await runCommand(page, 'TRCAA: Show Diagnostics');
    const panel = page.locator('#workbench\\.parts\\.panel');
    const line = panel.locator('.view-line', { hasText: /\[diagnostics\]\sDatabase:/ }).last();
    await line.waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(page, 'firstRun', '4-diagnostics');
    assert.match(visibleText(await line.textContent()), /\[diagnostics\] Database: plain SQLite, NOT encrypted/);
  });

  it('Check Database Integrity on the plain database does not claim that every page authenticates', async function () {
    await runCommand(page, 'TRCAA: Check Database Integrity');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'TRCAA: the database is sound' }).first();
    await toast.waitFor({ timeout: 60_000 });
    const text = visibleText(await toast.textContent());
    await screenshot(page, 'firstRun', '5-check-integrity');
    assert.doesNotMatch(text, /every page authenticates/);
    assert.match(text, /no page authentication \(a plain database has no HMAC\)/);
  });
});
