// Runs inside the real extension host (code-server), loaded as extensionTestsPath by test/host/runBench.ts: seeds
// 10,000 issues through the extension's own store (the worker), then times the Issues view's first paint as VS Code
// asks for it — root getChildren, getTreeItem for each group, then the children of the groups that start expanded
// (Open and Investigating: their first page of 200) and getTreeItem for each. The tree instance comes from the
// Test-mode API (src/extension.ts): a copy bundled here would fail the provider's instanceof checks.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { generateIssues, percentile } from './corpus';
import { runReportingFailure } from './hostRun';

export interface HostBenchResult {
  issues: number;
  seedSeconds: number;
  runs: number[];
  coldMs: number;
  medianMs: number;
  p95Ms: number;
  rootItems: number;
  firstLevelItems: number;
}

const ISSUES = Number(process.env.TRCAA_BENCH_TREE_ISSUES ?? 10_000);
const RUNS = 9;

export function run(): Promise<void> {
  return runReportingFailure(bench);
}

async function bench(): Promise<void> {
  const extension = vscode.extensions.getExtension<TestApi>('trcaa.trcaa');
  if (!extension) throw new Error('the TRCAA extension is not loaded');
  const api = await extension.activate();
  if (!api?.issuesTree) throw new Error('activate() returned no Test-mode API: is the extension host in Test mode?');
  const store = await api.store();
  const tree = api.issuesTree;

  const seedStart = performance.now();
  const already = (await store.issues.counts()).total;
  const created: string[] = [];
  const generated = generateIssues(ISSUES - already);
  // Batches in flight at once: the worker runs them one after another, without a round trip between each.
  for (;;) {
    const batch = [];
    for (let n = 0; n < 250; n++) {
      const next = generated.next();
      if (next.done) break;
      batch.push(store.issues.create(next.value));
    }
    if (batch.length === 0) break;
    for (const issue of await Promise.all(batch)) created.push(issue.id);
  }
  // A realistic spread over the four groups: Open and Investigating both hold more than a page (200).
  const quarter = Math.floor(created.length / 4);
  await store.issues.setStatusMany(created.slice(quarter, 2 * quarter), 'investigating');
  await store.issues.setStatusMany(created.slice(2 * quarter, 3 * quarter), 'resolved');
  await store.issues.setStatusMany(created.slice(3 * quarter), 'closed');
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(`[bench:ui] seeded ${created.length} issues (${already} already there) in ${seedSeconds.toFixed(1)} s`);

  const runs: number[] = [];
  let rootItems = 0;
  let firstLevelItems = 0;
  for (let i = 0; i < RUNS; i++) {
    // Drops the provider's groups and pages, as the Refresh command does: each run starts from an empty cache.
    tree.refresh();
    const start = performance.now();
    const roots = await tree.getChildren();
    const items = roots.map((node) => tree.getTreeItem(node));
    const expanded = roots.filter((_, index) => items[index]?.collapsibleState === vscode.TreeItemCollapsibleState.Expanded);
    const children = (await Promise.all(expanded.map((node) => tree.getChildren(node)))).flat();
    for (const node of children) tree.getTreeItem(node);
    runs.push(performance.now() - start);
    rootItems = roots.length;
    firstLevelItems = children.length;
  }
  const sorted = [...runs].sort((a, b) => a - b);
  const result: HostBenchResult = {
    issues: (await store.issues.counts()).total,
    seedSeconds,
    runs,
    coldMs: runs[0] ?? NaN,
    medianMs: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    rootItems,
    firstLevelItems,
  };
  console.log(`[bench:ui] tree first paint: ${runs.map((ms) => ms.toFixed(1)).join(', ')} ms`);
  const out = process.env.TRCAA_BENCH_RESULTS;
  // The extension host's console is not a reliable pipe: the runner reads the figures from this file.
  if (out) writeFileSync(out, JSON.stringify(result, null, 2));
}
