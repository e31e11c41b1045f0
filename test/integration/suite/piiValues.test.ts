// PII review at scale inside a real VS Code: a generated access log (1,500 distinct client IPs, e-mails sprinkled,
// ~22,000 spans) → only the lines on screen and a margin are decorated, scrolling draws the new range → decisions
// per value (under the cursor, from the code actions, from Review PII by Value across two pages of values) and per
// type change exactly those occurrences in the store, and the decorations and counts follow.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AttachSummary } from '../../../src/views/attachments/attachLog';
import type { PiiSpan } from '../../../src/core/model/logFile';
import type { TestApi } from '../../../src/extension';
import type { RemoteStore } from '../../../src/storage/store';
import type { AppliedDecoration } from '../../../src/views/pii/decorations';
import { until } from './until';
import { scriptUi } from './ui';

const LINES = 20_000;
const DISTINCT_IPS = 1_500;
const ipOf = (i: number) => `10.20.${i >> 7}.${(i & 127) + 1}`;
const emailOf = (i: number) => `user${i}@example.com`;

/** Line n: a client IP (1,500 distinct, the first ones most frequent), an e-mail on every tenth line. */
function accessLog(): string {
  const lines: string[] = [];
  for (let n = 0; n < LINES; n++) {
    // Skewed: half the lines use the first 100 IPs, so values have distinct counts (most frequent first).
    const ip = n % 2 === 0 ? ipOf((n >> 1) % 100) : ipOf((n >> 1) % DISTINCT_IPS);
    const user = n % 10 === 0 ? ` user=${emailOf((n / 10) % 50)}` : '';
    lines.push(`2026-11-28T10:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}Z GET /api/orders/${n} 200 client=${ip}${user}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('PII review by value, at scale', function () {
  this.timeout(240_000);
  let api: TestApi;
  let pii: Awaited<ReturnType<TestApi['pii']>>;
  let store: RemoteStore;
  let dir: string;
  let logId: string;
  let text: string;
  let uri: vscode.Uri;
  let editor: vscode.TextEditor;
  const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);
  const allSpans = (): Promise<PiiSpan[]> => store.piiSpans.spansInRange(logId, 0, text.length);
  const drawn = () => pii.decorations.applied.get(uri.toString()) ?? [];
  const rangeText = (d: AppliedDecoration) => editor.document.getText(new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character));

  before(async () => {
    const extension = vscode.extensions.getExtension<TestApi>('trcaa.trcaa');
    assert.ok(extension);
    api = (await extension.activate()) as TestApi;
    pii = await api.pii();
    store = await api.store();
    const issueId = (await store.issues.create({ title: 'Load balancer log review', severity: 'medium' })).id;
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the demo workspace is open');
    dir = path.join(root, 'pii-values-test');
    mkdirSync(dir, { recursive: true });
    text = accessLog();
    const file = path.join(dir, 'lb-access.log');
    writeFileSync(file, text);
    const summary = await run<AttachSummary>('trcaa.attachLog', { issueId, files: [file] });
    const outcome = summary.outcomes[0];
    assert.equal(outcome?.status, 'attached', outcome?.message);
    logId = outcome.logFile?.id ?? '';
    uri = await run<vscode.Uri>('trcaa.openLog', logId);
    editor = await until('the stored log in the editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  it('decorates only the lines on screen and a margin, exactly; scrolling far draws the new range and drops the old', async () => {
    const spans = await allSpans();
    assert.ok(spans.length >= LINES + LINES / 10, `${spans.length} spans: an IP on every line, an e-mail on every tenth`);
    const first = await until('the decorations', () => (drawn().length ? drawn() : undefined));
    assert.ok(first.length < spans.length / 10, `${first.length} of ${spans.length} spans drawn: the screen and a margin, not the log`);
    const window = pii.decorations.drawnWindows.get(uri.toString());
    assert.ok(window, 'a drawn window');
    const lineOf = (s: PiiSpan) => editor.document.positionAt(s.startOffset).line;
    const expected = spans.filter((s) => lineOf(s) >= window.startLine && lineOf(s) <= window.endLine);
    assert.deepEqual(first.map((d) => d.spanId).sort(), expected.map((s) => s.id).sort(), 'every span of the drawn lines, and no other');
    for (const d of first) assert.equal(rangeText(d), spans.find((s) => s.id === d.spanId)?.originalValue, 'decorated exactly');
    const visible = editor.visibleRanges[0];
    assert.ok(visible && window.startLine <= visible.start.line && window.endLine >= visible.end.line, 'the screen is inside the drawn lines');

    await vscode.window.showTextDocument(editor.document);
    editor.revealRange(new vscode.Range(15_000, 0, 15_000, 0), vscode.TextEditorRevealType.AtTop);
    const moved = await until('the decorations of line 15,000', () => (drawn().some((d) => d.range.start.line === 15_000) ? drawn() : undefined));
    assert.ok(!moved.some((d) => d.range.start.line < 10_000), 'the old range is no longer drawn');
    for (const d of moved.slice(0, 50)) assert.equal(rangeText(d), spans.find((s) => s.id === d.spanId)?.originalValue);

    // The span under the pointer or the caret, far down the log: hover, and Next PII Span from there.
    const far = moved.find((d) => d.range.start.line === 15_000 && d.piiType === 'IPv4');
    assert.ok(far);
    const inside = new vscode.Position(far.range.start.line, far.range.start.character + 2);
    const hovers = await run<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, inside);
    const markdown = hovers.flatMap((h) => h.contents).map((c) => (c instanceof vscode.MarkdownString ? c.value : String(c))).join('\n');
    assert.match(markdown, /IPv4 address/);
    assert.ok(!markdown.includes(rangeText(far)), 'the hover never repeats the value');
    editor.selection = new vscode.Selection(inside, inside);
    const nextId = await run<string>('trcaa.pii.nextSpan');
    const next = spans.find((s) => s.startOffset > editor.document.offsetAt(inside));
    assert.equal(nextId, next?.id, 'the first span after the caret');
    assert.equal(editor.document.getText(editor.selection), next?.originalValue);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.equal(await run<string>('trcaa.pii.previousSpan'), spans.at(-1)?.id, 'before the first span it wraps to the last one, at the end of the log');
    await until('the end of the log on screen', () => ((editor.visibleRanges[0]?.end.line ?? 0) >= LINES - 1 ? true : undefined));
  });

  it('Keep Every Occurrence of This Value (cursor on an IP): every occurrence kept, nothing else; the decorations follow', async () => {
    // The screen as drawn once the last scroll (Previous PII Span wrapped to the end) has settled.
    const visible = await until('the screen drawn', () => {
      const window = pii.decorations.drawnWindows.get(uri.toString());
      const shown = editor.visibleRanges[0];
      return window && shown && window.startLine <= shown.start.line && window.endLine >= shown.end.line ? shown : undefined;
    });
    const target = drawn().find((d) => d.piiType === 'IPv4' && d.range.start.line >= visible.start.line && d.range.start.line <= visible.end.line);
    assert.ok(target, 'an IP on screen');
    const value = rangeText(target);
    editor.selection = new vscode.Selection(target.range.start.line, target.range.start.character + 1, target.range.start.line, target.range.start.character + 1);
    const before = await allSpans();
    const occurrences = before.filter((s) => s.piiType === 'IPv4' && s.originalValue === value);
    assert.ok(occurrences.length > 1, 'the value occurs more than once');

    // Offered as a quick fix on the span, without the value in its title.
    const actions = await run<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, editor.selection);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Keep every occurrence of this value (IPv4 address)'), JSON.stringify(titles));
    assert.ok(!titles.some((t) => t.includes(value)));

    assert.equal(await run<number>('trcaa.pii.keepValue'), occurrences.length, 'returns the occurrences changed');
    const after = await allSpans();
    for (const s of after) assert.equal(s.decision, s.piiType === 'IPv4' && s.originalValue === value ? 'keep' : 'pending', `${s.piiType} at ${s.startOffset}`);
    await until('the kept value drawn as kept', () => (drawn().find((d) => d.spanId === target.spanId)?.decision === 'keep' ? true : undefined));
    // The CodeLens counts from the summary, not from a list of every span.
    const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const summary = lenses.map((l) => l.command?.title ?? '').find((t) => t.includes('PII spans'));
    assert.equal(summary, `$(shield) ${after.length.toLocaleString('en')} PII spans · ${(after.length - occurrences.length).toLocaleString('en')} pending · ${occurrences.length.toLocaleString('en')} kept`);
  });

  it('Review PII by Value: IPv4 → one value on each of two pages → Redact: exactly their occurrences redacted', async () => {
    const before = await allSpans();
    const summary = await store.piiSpans.valueSummary(logId, { piiType: 'IPv4', limit: 1000 });
    assert.equal(summary.total, DISTINCT_IPS);
    let offeredTypes: string[] = [];
    let firstPage: string[] = [];
    const picks: string[] = [];
    const valueOf = (label: string) => label.replace(/^\$\([\w-]+\) /, '');
    const ui = scriptUi(api, [
      [/^TRCAA: Review PII by Value — lb-access\.log$/, (items) => ((offeredTypes = items.map((i) => String((i as vscode.QuickPickItem).label))), items.find((i) => (i as { piiType?: string }).piiType === 'IPv4'))],
      [
        /^TRCAA: IPv4 address values in lb-access\.log \(1–1,000 of 1,500 values\)$/,
        (items) => {
          const values = (items as (vscode.QuickPickItem & { ref?: unknown; page?: number })[]).filter((i) => i.ref);
          firstPage = values.map((i) => `${valueOf(i.label)} ${i.description}`);
          const pick = values[3];
          picks.push(valueOf(pick?.label ?? ''));
          return [pick, items.find((i) => (i as { page?: number }).page === 1)];
        },
      ],
      [
        /^TRCAA: IPv4 address values in lb-access\.log \(1,001–1,500 of 1,500 values\)$/,
        (items) => {
          const values = (items as (vscode.QuickPickItem & { ref?: unknown })[]).filter((i) => i.ref);
          picks.push(valueOf(values[0]?.label ?? ''));
          return [values[0]];
        },
      ],
      [/^TRCAA: Decide 2 values \(\d[\d,]* occurrences\)$/, (items) => items.find((i) => (i as { decision?: string }).decision === 'redact')],
    ]);
    const changed = await Promise.resolve(run<number>('trcaa.pii.reviewByValue', logId)).finally(() => ui.restore());
    assert.ok(offeredTypes.some((l) => l.includes('All types')) && offeredTypes.some((l) => l.includes('IPv4 address')) && offeredTypes.some((l) => l.includes('E-mail address')), offeredTypes.join(' | '));
    assert.equal(firstPage.length, 1000, 'a page of 1,000 values');
    // Most frequent first, each with its count and decision.
    const top = summary.values[0];
    assert.ok(top);
    assert.equal(firstPage[0], `${top.value} ×${top.count.toLocaleString('en')} — ${top.decision === 'keep' ? 'kept' : 'pending'}`);
    assert.equal(picks.length, 2);
    const redacted = before.filter((s) => s.piiType === 'IPv4' && picks.includes(s.originalValue));
    assert.equal(changed, redacted.length);
    const after = await allSpans();
    for (const s of after) {
      const was = before.find((b) => b.id === s.id)?.decision;
      assert.equal(s.decision, s.piiType === 'IPv4' && picks.includes(s.originalValue) ? 'redact' : was, `${s.piiType} at ${s.startOffset}`);
    }
  });

  it('Review PII by Value: every E-mail address at once → Keep; the type’s counts say so', async () => {
    const ui = scriptUi(api, [
      [/^TRCAA: Review PII by Value/, (items) => items.find((i) => (i as { piiType?: string }).piiType === 'Email')],
      [/^TRCAA: E-mail address values in lb-access\.log \(1–50 of 50 values\)$/, (items) => [items.find((i) => (i as { wholeType?: string }).wholeType === 'Email')]],
      [/^TRCAA: Decide every E-mail address \(2,000 occurrences\)$/, '$(eye) Keep every occurrence'],
    ]);
    const changed = await Promise.resolve(run<number>('trcaa.pii.reviewByValue', logId)).finally(() => ui.restore());
    assert.equal(changed, LINES / 10);
    const { types } = await store.piiSpans.valueSummary(logId, { limit: 1 });
    const email = types.find((t) => t.piiType === 'Email');
    assert.deepEqual(email && { count: email.count, values: email.values, keep: email.keep, pending: email.pending }, { count: 2000, values: 50, keep: 2000, pending: 0 });
  });

  it('Redact Every Occurrence with {logId, values} from a script; a value the log does not hold changes nothing', async () => {
    const value = ipOf(7);
    const occurrences = (await allSpans()).filter((s) => s.originalValue === value).length;
    assert.equal(await run<number>('trcaa.pii.redactValue', { logId, values: [{ piiType: 'IPv4', value }] }), occurrences);
    assert.ok((await allSpans()).filter((s) => s.originalValue === value).every((s) => s.decision === 'redact'));
    assert.equal(await run<number>('trcaa.pii.redactValue', { logId, values: [{ piiType: 'IPv4', value: '192.0.2.99' }] }), 0);
    await assert.rejects(Promise.resolve(run('trcaa.pii.redactValue', { logId, values: [] })), /values/i, 'an empty list is refused with a clear message');
  });
});
