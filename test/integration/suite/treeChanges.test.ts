// The trees follow the change channel alone: each change the database reports re-renders only what it touched (an
// incident's row, the groups whose counts moved, one folder), another window's change reloads what is shown, and
// All Attachments re-reads on any log change. Writes are made with the channel muted, then the change the worker
// reports is fired, so each test sees what that one event does. Also: the one resolver, and ages kept fresh.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Issue } from '../../../src/core/model/issue';
import type { TestApi } from '../../../src/extension';
import type { StoreChange } from '../../../src/views/workbench/changeChannel';
import type { SerializedItem } from '../../../src/views/issues/testTree';
import type { TreeNode } from '../../../src/views/workbench/treeNodes';
import { answering, attachmentRows, choose, issuesView, testApi } from './testApi';
import { until } from './until';

interface Snapshot {
  refreshed: string[];
  groups: SerializedItem[];
}

const run = <T>(command: string, ...args: unknown[]) => Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));
const flatten = (items: SerializedItem[]): SerializedItem[] => items.flatMap((i) => [i, ...flatten(i.children ?? [])]);

describe('the trees follow the change channel', function () {
  this.timeout(60_000);
  let api: TestApi;
  const created: string[] = [];

  /** Runs `write` without it being reported (as if the worker had not told yet). */
  async function unreported<T>(write: () => Promise<T>): Promise<T> {
    const fire = api.changes.fire;
    api.changes.fire = () => undefined;
    try {
      return await write();
    } finally {
      api.changes.fire = fire;
    }
  }

  /**
   * With the tree loaded as shown, makes `write` unreported, then fires the change the worker reports for it;
   * returns what re-rendered once the tree is done.
   */
  async function report(write: () => Promise<unknown>, changes: StoreChange[], expand: string[] = [], external = false): Promise<string[]> {
    await issuesView({ expand }); // loaded as shown, and the refresh list emptied
    await unreported(write);
    api.changes.fire({ changes, external });
    return until('the tree to follow the change', async () => {
      const { refreshed } = await issuesView<Snapshot>({ expand });
      return refreshed.length ? refreshed : undefined;
    });
  }

  async function newIssue(title: string): Promise<Issue> {
    const issue = await run<Issue>('trcaa.newIssue', { title, severity: 'medium' });
    created.push(issue.id);
    return issue;
  }

  before(async () => {
    api = await testApi();
    await run('trcaa.setIssueGrouping', 'status');
  });

  after(async () => {
    if (created.length) await answering({ showWarningMessage: choose('Delete') }, () => run('trcaa.deleteIssue', { ids: created }));
  });

  it('an incident edited in place re-renders its row only', async () => {
    const issue = await newIssue('Row refresh');
    const store = await api.store();
    const refreshed = await report(() => store.issues.update(issue.id, { title: 'Row refreshed' }), [{ entity: 'issue', kind: 'updated', ids: [issue.id] }]);
    assert.deepEqual(refreshed, [`issue:${issue.id}`]);
    const row = flatten((await issuesView<Snapshot>()).groups).find((item) => item.id === `issue:${issue.id}`);
    assert.equal(row?.label, 'Row refreshed');
  });

  it('a status change re-renders the two groups whose counts moved', async () => {
    const issue = await newIssue('Group refresh');
    const store = await api.store();
    const refreshed = await report(() => store.issues.setStatus(issue.id, 'investigating'), [{ entity: 'issue', kind: 'updated', ids: [issue.id] }]);
    assert.deepEqual(refreshed.sort(), ['group:status:investigating', 'group:status:open']);
    const investigating = (await issuesView<Snapshot>()).groups.find((g) => g.id === 'group:status:investigating');
    assert.ok(investigating?.children?.some((item) => item.id === `issue:${issue.id}`), 'the incident is under Investigating');
  });

  it("a step change re-renders that incident's 5 Whys and Timeline folders, and the folder counts the levels", async () => {
    const issue = await newIssue('Whys refresh');
    const store = await api.store();
    const refreshed = await report(() => store.steps.answerWhy(issue.id, { level: 1, question: 'Why did checkout fail?', answer: 'The gateway timed out' }), [{ entity: 'step', kind: 'updated', ids: [], issueId: issue.id }], [issue.id]);
    assert.ok(refreshed.every((id) => id === `issue:${issue.id}:whys` || id === `issue:${issue.id}:timeline`), refreshed.join(', '));
    const folder = flatten((await issuesView<Snapshot>({ expand: [issue.id] })).groups).find((item) => item.id === `issue:${issue.id}:whys`);
    assert.equal(folder?.label, '5 Whys (1)');
  });

  it("a log change re-renders that incident's Logs folder, and All Attachments lists the log", async () => {
    const issue = await newIssue('Logs refresh');
    const store = await api.store();
    const refreshed = await report(() => store.logFiles.insertContent(issue.id, new TextEncoder().encode('GET /checkout 502\n'), { fileName: 'channel-refresh.log' }), [{ entity: 'log', kind: 'created', ids: [], issueId: issue.id }], [issue.id]);
    assert.ok(refreshed.includes(`issue:${issue.id}:logs`) && !refreshed.includes('root'), refreshed.join(', '));
    const folder = flatten((await issuesView<Snapshot>({ expand: [issue.id] })).groups).find((item) => item.id === `issue:${issue.id}:logs`);
    assert.equal(folder?.label, 'Logs (1)');
    await until('All Attachments to list the log', async () => ((await attachmentRows()).some((row) => row.label === 'channel-refresh.log') ? true : undefined));
  });

  it("another window's change reloads the whole tree", async () => {
    const issue = await newIssue('Written elsewhere');
    const store = await api.store();
    assert.deepEqual(await report(() => store.issues.update(issue.id, { title: 'Written elsewhere, renamed' }), [], [], true), ['root']);
    assert.ok(flatten((await issuesView<Snapshot>()).groups).some((item) => item.label === 'Written elsewhere, renamed'));
  });

  it('re-renders the incident rows shown so their ages stay true', async () => {
    const issue = await newIssue('Ages');
    await issuesView();
    api.issuesTree.tickAges();
    assert.ok((await issuesView<Snapshot>()).refreshed.includes(`issue:${issue.id}`));
  });

  describe('the one resolver', () => {
    async function rowsOf(issueId: string): Promise<{ group: TreeNode; issue: TreeNode; folders: TreeNode[] }> {
      const tree = api.issuesTree;
      for (const group of await tree.getChildren()) {
        for (const row of await tree.getChildren(group)) {
          if (row.issueId === issueId) return { group, issue: row, folders: await tree.getChildren(row) };
        }
      }
      throw new Error('the incident is not in the tree');
    }

    it('a folder of an incident stands for the incident; a group is explained, not ignored', async () => {
      const issue = await newIssue('Resolver target');
      const { group, folders } = await rowsOf(issue.id);
      const timeline = folders.find((f) => f.id.endsWith(':timeline'));
      assert.equal(await run<string>('trcaa.copyIssueId', timeline), issue.id);
      await assert.rejects(run('trcaa.copyIssueId', group), /Copy Issue ID needs an incident: the Open group is not one/);
    });

    it('with nothing passed, the selection decides, else a QuickPick asks', async () => {
      const issue = await newIssue('Resolver pick');
      let asked: string | undefined;
      const picked = await answering(
        {
          showQuickPick: (async (items: readonly { id?: string }[] | Thenable<readonly { id?: string }[]>, options?: { title?: string }) => {
            asked = options?.title;
            return (await items).find((item) => item.id === issue.id);
          }) as never,
        },
        () => run<string>('trcaa.copyIssueId'),
      );
      assert.equal(asked, 'TRCAA: Copy Issue ID');
      assert.equal(picked, issue.id);
    });

    it('a document command refuses an incident row, saying what it needs', async () => {
      const issue = await newIssue('Resolver kind');
      const { issue: row } = await rowsOf(issue.id);
      await assert.rejects(run('trcaa.exportDocumentMarkdown', row), /needs a document: "Resolver kind" is not one/);
    });
  });
});
