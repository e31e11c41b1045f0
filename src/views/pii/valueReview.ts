// Review by value: a log's distinct PII values with their counts, per type ("10.0.0.7 ×4,812 — kept", "IPv4
// address: 40,000 values"), decided per value (every occurrence at once), many values at once, or per type.
// Review PII by Value… is three QuickPicks: the type (or all types), the values — a page of the most frequent at a
// time, several picked across pages, grouped by type — and the decision. Keep / Redact Every Occurrence of This
// Value act on the value under the cursor. Values are shown only in these local pickers: never logged.
import * as vscode from 'vscode';
import { z } from 'zod';
import type { PiiDecision } from '../../core/model/logFile';
import type { PiiTypeSummary, PiiValueCount, PiiValueRef, PiiValueSummary, ValueSummaryOptions } from '../../core/model/piiValues';
import { labelFor } from '../../core/pii/types';
import type { Services } from '../workbench/services';
import type { PiiReviewState } from './reviewState';
import { requireLogId } from './piiTargets';

/** Values per page of the values QuickPick (the store's page limit). */
export const VALUE_PAGE = 1000;
/** Decisions on more values than this run with a progress notification. */
const PROGRESS_FROM = 2000;

const id = z.string().min(1).max(100);
export const valueArgs = z.strictObject({
  logId: id,
  values: z
    .array(z.strictObject({ piiType: z.string().min(1).max(100), value: z.string().min(1) }))
    .min(1)
    .max(100_000),
});

const n = (count: number) => count.toLocaleString('en');
const plural = (count: number, word: string) => `${n(count)} ${word}${count === 1 ? '' : 's'}`;

const DECISION_ICON: Record<PiiDecision | 'mixed', string> = { pending: '$(circle-large-outline)', redact: '$(eye-closed)', keep: '$(eye)', mixed: '$(circle-large-filled)' };
const DECISION_TEXT: Record<PiiDecision | 'mixed', string> = { pending: 'pending', redact: 'redacted', keep: 'kept', mixed: 'mixed' };

/**
 * Keep (or redact, or back to pending) every occurrence of the given values — `{logId, values}`, else the values
 * of the spans under the active editor's cursor. Returns the occurrences changed.
 */
export async function decideValues(services: Services, state: PiiReviewState, arg: unknown, decision: PiiDecision): Promise<number> {
  let logId: string;
  let values: PiiValueRef[];
  if (arg !== undefined && !(arg instanceof vscode.Uri)) ({ logId, values } = valueArgs.parse(arg));
  else {
    const editor = vscode.window.activeTextEditor;
    const found = editor ? await state.spansAt(editor.document, editor.selection) : undefined;
    if (!found?.spans.length) throw new Error('Put the cursor on a highlighted PII span of a stored log first.');
    logId = found.logId;
    values = uniqueValues(found.spans.map((s) => ({ piiType: s.piiType, value: s.originalValue })));
  }
  return storeDecision(services, state, logId, { values }, decision);
}

/** One ref per (type, value). */
function uniqueValues(values: PiiValueRef[]): PiiValueRef[] {
  const seen = new Map<string, PiiValueRef>();
  for (const v of values) seen.set(`${v.piiType}\u0000${v.value}`, v);
  return [...seen.values()];
}

/** What a decision covers: some values, or every value of a type. */
type Target = { values: PiiValueRef[] } | { piiType: string };

async function storeDecision(services: Services, state: PiiReviewState, logId: string, target: Target, decision: PiiDecision): Promise<number> {
  const store = await services.store();
  const write = () => ('values' in target ? store.piiSpans.setDecisionForValues(logId, target.values, decision) : store.piiSpans.setDecisionForType(logId, target.piiType, decision));
  const many = 'piiType' in target || target.values.length >= PROGRESS_FROM;
  const what = 'values' in target ? plural(target.values.length, 'value') : `every ${labelFor(target.piiType)}`;
  const changed = many ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: ${DECISION_TEXT[decision]} — ${what}` }, write) : await write();
  await state.settled();
  // Counts only: the values stay out of the log.
  services.log.info(`[pii] ${'values' in target ? `${target.values.length} value(s)` : target.piiType} of log ${logId}: ${changed} occurrence(s) set to ${decision}`);
  vscode.window.setStatusBarMessage(`$(shield) TRCAA: ${what} ${DECISION_TEXT[decision]} — ${plural(changed, 'occurrence')} changed`, 6000);
  return changed;
}

/** A page of the log's values, counted by the worker (seconds for hundreds of thousands of spans: shown as progress). */
async function summaryOf(services: Services, fileName: string, logId: string, options: ValueSummaryOptions): Promise<PiiValueSummary> {
  const store = await services.store();
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: counting the PII values of ${fileName}…` }, () => store.piiSpans.valueSummary(logId, options));
}

