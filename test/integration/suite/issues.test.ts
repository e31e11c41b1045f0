// The incident workbench in a real VS Code: the commands with arguments, then the tree as VS Code reads it
// (getChildren/getTreeItem/resolveTreeItem through the Test-mode API's issuesView).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SerializedItem } from '../../../src/views/issues/testTree';
import type { IssueSearchResult } from '../../../src/views/issues/searchIssues';
import type { DeleteManyResult, Issue, StatusChange } from '../../../src/core/model/issue';
import { answering, choose, issuesView } from './testApi';

interface TreeSnapshot {
  grouping: string;
  message: string | undefined;
  badge: number | undefined;
  statusBar: { visible: boolean; text: string; tooltip: string };
  refreshed: string[];
  groups: SerializedItem[];
}

const run = <T>(command: string, ...args: unknown[]) => Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));
const tree = (expand: string[] = []) => issuesView<TreeSnapshot>({ expand });
const findIssue = (snapshot: TreeSnapshot, id: string) =>
  snapshot.groups.flatMap((g) => (g.children ?? []).map((child) => ({ group: g, item: child }))).find(({ item }) => item.id === `issue:${id}`);

describe('the Issues view and its commands', function () {
  this.timeout(60_000);
  const created: string[] = [];
  const create = async (input: Record<string, unknown>) => {
    const issue = await run<Issue>('trcaa.newIssue', input);
    created.push(issue.id);
    return issue;
  };

  after(async () => {
    await run('trcaa.clearIssueFilter');
    await run('trcaa.setIssueGrouping', 'status');
    if (created.length) await answering({ showWarningMessage: choose('Delete') }, () => run('trcaa.deleteIssue', { ids: created }));
  });

  it('creates an issue through the command: it appears under Open with its severity icon, category and age', async () => {
    const issue = await create({ title: 'Checkout returns 502 for EU users', severity: 'critical', category: 'payments', description: 'Started after the gateway deploy; upstream timeouts in nginx.' });
    assert.equal(issue.status, 'open');
    const snapshot = await tree();
    const found = findIssue(snapshot, issue.id);
    assert.ok(found, 'the issue is in the tree');
    assert.equal(found.group.label, 'Open');
    assert.match(found.group.description ?? '', /^\d+$/, 'the group shows its count');
    assert.equal(found.item.label, 'Checkout returns 502 for EU users');
    assert.equal(found.item.icon, 'flame');
    assert.equal(found.item.color, 'errorForeground');
    assert.equal(found.item.description, 'payments · now');
    assert.equal(found.item.contextValue, 'trcaa.issue.open');
    assert.ok((snapshot.badge ?? 0) >= 1, 'the view badge counts open issues');
    assert.equal(snapshot.statusBar.visible, true);
    assert.match(snapshot.statusBar.text, /^\$\(pulse\) \d+ open · \d+ critical$/);
  });

  it('lists Logs, Images, 5 Whys, Documents and Timeline under an issue; the timeline starts with triage', async () => {
    const issue = await create({ title: 'Disk full on db-3', severity: 'high' });
    const found = findIssue(await tree([issue.id]), issue.id);
    assert.ok(found);
    assert.equal(found.item.color, 'list.warningForeground');
    const folders = found.item.children ?? [];
    assert.deepEqual(folders.map((f) => f.label), ['Logs (0)', 'Images (0)', '5 Whys (0)', 'Documents (0)', 'Timeline']);
    const timeline = folders.find((f) => f.label === 'Timeline');
    assert.deepEqual(timeline?.children?.map((e) => e.label), ['Triage started (severity high).']);
  });

  it('rejects an invalid issue with a readable message', async () => {
    await assert.rejects(run('trcaa.newIssue', { title: '   ', severity: 'critical' }), /Title is required/);
    await assert.rejects(run('trcaa.newIssue', { title: 'x', severity: 'urgent' }), /Severity must be one of/);
  });

  it('sets and clears resolved_at as the status changes; the timeline records each change in order', async () => {
    const issue = await create({ title: 'Login latency spikes', severity: 'medium' });
    const resolved = await run<StatusChange>('trcaa.setIssueStatus', issue.id, 'resolved');
    assert.equal(resolved.changed[0]?.status, 'resolved');
    assert.ok(resolved.changed[0]?.resolvedAt, 'resolved_at is set');
    let found = findIssue(await tree(), issue.id);
    assert.equal(found?.group.label, 'Resolved');
    const reopened = await run<StatusChange>('trcaa.setIssueStatus', { id: issue.id, status: 'investigating' });
    assert.equal(reopened.changed[0]?.resolvedAt, null, 'reopening clears resolved_at');
    found = findIssue(await tree([issue.id]), issue.id);
    assert.equal(found?.group.label, 'Investigating');
    const timeline = found?.item.children?.find((f) => f.label === 'Timeline');
    assert.deepEqual(timeline?.children?.map((e) => e.label), [
      'Triage started (severity medium).',
      'Status changed from open to resolved.',
      'Status changed from resolved to investigating.',
    ]);
  });

  it('follows an edit and a status change (what each re-renders: treeChanges.test.ts)', async () => {
    const issue = await create({ title: 'Local refresh', severity: 'medium' });
    await tree(); // the groups are loaded, as in a visible view
    await run('trcaa.editIssue', issue.id, { category: 'network' });
    await run('trcaa.setIssueStatus', issue.id, 'investigating');
    const found = findIssue(await tree(), issue.id);
    assert.equal(found?.group.label, 'Investigating');
    assert.equal(found?.item.description, 'network · now');
  });

  it('refuses a status outside the workflow with a readable message', async () => {
    const issue = await create({ title: 'Bad status', severity: 'low' });
    await assert.rejects(run('trcaa.setIssueStatus', issue.id, 'done'), /Status must be one of open, investigating, resolved, closed/);
    await assert.rejects(run('trcaa.editIssue', issue.id, { severity: 'urgent' }), /Severity must be one of/);
  });

  it('changes the status of several issues at once', async () => {
    const a = await create({ title: 'Bulk one', severity: 'low' });
    const b = await create({ title: 'Bulk two', severity: 'low' });
    const result = await run<StatusChange>('trcaa.setIssueStatus', { ids: [a.id, b.id, 'no-such-issue'], status: 'closed' });
    assert.deepEqual(result.changed.map((i) => i.id).sort(), [a.id, b.id].sort());
    assert.deepEqual(result.missing, ['no-such-issue']);
    const snapshot = await tree();
    assert.equal(findIssue(snapshot, a.id)?.group.label, 'Closed');
    assert.equal(findIssue(snapshot, b.id)?.group.label, 'Closed');
  });

  it('edits any field, including assignee and tags', async () => {
    const issue = await create({ title: 'Edit me', severity: 'low' });
    const edited = await run<Issue>('trcaa.editIssue', issue.id, { title: 'Edited', assignedTo: 'ana', tags: ['db', 'eu'], severity: 'high' });
    assert.equal(edited.title, 'Edited');
    assert.equal(edited.assignedTo, 'ana');
    assert.deepEqual(edited.tags, ['db', 'eu']);
    const found = findIssue(await tree(), issue.id);
    assert.equal(found?.item.label, 'Edited');
    assert.match(found?.item.tooltip ?? '', /ana/);
  });

  it('groups by severity and back, remembering the choice', async () => {
    const issue = await create({ title: 'Grouping check', severity: 'critical' });
    await run('trcaa.groupIssuesBySeverity');
    let snapshot = await tree();
    assert.equal(snapshot.grouping, 'severity');
    assert.deepEqual(snapshot.groups.map((g) => g.label), ['Critical', 'High', 'Medium', 'Low']);
    assert.equal(findIssue(snapshot, issue.id)?.group.label, 'Critical');
    await run('trcaa.groupIssuesByStatus');
    snapshot = await tree();
    assert.deepEqual(snapshot.groups.map((g) => g.label), ['Open', 'Investigating', 'Resolved', 'Closed']);
  });

  it('filters by severity and tag, says so in the view message, and clears the filter', async () => {
    const tagged = await create({ title: 'Filter target', severity: 'high', tags: ['filter-me'] });
    const other = await create({ title: 'Filter other', severity: 'high' });
    await run('trcaa.filterIssues', { severity: ['high'], tag: 'filter-me' });
    let snapshot = await tree();
    assert.equal(snapshot.message, 'Filtered by severity High; tag "filter-me".');
    assert.ok(findIssue(snapshot, tagged.id));
    assert.equal(findIssue(snapshot, other.id), undefined);
    assert.deepEqual(snapshot.groups.map((g) => `${g.label} ${g.description}`), ['Open 1'], 'only groups with matches, counted under the filter');
    await run('trcaa.filterIssues', { tag: 'no-issue-has-this-tag' });
    snapshot = await tree();
    assert.deepEqual(snapshot.groups, [], 'nothing matches');
    assert.equal(snapshot.message, 'Filtered by tag "no-issue-has-this-tag". No issues match.');
    await run('trcaa.clearIssueFilter');
    snapshot = await tree();
    assert.equal(snapshot.message, undefined);
    assert.ok(findIssue(snapshot, other.id));
  });

  it('keeps a title with markup as plain text in the tooltip', async () => {
    const issue = await create({ title: '<img src=x onerror=alert(1)>', severity: 'low', description: '[click](command:trcaa.deleteIssue) **bold** <script>x</script>' });
    const found = findIssue(await tree(), issue.id);
    assert.ok(found);
    assert.equal(found.item.label, '<img src=x onerror=alert(1)>', 'the label is the text itself');
    const tooltip = found.item.tooltip ?? '';
    assert.equal(found.item.tooltipIsTrusted, false);
    assert.equal(found.item.tooltipSupportsHtml, false);
    assert.ok(!tooltip.includes('<img'), `no raw tag in ${tooltip}`);
    assert.ok(tooltip.includes('&lt;img'), 'the tag is an entity');
    assert.ok(!tooltip.includes('<script'), 'no raw script tag');
    assert.ok(!tooltip.includes('[click](command:'), 'a link in user text is escaped');
    assert.ok(tooltip.includes('\\[click\\]'), 'brackets escaped');
  });

  it('searches titles and descriptions, by word and by prefix; a malformed query falls back to a phrase', async () => {
    const issue = await create({ title: 'Kafka consumer lag', severity: 'medium', description: 'The zookeeper ensemble lost quorum overnight.' });
    const byTitle = await run<IssueSearchResult>('trcaa.searchIssues', { query: 'kafka' });
    assert.ok(byTitle.hits.some((h) => h.id === issue.id));
    assert.ok(byTitle.hits.find((h) => h.id === issue.id)?.title.includes('‹Kafka›'), 'the match is marked');
    const byDescription = await run<IssueSearchResult>('trcaa.searchIssues', 'quorum');
    assert.ok(byDescription.hits.some((h) => h.id === issue.id));
    const byPrefix = await run<IssueSearchResult>('trcaa.searchIssues', 'zookee');
    assert.ok(byPrefix.hits.some((h) => h.id === issue.id), 'plain words match as prefixes');
    const byFtsPrefix = await run<IssueSearchResult>('trcaa.searchIssues', 'consum*');
    assert.ok(byFtsPrefix.hits.some((h) => h.id === issue.id), 'FTS5 prefix syntax works');
    const malformed = await run<IssueSearchResult>('trcaa.searchIssues', '"kafka consumer');
    assert.ok(malformed.fallback, 'the hint comes back');
    assert.match(malformed.fallback.hint, /double quote/);
    assert.equal(malformed.fallback.query, '"""kafka consumer"');
    const operator = await run<IssueSearchResult>('trcaa.searchIssues', 'kafka AND');
    assert.ok(operator.fallback, 'a dangling operator falls back too');
  });

  it('pages past 200 issues per group with a "Load more" row', async function () {
    this.timeout(120_000);
    for (let n = 0; n < 203; n++) await create({ title: `Paging ${n}`, severity: 'low', tags: ['paging'] });
    await run('trcaa.filterIssues', { tag: 'paging' });
    try {
      let open = (await tree()).groups.find((g) => g.label === 'Open');
      assert.equal(open?.description, '203');
      assert.equal(open?.children?.length, 201, '200 issues and the Load more row');
      const more = open?.children?.[200];
      assert.equal(more?.label, 'Load more…');
      assert.equal(more?.description, '200 of 203');
      assert.equal(more?.command?.command, 'trcaa.issues.loadMore');
      await run('trcaa.issues.loadMore', 'group:status:open');
      open = (await tree()).groups.find((g) => g.label === 'Open');
      assert.equal(open?.children?.length, 203, 'the rest is loaded, no Load more row');
      assert.equal(new Set(open?.children?.map((c) => c.id)).size, 203, 'each issue once');
    } finally {
      await run('trcaa.clearIssueFilter');
    }
  });

  it('keeps the badge and the status bar in step with changes', async () => {
    const before = await tree();
    const criticalOf = (text: string) => Number(/· (\d+) critical/.exec(text)?.[1] ?? 0);
    const openOf = (text: string) => Number(/(\d+) open/.exec(text)?.[1] ?? 0);
    const issue = await create({ title: 'Status bar check', severity: 'critical' });
    let after = await tree();
    assert.equal(openOf(after.statusBar.text), openOf(before.statusBar.text) + 1);
    assert.equal(criticalOf(after.statusBar.text), criticalOf(before.statusBar.text) + 1);
    assert.equal(after.badge, (before.badge ?? 0) + 1);
    assert.match(after.statusBar.tooltip, /critical/);
    await run('trcaa.setIssueStatus', issue.id, 'resolved');
    after = await tree();
    assert.equal(openOf(after.statusBar.text), openOf(before.statusBar.text));
    assert.equal(criticalOf(after.statusBar.text), criticalOf(before.statusBar.text));
  });

  it('copies an issue ID', async () => {
    const issue = await create({ title: 'Copy my id', severity: 'low' });
    assert.equal(await run<string>('trcaa.copyIssueId', issue.id), issue.id);
  });

  it('deletes with a cascade: the issue and its timeline are gone', async () => {
    const issue = await create({ title: 'Delete me', severity: 'low' });
    await run('trcaa.setIssueStatus', issue.id, 'investigating');
    const result = await answering({ showWarningMessage: choose('Delete') }, () => run<DeleteManyResult>('trcaa.deleteIssue', { ids: [issue.id] }));
    assert.equal(result.deleted.length, 1);
    assert.equal(result.deleted[0]?.cascaded.timelineEvents, 2);
    assert.equal(findIssue(await tree(), issue.id), undefined);
    const search = await run<IssueSearchResult>('trcaa.searchIssues', 'delete');
    assert.ok(!search.hits.some((h) => h.id === issue.id));
  });
});
