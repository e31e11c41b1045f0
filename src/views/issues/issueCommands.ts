// Issue lifecycle commands: New, Edit, Set Status, Delete, Filter, grouping, Copy ID, Reveal. Each takes
// arguments too (parsed with zod), so tests and other extensions can run it without prompts; what it acts on comes
// from the one resolver (workbench/targets.ts). None refreshes a view: the views follow the change channel.
import * as vscode from 'vscode';
import { z } from 'zod';
import type { IssueFilter } from '../../core/issues/format';
import { SEVERITY_LABELS, STATUS_LABELS } from '../../core/issues/format';
import type { DeleteManyResult, Issue, IssueSeverity, IssueStatus, StatusChange, UpdateIssueInput } from '../../core/model/issue';
import {
  createIssueInputSchema,
  ISSUE_SEVERITIES,
  ISSUE_STATUSES,
  issueSeveritySchema,
  issueStatusSchema,
  MAX_DESCRIPTION_LENGTH,
  MAX_FIELD_LENGTH,
  MAX_TITLE_LENGTH,
  parseInput,
  updateIssueInputSchema,
} from '../../core/model/issue';
import type { Services } from '../workbench/services';
import type { IssuesTree } from './issuesTree';
import { resolveTarget, resolveTargets } from '../workbench/targets';
import { GroupNode } from './issueNodes';

const SEVERITY_HINTS: Record<IssueSeverity, string> = {
  critical: 'service down or data at risk',
  high: 'major feature broken, no workaround',
  medium: 'degraded, a workaround exists',
  low: 'minor or cosmetic',
};

function validateTitle(value: string): string | undefined {
  const title = value.trim();
  if (!title) return 'A title is required.';
  if (title.length > MAX_TITLE_LENGTH) return `At most ${MAX_TITLE_LENGTH} characters (${title.length} now).`;
  return undefined;
}

/** A single-choice QuickPick ignores `picked`: the current severity is made the active item, so Enter keeps it. */
function pickSeverity(title: string, current?: IssueSeverity): Promise<IssueSeverity | undefined> {
  const items = ISSUE_SEVERITIES.map((severity) => ({ label: SEVERITY_LABELS[severity], description: SEVERITY_HINTS[severity], severity }));
  const quickPick = vscode.window.createQuickPick<(typeof items)[number]>();
  Object.assign(quickPick, { title, placeholder: 'Severity', ignoreFocusOut: true, items });
  quickPick.activeItems = items.filter((item) => item.severity === current);
  return new Promise((resolve) => {
    let chosen: IssueSeverity | undefined;
    quickPick.onDidAccept(() => {
      chosen = quickPick.selectedItems[0]?.severity ?? quickPick.activeItems[0]?.severity;
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      resolve(chosen);
    });
    quickPick.show();
  });
}

/** New Issue: title → severity → category → description; Escape at any step cancels. */
export async function newIssue(services: Services, tree: IssuesTree, args?: unknown): Promise<Issue | undefined> {
  let input = args === undefined ? undefined : parseInput(createIssueInputSchema, args, 'issue');
  if (!input) {
    const step = (n: number) => `TRCAA: New Issue (${n}/4)`;
    const title = await services.ui.showInputBox({ title: step(1), prompt: 'What is happening? (e.g. "Checkout returns 502 for EU users")', ignoreFocusOut: true, validateInput: validateTitle });
    if (title === undefined) return undefined;
    const severity = await pickSeverity(step(2), 'medium');
    if (!severity) return undefined;
    const category = await services.ui.showInputBox({
      title: step(3),
      prompt: 'Category (optional): the affected system or area, e.g. database, network, payments',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim().length > MAX_FIELD_LENGTH ? `At most ${MAX_FIELD_LENGTH} characters.` : undefined),
    });
    if (category === undefined) return undefined;
    const description = await services.ui.showInputBox({
      title: step(4),
      prompt: 'Description (optional): symptoms, impact, first seen. Edit it later for more room.',
      ignoreFocusOut: true,
      validateInput: (value) => (value.length > MAX_DESCRIPTION_LENGTH ? `At most ${MAX_DESCRIPTION_LENGTH} characters.` : undefined),
    });
    if (description === undefined) return undefined;
    input = parseInput(createIssueInputSchema, { title, severity, category, description }, 'issue');
  }
  const store = await services.store();
  const issue = await store.issues.create(input);
  services.log.info(`[issues] created ${issue.id} (${issue.severity})`);
  if (args === undefined) await tree.reveal(issue.id);
  return issue;
}