interface TypeItem extends vscode.QuickPickItem {
  piiType?: string;
}

interface ValueItem extends vscode.QuickPickItem {
  ref?: PiiValueRef;
  /** A page button: the page to go to. */
  page?: number;
  /** Every value of the type (the whole type, not just this page). */
  wholeType?: string;
}

interface DecisionItem extends vscode.QuickPickItem {
  decision: PiiDecision;
}

/**
 * Review PII by Value…: pick a type (or all), then values (pages of the most frequent first; picks are kept across
 * pages), then the decision. Returns the occurrences changed, or undefined when dismissed.
 */
export async function reviewByValue(services: Services, state: PiiReviewState, arg: unknown): Promise<number | undefined> {
  const logId = requireLogId(arg, 'Review PII by Value');
  const store = await services.store();
  const log = await store.logFiles.get(logId);
  if (!log) throw new Error('That log no longer exists: it may have been deleted.');
  const { types } = await summaryOf(services, log.fileName, logId, { limit: 1 });
  if (!types.length) {
    void services.ui.showInformationMessage(`TRCAA: ${log.fileName} holds no PII spans to review.`);
    return undefined;
  }
  const piiType = types.length === 1 ? types[0]?.piiType : await pickType(services, log.fileName, types);
  if (piiType === null) return undefined;
  const picked = await pickValues(services, logId, log.fileName, types, piiType);
  if (!picked) return undefined;
  const target: Target = 'piiType' in picked ? { piiType: picked.piiType } : { values: picked.values };
  const what =
    'piiType' in picked
      ? `every ${labelFor(picked.piiType)} (${plural(types.find((t) => t.piiType === picked.piiType)?.count ?? 0, 'occurrence')})`
      : `${plural(picked.values.length, 'value')} (${plural(picked.occurrences, 'occurrence')})`;
  const decision = await services.ui.showQuickPick<DecisionItem>(
    [
      { label: '$(eye) Keep every occurrence', description: 'the original stays when the log leaves the machine', decision: 'keep' },
      { label: '$(eye-closed) Redact every occurrence', description: 'replaced by its type, e.g. [IPv4]', decision: 'redact' },
      { label: '$(circle-large-outline) Back to pending', description: 'not reviewed (redacted unless kept)', decision: 'pending' },
    ],
    { title: `TRCAA: Decide ${what}`, placeHolder: 'What happens to every occurrence' },
  );
  if (!decision) return undefined;
  return storeDecision(services, state, logId, target, decision.decision);
}

/** The type to review, undefined for all types, null when dismissed. */
async function pickType(services: Services, fileName: string, types: PiiTypeSummary[]): Promise<string | undefined | null> {
  const total = types.reduce((sum, t) => sum + t.count, 0);
  const values = types.reduce((sum, t) => sum + t.values, 0);
  const items: TypeItem[] = [
    { label: '$(list-flat) All types', description: `${plural(values, 'value')} · ${plural(total, 'occurrence')}` },
    ...types.map(
      (t): TypeItem => ({
        label: `$(symbol-key) ${labelFor(t.piiType)}`,
        description: `${plural(t.values, 'value')} · ${plural(t.count, 'occurrence')}`,
        detail: `${n(t.pending)} pending · ${n(t.redact)} redacted · ${n(t.keep)} kept`,
        piiType: t.piiType,
      }),
    ),
  ];
  const picked = await services.ui.showQuickPick(items, { title: `TRCAA: Review PII by Value — ${fileName}`, placeHolder: 'Pick a type to see its values, most frequent first', matchOnDescription: true });
  return picked ? picked.piiType : null;
}

