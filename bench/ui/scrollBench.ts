// Runs inside the real extension host (code-server), loaded as extensionTestsPath by test/host/runBench.ts: attaches
// a generated access log past 50 MB (an IPv4 on every line, e-mails sprinkled) so that its stored copy opens as the
// 48 MB excerpt holding 500,000+ PII spans, opens it for review, then scrolls it: a page at a time, and by jumps to
// random lines. Each step is timed from the scroll (revealRange) until the PII decorations of the lines now on
// screen are drawn (setDecorations called for a window covering them) — what the reviewer waits for. The decorations
// instance comes from the Test-mode API (src/extension.ts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { AttachSummary } from '../../src/views/attachments/attachLog';
import { percentile } from './corpus';
import { runReportingFailure } from './hostRun';

export interface ScrollBenchResult {
  logMB: number;
  /** Spans within the excerpt the editor shows. */
  spansShown: number;
  attachSeconds: number;
  /** From trcaa.openLog until the first decorations are drawn… */
  openMs: number;
  /** …of which until VS Code shows the document (it loads the 48 MB text first). */
  shownMs: number;
  /** countsForIssue (the review's counts), valueSummary's first page (Review by Value) and spansInRange of a 40 KB
   * window, through the worker, alone. */
  countsMs: number;
  summaryMs: number;
  windowMs: number;
  /** Spans drawn at a time (the screen and its margin). */
  drawnSpans: number;
  pageSteps: StepFigures;
  jumps: StepFigures;
}

export interface StepFigures {
  steps: number;
  /** Steps whose screen was not drawn yet when VS Code reported it (the others landed inside the drawn margin). */
  waited: number;
  /** Of each step, VS Code's own part: from revealRange until the editor reports its new visible range. */
  revealMedianMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

const LOG_MB = Number(process.env.TRCAA_BENCH_SCROLL_MB ?? 52);
const PAGE_STEPS = 300;
const JUMPS = 60;

export function run(): Promise<void> {
  return runReportingFailure(bench);
}

/** ~90-byte access-log lines: a client IP on each (65,536 distinct), an e-mail on one in 50. */
function writeAccessLog(file: string, megabytes: number): void {
  const parts: string[] = [];
  let size = 0;
  for (let n = 0; size < megabytes * 1024 * 1024; n++) {
    const ip = `10.${(n * 7919) & 255}.${(n >> 8) & 255}.${(n & 127) + 1}`;
    const user = n % 50 === 0 ? ` user=customer${n % 4000}@example.com` : '';
    const line = `2026-11-28T10:${String((n >> 6) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}Z "GET /api/v1/orders/${n} HTTP/1.1" 200 512 client=${ip}${user}\n`;
    parts.push(line);
    size += line.length;
  }
  writeFileSync(file, parts.join(''));
}

async function bench(): Promise<void> {
  const extension = vscode.extensions.getExtension<TestApi>('trcaa.trcaa');
  if (!extension) throw new Error('the TRCAA extension is not loaded');
  const api = await extension.activate();
  if (!api?.pii) throw new Error('activate() returned no Test-mode API: is the extension host in Test mode?');
  const store = await api.store();
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) throw new Error('no workspace folder');

  const file = path.join(folder, 'lb-access.log');
  writeAccessLog(file, LOG_MB);
  const issueId = (await store.issues.create({ title: 'Load balancer errors', severity: 'high' })).id;
  const attachStart = performance.now();
  const summary = await vscode.commands.executeCommand<AttachSummary>('trcaa.attachLog', { issueId, files: [file] });
  const attachSeconds = (performance.now() - attachStart) / 1000;
  const logId = summary.outcomes[0]?.logFile?.id;
  if (!logId) throw new Error(`the log was not attached: ${summary.outcomes[0]?.message}`);
  console.log(`[bench:ui] scroll: attached a ${LOG_MB} MB log in ${attachSeconds.toFixed(1)} s`);

  // The store's part, measured alone: the counts the review loads, and one window's spans.
  const countsStart = performance.now();
  await store.piiSpans.countsForIssue(issueId);
  const countsMs = performance.now() - countsStart;
  const summaryStart = performance.now();
  await store.piiSpans.valueSummary(logId, { limit: 1 });
  const summaryMs = performance.now() - summaryStart;
  const windowStart = performance.now();
  const windowSpans = (await store.piiSpans.spansInRange(logId, 20_000_000, 20_040_000)).length;
  const windowMs = performance.now() - windowStart;
  console.log(`[bench:ui] scroll: countsForIssue ${countsMs.toFixed(0)} ms; valueSummary ${summaryMs.toFixed(0)} ms; spansInRange of 40 KB (${windowSpans} spans) ${windowMs.toFixed(1)} ms`);