const EDIT_FIELDS = [
  { label: 'Title', field: 'title' },
  { label: 'Severity', field: 'severity' },
  { label: 'Status', field: 'status' },
  { label: 'Category', field: 'category' },
  { label: 'Description', field: 'description' },
  { label: 'Assignee', field: 'assignedTo' },
  { label: 'Tags', field: 'tags' },
] as const;

async function askPatch(services: Services, issue: Issue): Promise<UpdateIssueInput | undefined> {
  const current: Record<string, string> = {
    title: issue.title,
    severity: issue.severity,
    status: issue.status,
    category: issue.category ?? '',
    description: issue.description ?? '',
    assignedTo: issue.assignedTo ?? '',
    tags: issue.tags.join(', '),
  };
  const picked = await services.ui.showQuickPick(
    EDIT_FIELDS.map((f) => ({ ...f, description: (current[f.field] ?? '').slice(0, 80) || '—' })),
    { title: `TRCAA: Edit Issue`, placeHolder: 'Field to change' },
  );
  if (!picked) return undefined;
  const title = `TRCAA: Edit ${picked.label}`;
  switch (picked.field) {
    case 'severity': {
      const severity = await pickSeverity(title, issue.severity);
      return severity && { severity };
    }
    case 'status': {
      const status = await pickStatus(services, title, issue.status);
      return status && { status };
    }
    case 'tags': {
      const value = await services.ui.showInputBox({ title, prompt: 'Tags, separated by commas (empty clears them)', value: current.tags, ignoreFocusOut: true });
      return value === undefined ? undefined : { tags: value.split(',').map((t) => t.trim()).filter(Boolean) };
    }
    default: {
      const value = await services.ui.showInputBox({
        title,
        prompt: picked.field === 'title' ? 'Title' : `${picked.label} (empty clears it)`,
        value: current[picked.field],
        ignoreFocusOut: true,
        ...(picked.field === 'title' ? { validateInput: validateTitle } : {}),
      });
      return value === undefined ? undefined : { [picked.field]: value };
    }
  }
}

export async function editIssue(services: Services, tree: IssuesTree, target?: unknown, patchArg?: unknown): Promise<Issue | undefined> {
  const id = (await resolveTarget(services, [target], { kind: 'issue', title: 'TRCAA: Edit Issue', selection: () => tree.selectedNodes() }))?.id;
  if (!id) return undefined;
  const store = await services.store();
  let patch: UpdateIssueInput | undefined;
  // From a menu the second argument is the multi-selection (an array), not a patch.
  if (patchArg !== undefined && !Array.isArray(patchArg)) patch = parseInput(updateIssueInputSchema, patchArg, 'issue update');
  else {
    const issue = await store.issues.get(id);
    if (!issue) throw new Error('The issue no longer exists: it may have been deleted in another window.');
    patch = await askPatch(services, issue);
  }
  if (!patch) return undefined;
  const updated = await store.issues.update(id, patch);
  services.log.info(`[issues] edited ${id}: ${Object.keys(patch).join(', ')}`);
  return updated;
}

async function pickStatus(services: Services, title: string, current?: IssueStatus): Promise<IssueStatus | undefined> {
  const items = ISSUE_STATUSES.map((status) => ({ label: STATUS_LABELS[status], description: status === current ? 'current' : '', status }));
  const picked = await services.ui.showQuickPick(items, { title, placeHolder: 'New status' });
  return picked?.status;
}

const statusArguments = z.object({ status: issueStatusSchema }).loose();

/**
 * Set Status: `(node, selection)` from a menu, `(id | ids, status)` or `({ ids, status })` from code. Picked by
 * hand, the incident is then revealed and selected in its new group (opened, even if the user had closed it).
 */
export async function setIssueStatus(services: Services, tree: IssuesTree, first?: unknown, second?: unknown): Promise<StatusChange | undefined> {
  const targets = await resolveTargets(services, [first, second], { kind: 'issue', title: 'TRCAA: Set Status', many: true, selection: () => tree.selectedNodes() });
  const ids = targets?.map((target) => target.id);
  if (!ids?.length) return undefined;
  let status: IssueStatus | undefined;
  if (typeof second === 'string') status = parseInput(issueStatusSchema, second, 'status');
  else if (first && typeof first === 'object' && 'status' in first) status = parseInput(statusArguments, first, 'status').status;
  const picked = !status;
  status ??= await pickStatus(services, ids.length === 1 ? 'TRCAA: Set Status' : `TRCAA: Set Status of ${ids.length} Issues`);
  if (!status) return undefined;
  const store = await services.store();
  const result = await store.issues.setStatusMany(ids, status);
  services.log.info(`[issues] status ${status}: ${result.changed.length} changed, ${result.unchanged.length} unchanged, ${result.missing.length} missing`);
  if (result.missing.length) void services.ui.showWarningMessage(`TRCAA: ${result.missing.length} issue(s) no longer exist (deleted in another window?).`);
  const moved = result.changed[0];
  if (picked && moved) await tree.reveal(moved.id);
  return result;
}

