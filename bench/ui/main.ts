// npm run bench:ui (after npm run build): the incident workbench's three figures in one table —
//   1. Issues tree first paint with 10,000 issues, in the real extension host (bench/ui/hostBench.ts): goal ≤ 150 ms
//   2. FTS search over 100,000 issues (bench/ui/fts.ts), through the worker as the UI pays it: goal ≤ 30 ms a query;
//      prefix searches from keystroke to results (bench/ui/prefixSearch.ts): goal ≤ 30 ms median
//   3. attach of a 100 MB log against gzip -6 on the same file (bench/attach.ts, run as is): goal ≥ 0.8× gzip
//   4. the packaged extension's activation as the workbench reports it (bench/ui/activation.ts): goal ≤ 50 ms
//   5. PII review of a 48 MB excerpt with 500,000+ spans, in the real extension host (bench/ui/scrollBench.ts): ms
//      per scroll step until the decorations of the new screen are drawn, by pages and by jumps: goal ≤ 100 ms
// Options: --skip-host (also skips 5), --skip-scroll, --issues N (FTS size), --size MB (attach), --runs N (activation, default 5),
// --activation-only, --search-only (the FTS and prefix-search figures alone), --scroll-only, --vsix FILE (measure that
// package's activation instead of packaging this checkout). Also writes test-results/bench-ui.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../test/host/paths';
import { runInExtensionHost } from '../../test/host/runBench';
import type { ActivationResult } from './activation';
import { benchActivation } from './activation';
import type { FtsResult } from './fts';
import { benchSearch } from './fts';
import type { HostBenchResult } from './hostBench';
import type { WriteCost } from './prefixSearch';
import { searchWriteCost } from './prefixSearch';
import type { ScrollBenchResult } from './scrollBench';

const arg = (name: string) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const ftsIssues = Number(arg('--issues') ?? 100_000);
const attachMB = Number(arg('--size') ?? 100);
const activationRuns = Number(arg('--runs') ?? 5);

interface AttachResult {
  sizeMB: number;
  seconds: number;
  mbPerSecond: number;
  gzipMBPerSecond: number;
  ratio: number;
}