  const pii = await api.pii();
  const openStart = performance.now();
  const uri = await vscode.commands.executeCommand<vscode.Uri>('trcaa.openLog', logId);
  const key = uri.toString();
  let shownAt = NaN;
  for (;;) {
    if (Number.isNaN(shownAt) && vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === key)) shownAt = performance.now();
    if (pii.decorations.applied.get(key)?.length) break;
    if (performance.now() - openStart > 120_000) throw new Error('no decorations two minutes after opening');
    await new Promise((r) => setTimeout(r, 5));
  }
  const openMs = performance.now() - openStart;
  const shownMs = shownAt - openStart;
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
  if (!editor) throw new Error('the stored log is not in an editor');
  const view = await pii.state.view(editor.document);
  const spansShown = view ? (await store.piiSpans.spansInRange(logId, 0, view.shownLength)).length : 0;
  console.log(`[bench:ui] scroll: opened in ${openMs.toFixed(0)} ms; ${spansShown} spans in the excerpt; ${editor.document.lineCount} lines`);

  const lines = editor.document.lineCount;
  const height = () => {
    const r = editor.visibleRanges[0];
    return r ? r.end.line - r.start.line + 1 : 40;
  };

  /** Scrolls so `line` is at the top, then waits until the screen's decorations are drawn. */
  const step = async (line: number): Promise<{ ms: number; revealMs: number; waited: boolean }> => {
    const start = performance.now();
    const moved = new Promise<void>((resolve) => {
      const listening = vscode.window.onDidChangeTextEditorVisibleRanges((event) => {
        if (event.textEditor === editor) {
          listening.dispose();
          resolve();
        }
      });
      setTimeout(() => {
        listening.dispose();
        resolve();
      }, 2000);
    });
    editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
    await moved;
    const revealMs = performance.now() - start;
    // Done as soon as what is drawn covers the screen: a redraw started ahead of the edge is not waited for.
    const covered = () => {
      const drawn = pii.decorations.drawnWindows.get(key);
      const visible = editor.visibleRanges[0];
      return !!drawn && !!visible && drawn.startLine <= visible.start.line && drawn.endLine >= visible.end.line;
    };
    const waited = !covered();
    while (!covered()) {
      await pii.decorations.follow(editor);
      if (performance.now() - start > 10_000) throw new Error(`line ${line} was not drawn within 10 s`);
    }
    const ms = performance.now() - start;
    return { ms, revealMs, waited };
  };

  const figures = (runs: { ms: number; revealMs: number; waited: boolean }[]): StepFigures => {
    const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
    const reveal = runs.map((r) => r.revealMs).sort((a, b) => a - b);
    return {
      steps: runs.length,
      waited: runs.filter((r) => r.waited).length,
      medianMs: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      maxMs: sorted.at(-1) ?? NaN,
      revealMedianMs: percentile(reveal, 50),
    };
  };

  // A page at a time from a third of the way down (the excerpt's top was drawn at open).
  const pageRuns = [];
  let line = Math.floor(lines / 3);
  await step(line);
  for (let i = 0; i < PAGE_STEPS; i++) {
    line = Math.min(lines - 1, line + height());
    pageRuns.push(await step(line));
  }
  // Jumps to random lines (seeded): every one lands outside the drawn window.
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const jumpRuns = [];
  for (let i = 0; i < JUMPS; i++) jumpRuns.push(await step(Math.floor(random() * (lines - 100))));

  const result: ScrollBenchResult = {
    logMB: LOG_MB,
    spansShown,
    attachSeconds,
    openMs,
    shownMs,
    countsMs,
    summaryMs,
    windowMs,
    drawnSpans: pii.decorations.applied.get(key)?.length ?? 0,
    pageSteps: figures(pageRuns),
    jumps: figures(jumpRuns),
  };
  console.log(`[bench:ui] scroll: ${JSON.stringify(result)}`);
  if (process.env.TRCAA_BENCH_RESULTS) writeFileSync(process.env.TRCAA_BENCH_RESULTS, JSON.stringify(result, null, 2));
}
