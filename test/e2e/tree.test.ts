// The Issues and All Attachments trees as a new user meets them: view-title actions with a row selected, palette
// commands with a folder selected, a status change into a collapsed group, empty folders, the group toggle, search
// results, and a log's review state in both views. Screenshots in test-results/tree/.
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { expand, newIssueFromPalette, runCommand, runContextMenu, screenshot, showTrcaa, sideBar, useWorkbench, visibleText } from './workbench';

describe('the Issues tree as a new user meets it (UI)', function () {
  this.timeout(240_000);
  let page: Page;
  const workbench = useWorkbench('tree');
  before(() => (page = workbench()));

  const title = 'Checkout gateway timeouts';
  const quickTitle = (text: string) => page.locator('.quick-input-widget .quick-input-title', { hasText: text });
  const errorToasts = () => page.locator('.notifications-toasts .notification-toast', { hasText: 'TRCAA:' });
  const issuesHeader = () => sideBar(page).locator('.pane-header', { hasText: 'Issues' }).first();
  const incidentRow = () => sideBar(page).locator('.monaco-list-row[aria-level="2"]', { hasText: title }).first();
  const folderRow = (label: string) => sideBar(page).locator('.monaco-list-row[aria-level="3"]', { hasText: label }).first();

  /** A view-title action of the Issues view (shown while its header is hovered), clicked as a person does. */
  async function clickTitleAction(label: string): Promise<void> {
    const action = issuesHeader().locator(`.action-label[aria-label^="${label}"]`).first();
    for (let attempt = 0; ; attempt++) {
      await issuesHeader().hover();
      if (await action.waitFor({ timeout: 3000 }).then(() => true, () => false)) break;
      if (attempt >= 4) throw new Error(`the Issues view never showed its ${label} action`);
    }
    await action.click();
  }

  /** No error notification appears within a moment (a failing command shows "TRCAA: …"). */
  async function assertNoError(what: string): Promise<void> {
    await page.waitForTimeout(1000);
    const errors = await errorToasts().allInnerTexts();
    assert.deepEqual(errors, [], `${what}: no error is shown`);
  }

  async function selectRow(row: Locator): Promise<void> {
    await row.waitFor();
    await row.click();
    await page.locator(`#workbench\\.parts\\.sidebar .monaco-list-row[aria-selected="true"]`, { hasText: (await row.innerText()).split('\n')[0] }).first().waitFor();
  }

  it('with an incident selected, New Issue, Search and Filter in the view title open their prompts, no error', async function () {
    await newIssueFromPalette(page, title); // leaves the incident selected
    await selectRow(incidentRow());
    await clickTitleAction('New Issue');
    await quickTitle('New Issue (1/4)').waitFor();
    await page.keyboard.press('Escape');
    await assertNoError('New Issue');
    await selectRow(incidentRow());
    await clickTitleAction('Search Issues');
    await quickTitle('Search Issues').waitFor();
    await page.keyboard.press('Escape');
    await assertNoError('Search Issues');
    await selectRow(incidentRow());
    await clickTitleAction('Filter Issues');
    await quickTitle('Filter Issues').waitFor();
    await page.keyboard.press('Escape');
    await assertNoError('Filter Issues');
    await screenshot(page, 'tree', '1-title-actions-with-selection');
  });

  it('search results highlight the match in place, with no raw ‹ › markers', async function () {
    await runCommand(page, 'TRCAA: Search Issues…');
    await quickTitle('Search Issues').waitFor();
    await page.locator('.quick-input-widget input.input').fill('gateway');
    // The box first lists recent incidents, then the search's hits: let the hits arrive.
    const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row:visible');
    await rows.first().waitFor();
    await page.waitForTimeout(1500);
    const shown = (await rows.allInnerTexts()).map(visibleText);
    assert.ok(shown.some((text) => text.includes('gateway')), `the hit is listed: ${JSON.stringify(shown)}`);
    assert.deepEqual(shown.filter((text) => /[‹›]/.test(text)), [], 'no raw markers');
    const hit = rows.filter({ hasText: title }).first();
    assert.equal(visibleText(await hit.locator('.highlight').first().innerText()).toLowerCase(), 'gateway', 'the match is highlighted');
    await screenshot(page, 'tree', '2-search-highlights');
    await page.keyboard.press('Escape');
  });

  it('with a folder of an incident selected, palette Copy Issue ID and Set Status… act on that incident', async function () {
    await expand(incidentRow());
    await selectRow(folderRow('Timeline'));
    await runCommand(page, 'TRCAA: Copy Issue ID');
    await page.locator('.statusbar', { hasText: 'copied issue ID' }).waitFor({ timeout: 5000 });
    await selectRow(folderRow('Timeline'));
    await runCommand(page, 'TRCAA: Set Status…');
    await quickTitle('Set Status').waitFor({ timeout: 5000 });
    await page.keyboard.press('Escape');
    await assertNoError('Set Status');
  });

  it('empty 5 Whys and Documents folders show their count and what to do', async function () {
    await expand(incidentRow());
    assert.match(visibleText(await folderRow('5 Whys').innerText()), /5 Whys \(0\)/);
    assert.match(visibleText(await folderRow('Documents').innerText()), /Documents \(0\)/);
    await expand(folderRow('Documents'));
    await sideBar(page).locator('.monaco-list-row[aria-level="4"]', { hasText: 'No documents yet' }).first().waitFor();
    await expand(folderRow('5 Whys'));
    await sideBar(page).locator('.monaco-list-row[aria-level="4"]', { hasText: 'No whys yet' }).first().waitFor();
    await screenshot(page, 'tree', '3-empty-folders');
  });

  it('a status change into a collapsed group reveals and selects the incident there', async function () {
    await runContextMenu(page, incidentRow(), 'Set Status…');
    await quickTitle('Set Status').waitFor();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Resolved' }).first().click();
    const resolved = sideBar(page).locator('.monaco-list-row[aria-level="1"]', { hasText: 'Resolved' }).first();
    await resolved.waitFor();
    await sideBar(page).locator('.monaco-list-row[aria-level="2"][aria-selected="true"]', { hasText: title }).first().waitFor({ timeout: 5000 });
    assert.equal(await resolved.getAttribute('aria-expanded'), 'true');
    await screenshot(page, 'tree', '4-revealed-in-resolved');
  });

  it('the group toggle shows the current mode and keeps the tree open', async function () {
    const description = () => issuesHeader().locator('.description');
    assert.equal(visibleText(await description().innerText()).trim(), 'by status');
    await clickTitleAction('Group Issues by Severity');
    await issuesHeader().locator('.description', { hasText: 'by severity' }).waitFor({ timeout: 5000 });
    await incidentRow().waitFor({ timeout: 5000 });
    await clickTitleAction('Group Issues by Status');
    await issuesHeader().locator('.description', { hasText: 'by status' }).waitFor({ timeout: 5000 });
    // The incident sits in Resolved, which was open before the toggle: it is still shown.
    await incidentRow().waitFor({ timeout: 5000 });
    await screenshot(page, 'tree', '5-grouping');
  });

  it("a log's menu offers Approve or Revoke, and All Attachments follows the approval", async function () {
    await runCommand(page, 'View: Show Explorer');
    const explorer = page.locator('.explorer-folders-view');
    await expand(explorer.locator('.monaco-list-row[aria-label="deploy"]'));
    const file = explorer.locator('.monaco-list-row[aria-label="deploy-history.log"]');
    await file.waitFor();
    await runContextMenu(page, file, 'Attach to Issue…');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
    await page.locator('.notifications-toasts', { hasText: 'Attached deploy-history.log' }).waitFor();
    await showTrcaa(page);
    // Wherever the incident is now (on its own, this test may find it in a closed group): open the groups.
    await sideBar(page).locator('.monaco-list-row[aria-level="1"]').first().waitFor();
    for (const group of await sideBar(page).locator('.monaco-list-row[aria-level="1"][aria-expanded="false"]').all()) await group.click();
    await expand(incidentRow());
    await expand(folderRow('Logs'));
    const logRow = sideBar(page).locator('.monaco-list-row[aria-level="4"]', { hasText: 'deploy-history.log' }).first();
    await logRow.waitFor();
    await logRow.click({ button: 'right' });
    const menu = page.locator('.monaco-menu');
    await menu.locator('.action-item', { hasText: 'Approve Redaction' }).first().waitFor();
    assert.equal(await menu.locator('.action-item', { hasText: 'Revoke' }).count(), 0, 'no Revoke on a log not approved');
    await screenshot(page, 'tree', '6-log-menu-pending');
    await menu.locator('.action-item', { hasText: 'Approve Redaction' }).first().click();
    await sideBar(page).locator('.monaco-list-row[aria-level="4"]', { hasText: '✓ approved' }).first().waitFor();
    // All Attachments: the same log, drawn as approved (not the shield of a log awaiting review).
    const attachments = sideBar(page).locator('.pane-header', { hasText: 'All Attachments' }).first();
    if ((await attachments.getAttribute('aria-expanded')) !== 'true') await attachments.click();
    const attachedRow = sideBar(page).locator('.monaco-list-row[aria-level="2"]', { hasText: 'deploy-history.log' }).last();
    await attachedRow.locator('.codicon-pass-filled').waitFor({ timeout: 5000 });
    await logRow.click({ button: 'right' });
    await menu.locator('.action-item', { hasText: 'Revoke' }).first().waitFor();
    assert.equal(await menu.locator('.action-item', { hasText: 'Approve Redaction' }).count(), 0, 'no Approve on an approved log');
    await page.keyboard.press('Escape');
    await screenshot(page, 'tree', '7-approved-in-both-views');
  });
});