/** The values picked (across pages), or the whole type; undefined when dismissed or nothing was picked. */
async function pickValues(
  services: Services,
  logId: string,
  fileName: string,
  types: PiiTypeSummary[],
  piiType: string | undefined,
): Promise<{ values: PiiValueRef[]; occurrences: number } | { piiType: string } | undefined> {
  const chosen = new Map<string, PiiValueCount>();
  const key = (v: PiiValueRef) => `${v.piiType}\u0000${v.value}`;
  const typeInfo = piiType ? types.find((t) => t.piiType === piiType) : undefined;
  for (let page = 0; ; ) {
    const summary = await summaryOf(services, fileName, logId, { ...(piiType ? { piiType } : {}), offset: page * VALUE_PAGE, limit: VALUE_PAGE });
    const pages = Math.max(1, Math.ceil(summary.total / VALUE_PAGE));
    const items: ValueItem[] = [];
    if (typeInfo) {
      items.push({ label: `$(checklist) Every ${labelFor(typeInfo.piiType)} in this log`, description: `${plural(typeInfo.values, 'value')} · ${plural(typeInfo.count, 'occurrence')}`, wholeType: typeInfo.piiType });
    }
    if (page > 0) items.push({ label: '$(arrow-left) Previous values', description: `${n((page - 1) * VALUE_PAGE + 1)}–${n(page * VALUE_PAGE)}`, page: page - 1, alwaysShow: true });
    if (page + 1 < pages) items.push({ label: '$(arrow-right) More values', description: `${n((page + 1) * VALUE_PAGE + 1)}–${n(Math.min(summary.total, (page + 2) * VALUE_PAGE))} of ${n(summary.total)}`, page: page + 1, alwaysShow: true });
    // Grouped by type (a page of all types holds several), most frequent first inside each group.
    const byType = new Map<string, PiiValueCount[]>();
    for (const v of summary.values) byType.set(v.piiType, [...(byType.get(v.piiType) ?? []), v]);
    for (const [type, values] of byType) {
      items.push({ label: labelFor(type), kind: vscode.QuickPickItemKind.Separator });
      for (const v of values) {
        items.push({
          label: `${DECISION_ICON[v.decision]} ${v.value.length > 200 ? `${v.value.slice(0, 200)}…` : v.value}`,
          description: `×${n(v.count)} — ${DECISION_TEXT[v.decision]}`,
          picked: chosen.has(key(v)),
          ref: { piiType: v.piiType, value: v.value },
        });
        if (chosen.has(key(v))) chosen.set(key(v), v);
      }
    }
    const range = `${n(page * VALUE_PAGE + 1)}–${n(Math.min(summary.total, (page + 1) * VALUE_PAGE))} of ${plural(summary.total, 'value')}`;
    const picked = await services.ui.showQuickPick(items, {
      title: `TRCAA: ${typeInfo ? labelFor(typeInfo.piiType) : 'PII'} values in ${fileName} (${range})`,
      placeHolder: 'Pick the values to decide (type to filter this page); More values keeps what you picked',
      canPickMany: true,
      matchOnDescription: true,
    });
    if (!picked) return undefined;
    const whole = picked.find((i) => i.wholeType)?.wholeType;
    if (whole) return { piiType: whole };
    // What this page had picked is replaced by what is picked now.
    for (const v of summary.values) chosen.delete(key(v));
    for (const item of picked) {
      const v = item.ref && summary.values.find((s) => s.piiType === item.ref?.piiType && s.value === item.ref.value);
      if (v) chosen.set(key(v), v);
    }
    const turn = picked.find((i) => i.page !== undefined)?.page;
    if (turn !== undefined) {
      page = turn;
      continue;
    }
    if (!chosen.size) return undefined;
    const values = [...chosen.values()];
    return { values: values.map(({ piiType: type, value }) => ({ piiType: type, value })), occurrences: values.reduce((sum, v) => sum + v.count, 0) };
  }
}