/** bench/attach.ts prints its figures; it is run as it is rather than copied, so both benches agree. */
function benchAttach(): AttachResult {
  const script = path.join(repoRoot, 'out', 'bench', 'attach.js');
  const run = spawnSync(process.execPath, [script, '--size', String(attachMB)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  process.stdout.write(run.stdout.replace(/^(?=.)/gm, '[attach] '));
  if (run.status !== 0) throw new Error(`bench:attach failed (${run.status}): ${run.stderr}`);
  const ours = /log \(encrypted database\): ([\d.]+) s, ([\d.]+) MB\/s/.exec(run.stdout);
  const gzip = /gzip -6 on the same file:\s+[\d.]+ s, ([\d.]+) MB\/s/.exec(run.stdout);
  const size = /attach of a ([\d.]+) MB log/.exec(run.stdout);
  if (!ours || !gzip || !size) throw new Error(`could not read bench:attach's output:\n${run.stdout}`);
  const mbPerSecond = Number(ours[2]);
  const gzipMBPerSecond = Number(gzip[1]);
  return { sizeMB: Number(size[1]), seconds: Number(ours[1]), mbPerSecond, gzipMBPerSecond, ratio: mbPerSecond / gzipMBPerSecond };
}

interface Row {
  figure: string;
  value: string;
  goal: string;
  met: boolean | undefined;
}

function printTable(rows: Row[]): void {
  const cells = rows.map((r) => [r.figure, r.value, r.goal, r.met === undefined ? '—' : r.met ? 'met' : 'MISSED']);
  const header = ['figure', 'value', 'goal', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((text, i) => text.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}`);
  for (const c of cells) console.log(line(c));
}

function activationRow(activation: ActivationResult): Row {
  return {
    figure: `activation of the installed .vsix, "Activation" in Show Running Extensions (median of ${activation.runs.length}: ${activation.runs.join(', ')} ms)`,
    value: `${activation.medianMs} ms`,
    goal: '≤ 50 ms',
    met: activation.medianMs <= 50,
  };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Search as you type: each prefix query from keystroke to results, typing, and what the index costs. */
function prefixRows(search: FtsResult, writeCost: WriteCost): Row[] {
  const { queries, typing, sizes } = search.prefix;
  const rows: Row[] = queries.map((q) => {
    const view = q.view ?? q.inProcess;
    const parts = [`in process ${ms(q.inProcess.medianMs)}`, q.worker ? `worker ${ms(q.worker.medianMs)}` : '', q.before ? `before: ${ms(q.before.medianMs)} (issues_fts + bm25)` : ''].filter(Boolean).join(', ');
    return {
      figure: `prefix search "${q.query}" → ${q.fts}, ${q.total.toLocaleString('en')} matches, keystroke to results (worker + view; p95 ${ms(view.p95Ms)}; ${parts})`,
      value: `${ms(view.medianMs)} median`,
      goal: '≤ 30 ms median',
      met: view.medianMs <= 30,
    };
  });
  if (typing) {
    rows.push({
      figure: `typing, every keystroke a search (${typing.keystrokes} keystrokes; p95 ${ms(typing.p95Ms)})`,
      value: `${ms(typing.medianMs)} median`,
      goal: '≤ 30 ms median',
      met: typing.medianMs <= 30,
    });
  }
  rows.push({
    figure: `search index size: issues_search ${mb(sizes.issuesSearch)}, issues_fts ${mb(sizes.issuesFts)}, issues table ${mb(sizes.issues)}, file ${mb(sizes.file)}`,
    value: `${(sizes.issuesSearch / Math.max(1, sizes.file)).toFixed(2)} of the file`,
    goal: '—',
    met: undefined,
  });
  rows.push({
    figure: `creating an issue (own transaction, encrypted, mean of ${writeCost.creates}): ${ms(writeCost.withIndexMs)} with issues_search, ${ms(writeCost.withoutIndexMs)} without`,
    value: `${(writeCost.withIndexMs / writeCost.withoutIndexMs).toFixed(2)}×`,
    goal: '—',
    met: undefined,
  });
  return rows;
}

function scrollRows(scroll: ScrollBenchResult | undefined): Row[] {
  if (!scroll) return [{ figure: 'PII review scroll (skipped)', value: '—', goal: '≤ 100 ms a step', met: undefined }];
  const about = `${scroll.logMB} MB log, its 48 MB excerpt with ${scroll.spansShown.toLocaleString('en')} spans; ${scroll.drawnSpans} spans drawn at a time`;
  const row = (what: string, f: ScrollBenchResult['pageSteps']): Row => ({
    figure: `PII review, scroll ${what} until decorated (${about}; ${f.steps} steps, ${f.waited} landed outside the drawn lines; p95 ${f.p95Ms.toFixed(1)} ms, max ${f.maxMs.toFixed(1)} ms; VS Code's scroll alone ${f.revealMedianMs.toFixed(1)} ms median)`,
    value: `${f.medianMs.toFixed(1)} ms median`,
    goal: '≤ 100 ms a step',
    met: f.p95Ms <= 100,
  });
  const open: Row = {
    figure: `PII review, open the 48 MB excerpt until its first decorations (shown by VS Code after ${(scroll.shownMs / 1000).toFixed(1)} s; the review's counts ${scroll.countsMs.toFixed(0)} ms, a 40 KB window's spans ${scroll.windowMs.toFixed(1)} ms; Review by Value's first page ${(scroll.summaryMs / 1000).toFixed(1)} s)`,
    value: `${(scroll.openMs / 1000).toFixed(1)} s`,
    goal: '—',
    met: undefined,
  };
  return [open, row('a page at a time', scroll.pageSteps), row('by jumps to random lines', scroll.jumps)];
}

async function main(): Promise<number> {
  if (process.argv.includes('--activation-only')) {
    printTable([activationRow(await benchActivation(activationRuns, arg('--vsix')))]);
    return 0;
  }
  if (process.argv.includes('--scroll-only')) {
    printTable(scrollRows(await runInExtensionHost<ScrollBenchResult>(path.join(repoRoot, 'out', 'bench', 'ui', 'scrollBench.js'), { timeoutMs: 20 * 60_000 })));
    return 0;
  }
  const workerFile = path.join(repoRoot, 'dist', 'dbWorker.js');
  if (!existsSync(workerFile) || !existsSync(path.join(repoRoot, 'out', 'bench', 'ui', 'hostBench.js'))) {
    console.error('run npm run build first');
    return 1;
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'trcaa-bench-ui-'));
  let search: FtsResult;
  let writeCost: WriteCost;
  try {
    console.log(`[bench:ui] FTS: seeding ${ftsIssues} issues…`);
    search = await benchSearch(scratch, ftsIssues, workerFile);
    console.log(`[bench:ui] FTS: seeded in ${search.seedSeconds.toFixed(1)} s; per kind (worker): ${JSON.stringify(search.worker?.byKind)}`);
    console.log('[bench:ui] search index write cost…');
    writeCost = await searchWriteCost(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const searchRows = prefixRows(search, writeCost);
  if (process.argv.includes('--search-only')) {
    printTable(searchRows);
    return 0;
  }
  console.log(`[bench:ui] attach: ${attachMB} MB…`);
  const attach = benchAttach();

  let tree: HostBenchResult | undefined;
  if (!process.argv.includes('--skip-host')) {
    console.log('[bench:ui] tree: starting code-server and the extension host…');
    tree = await runInExtensionHost<HostBenchResult>(path.join(repoRoot, 'out', 'bench', 'ui', 'hostBench.js'));
  }

  let scroll: ScrollBenchResult | undefined;
  if (!process.argv.includes('--skip-host') && !process.argv.includes('--skip-scroll')) {
    console.log('[bench:ui] scroll: starting code-server and the extension host…');
    scroll = await runInExtensionHost<ScrollBenchResult>(path.join(repoRoot, 'out', 'bench', 'ui', 'scrollBench.js'), { timeoutMs: 20 * 60_000 });
  }

  // Last: packaging rebuilds dist/ in production mode.
  const activation = await benchActivation(activationRuns);

  const worker = search.worker ?? search.inProcess;
  const rows: Row[] = [
    tree
      ? {
          figure: `tree first paint, ${tree.issues.toLocaleString('en')} issues (extension host; median of ${tree.runs.length}, cold ${ms(tree.coldMs)}; ${tree.rootItems} groups + ${tree.firstLevelItems} items)`,
          value: ms(tree.medianMs),
          goal: '≤ 150 ms',
          met: tree.medianMs <= 150,
        }
      : { figure: 'tree first paint (skipped: --skip-host)', value: '—', goal: '≤ 150 ms', met: undefined },
    {
      figure: `FTS search, ${ftsIssues.toLocaleString('en')} issues, ${worker.queries} queries, limit 50 (through the worker; p95 ${ms(worker.p95Ms)}, max ${ms(worker.maxMs)})`,
      value: `${ms(worker.medianMs)} median`,
      goal: '≤ 30 ms a query',
      met: worker.p95Ms <= 30,
    },
    {
      figure: `FTS search, same, in-process repository (p95 ${ms(search.inProcess.p95Ms)}; median ${search.inProcess.medianTotal} matches a query)`,
      value: `${ms(search.inProcess.medianMs)} median`,
      goal: '≤ 30 ms a query',
      met: search.inProcess.p95Ms <= 30,
    },
    ...searchRows,
    {
      figure: `attach of a ${attach.sizeMB.toFixed(1)} MB log (gzip -6: ${attach.gzipMBPerSecond.toFixed(1)} MB/s)`,
      value: `${attach.mbPerSecond.toFixed(1)} MB/s = ${attach.ratio.toFixed(2)}× gzip`,
      goal: '≥ 0.80× gzip -6',
      met: attach.ratio >= 0.8,
    },
    ...scrollRows(scroll),
    activationRow(activation),
  ];
  printTable(rows);

  const resultsDir = path.join(repoRoot, 'test-results');
  mkdirSync(resultsDir, { recursive: true });
  const json = path.join(resultsDir, 'bench-ui.json');
  writeFileSync(json, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg(), tree, search, writeCost, attach, scroll, activation, rows }, null, 2));
  console.log(`\n[bench:ui] figures in ${path.relative(process.cwd(), json)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[bench:ui] failed:', error);
    process.exit(1);
  },
);