/** Delete with everything under it, after a modal confirmation (through the UI port: tests answer it there). */
export async function deleteIssues(services: Services, tree: IssuesTree, first?: unknown, second?: unknown): Promise<DeleteManyResult | undefined> {
  const targets = await resolveTargets(services, [first, second], { kind: 'issue', title: 'TRCAA: Delete Issue', many: true, selection: () => tree.selectedNodes() });
  const ids = targets?.map((target) => target.id);
  if (!ids?.length) return undefined;
  const store = await services.store();
  const one = ids.length === 1 ? await store.issues.get(ids[0] as string) : null;
  const what = one ? `"${one.title}"` : `${ids.length} issues`;
  const choice = await services.ui.showWarningMessage(
    `Delete ${what}?`,
    { modal: true, detail: 'Their logs, images, 5 Whys, documents and timeline are deleted with them. This cannot be undone.' },
    'Delete',
  );
  if (choice !== 'Delete') return undefined;
  const result = await store.issues.deleteMany(ids);
  services.log.info(`[issues] deleted ${result.deleted.length} issue(s)`);
  return result;
}

const filterArgument = z.strictObject({
  status: z.array(issueStatusSchema).optional(),
  severity: z.array(issueSeveritySchema).optional(),
  tag: z.string().trim().max(50).optional(),
  assignedTo: z.string().trim().max(200).optional(),
});

export async function filterIssues(services: Services, tree: IssuesTree, args?: unknown): Promise<IssueFilter | undefined> {
  if (args !== undefined) {
    const filter = parseInput(filterArgument, args, 'filter');
    tree.setFilter(filter);
    return tree.filter;
  }
  const current = tree.filter;
  type Item = vscode.QuickPickItem & { status?: IssueStatus; severity?: IssueSeverity; ask?: 'tag' | 'assignedTo' };
  const items: Item[] = [
    { label: 'Status', kind: vscode.QuickPickItemKind.Separator },
    ...ISSUE_STATUSES.map((status) => ({ label: STATUS_LABELS[status], status, picked: !!current.status?.includes(status) })),
    { label: 'Severity', kind: vscode.QuickPickItemKind.Separator },
    ...ISSUE_SEVERITIES.map((severity) => ({ label: SEVERITY_LABELS[severity], severity, picked: !!current.severity?.includes(severity) })),
    { label: 'More', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(tag) Tag…', description: current.tag ?? '', ask: 'tag', picked: !!current.tag },
    { label: '$(person) Assignee…', description: current.assignedTo ?? '', ask: 'assignedTo', picked: !!current.assignedTo },
  ];
  const picked = await services.ui.showQuickPick(items, { title: 'TRCAA: Filter Issues', canPickMany: true, placeHolder: 'Show issues matching every ticked kind (none ticked: all issues)' });
  if (!picked) return undefined;
  const filter: IssueFilter = {};
  const statuses = picked.flatMap((item) => (item.status ? [item.status] : []));
  const severities = picked.flatMap((item) => (item.severity ? [item.severity] : []));
  if (statuses.length) filter.status = statuses;
  if (severities.length) filter.severity = severities;
  for (const item of picked) {
    if (!item.ask) continue;
    const value = await services.ui.showInputBox({ title: `TRCAA: Filter by ${item.ask === 'tag' ? 'Tag' : 'Assignee'}`, value: current[item.ask] ?? '' });
    if (value === undefined) return undefined;
    if (value.trim()) filter[item.ask] = value.trim();
  }
  tree.setFilter(filter);
  return tree.filter;
}

export async function copyIssueId(services: Services, tree: IssuesTree, target?: unknown): Promise<string | undefined> {
  const id = (await resolveTarget(services, [target], { kind: 'issue', title: 'TRCAA: Copy Issue ID', selection: () => tree.selectedNodes() }))?.id;
  if (!id) return undefined;
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(`TRCAA: copied issue ID ${id}`, 3000);
  return id;
}

/** The "Load more" row passes its group; code may pass the group's id ('group:status:open'). */
export function loadMore(tree: IssuesTree, group: unknown): Promise<void> {
  const node = group instanceof GroupNode ? group : tree.groupById(z.string().min(1).parse(group));
  return node ? tree.loadMore(node) : Promise.resolve();
}
