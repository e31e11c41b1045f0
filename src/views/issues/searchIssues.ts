// Search Issues: a QuickPick over the search index that updates as you type. Plain words search as prefixes
// ("datab" finds "database"); FTS5 syntax (quotes, *, AND/OR/NOT, NEAR, title:) is passed through, and when it
// is invalid the hint is shown as an item and the text is searched as a phrase instead (issueSearch.ts). The
// QuickPick shows the hits as plain text and lets VS Code highlight the typed words in them (its own highlights,
// never ‹markers›).
import * as vscode from 'vscode';
import { z } from 'zod';
import { parseInput } from '../../core/model/issue';
import type { Services } from '../workbench/services';
import type { IssuesTree } from './issuesTree';
import { plainLabel } from '../workbench/targets';
import type { IssueSearchResult } from './issueSearch';
import { latestOnly, runIssueSearch } from './issueSearch';

export type { IssueSearchResult } from './issueSearch';

export async function runSearch(services: Services, text: string): Promise<IssueSearchResult> {
  return runIssueSearch(await services.store(), text, (hint) => services.log.debug(`[issues] search syntax: ${hint}`));
}

const searchArgument = z.union([z.string().transform((query) => ({ query })), z.strictObject({ query: z.string().max(1000) })]);

type Item = vscode.QuickPickItem & { issueId?: string };

/** With a query (from code): the results. Without: the QuickPick; Enter reveals the issue in the tree. */
export async function searchIssues(services: Services, tree: IssuesTree, args?: unknown): Promise<IssueSearchResult | undefined> {
  if (args !== undefined) return runSearch(services, parseInput(searchArgument, args, 'search').query);
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'TRCAA: Search Issues';
  pick.placeholder = 'Words search titles and descriptions as prefixes; "exact phrase", a OR b, title:word also work';
  // The hits are already the search's answer (each alwaysShow, so none is filtered out again); VS Code's matching
  // only highlights the typed words in the title and the snippet.
  pick.matchOnDescription = false;
  pick.matchOnDetail = true;
  let generation = 0;
  const update = async (text: string) => {
    const mine = ++generation;
    pick.busy = true;
    try {
      if (!text.trim()) {
        // An empty box shows what is being worked on, most recently touched first.
        const store = await services.store();
        const recent = await store.issues.list({ status: ['open', 'investigating'], sort: { field: 'updated_at' }, limit: 20 });
        if (mine !== generation) return;
        pick.items = recent.items.map((issue) => ({ label: plainLabel(issue.title), description: `${issue.severity} · ${issue.status}`, issueId: issue.id, alwaysShow: true }));
        return;
      }
      const result = await runSearch(services, text);
      if (mine !== generation) return; // a newer keystroke won
      const items: Item[] = [];
      if (result.fallback) {
        items.push({ label: '$(info) Not a valid search', detail: `${result.fallback.hint} Showing matches of the text as written.`, alwaysShow: true });
      }
      for (const hit of result.hits) {
        items.push({
          label: plainLabel(hit.titleText),
          description: `${hit.severity} · ${hit.status}`,
          detail: plainLabel(hit.snippetText),
          issueId: hit.id,
          alwaysShow: true,
        });
      }
      if (text.trim() && result.hits.length === 0) items.push({ label: 'No matching issues', alwaysShow: true });
      pick.items = items;
    } catch (error) {
      services.log.error(`[issues] search failed: ${(error as Error).message}`);
      if (mine === generation) pick.items = [{ label: `$(error) ${(error as Error).message}`, alwaysShow: true }];
    } finally {
      if (mine === generation) pick.busy = false;
    }
  };
  const request = latestOnly(update);
  return new Promise((resolve) => {
    pick.onDidChangeValue(request);
    pick.onDidAccept(() => {
      const issueId = pick.selectedItems[0]?.issueId;
      if (!issueId) return;
      pick.hide();
      void vscode.commands.executeCommand('trcaa.issues.focus').then(() => tree.reveal(issueId));
    });
    pick.onDidHide(() => {
      generation++; // a search still running shows nothing in the disposed pick
      pick.dispose();
      resolve(undefined);
    });
    pick.show();
    request('');
  });
}
