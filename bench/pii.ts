// PII detector benchmark: scan speed on ~100 MB of real logs, and precision / recall / F1 / leak-free per type on
// the labelled dev corpus, next to the peer figures published with it. Both inputs come from ../shared/data
// (optional: a user's clone has none; pass --data <folder> to point elsewhere).
//   npm run build && npm run bench:pii [-- --data ../shared/data --size 100 --runs 3 --adversarial-size 1 --access-size 50]
// (--speed-only, --quality-only, --adversarial-only run one part; --keep <dir> keeps the predictions and scores.)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDetector } from '../src/core/pii/detector';
import { PiiStreamScanner } from '../src/core/pii/streamScanner';
import type { DetectedSpan } from '../src/core/pii/types';
import { FILLERS, TRIGGERS } from '../test/unit/core/pii/adversarialInputs';
import { generateAccessLog } from '../src/core/demo/accessLog';
import { loghubConcatenation } from './loghubText';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? (process.argv[i + 1] as string) : fallback;
};
const dataDir = path.resolve(arg('--data', path.join(__dirname, '..', '..', '..', 'shared', 'data')));
const sizeMB = Number(arg('--size', '100'));
const runs = Number(arg('--runs', '3'));
const MB = 1024 * 1024;

/** The corpus' type names for ours (ApiKey, Password and Secret are all "the value of a secret-named key"). */
const CORPUS_TYPE: Record<string, string> = {
  UrlCredentials: 'url_credentials',
  BearerToken: 'bearer_token',
  ApiKey: 'generic_secret',
  Password: 'generic_secret',
  Secret: 'generic_secret',
  SSN: 'ssn',
  CreditCard: 'credit_card',
  Email: 'email',
  MAC: 'mac',
  IPv6: 'ipv6',
  IPv4: 'ipv4',
  Phone: 'phone',
  AWSAccessKey: 'aws_access_key',
  AWSSecretKey: 'aws_secret_key',
  GitHubToken: 'github_token',
  SlackToken: 'slack_token',
  JWT: 'jwt',
  PrivateKey: 'private_key',
};

/** As attach scans: the text in 1 MiB pieces through the stream scanner. */
function scan(text: string): DetectedSpan[] {
  const scanner = new PiiStreamScanner(createDetector());
  const spans: DetectedSpan[] = [];
  for (let at = 0; at < text.length; at += MB) spans.push(...scanner.push(text.slice(at, at + MB)));
  spans.push(...scanner.end());
  return spans;
}

let speedMBs: number | undefined;

function throughput(): void {
  const { buffer, text, files } = loghubConcatenation(dataDir, sizeMB);
  const times: number[] = [];
  let found = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    found = scan(text).length;
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] as number;
  console.log(`## Scan speed: ${(buffer.length / 1e6).toFixed(1)} MB of loghub/*.log (${files.length} files, concatenated), ${runs} runs`);
  speedMBs = buffer.length / 1e6 / median;
  console.log(`median ${median.toFixed(2)} s = **${(buffer.length / 1e6 / median).toFixed(1)} MB/s** (runs: ${times.map((t) => t.toFixed(2)).join(', ')} s); ${found} spans; goal ≥ 100 MB/s`);
}

/**
 * The logs an attach meets most: a load balancer's access log (an IPv4 on every line; bench:attach's, generated), and
 * the same lines as a container runtime writes them (JSON, Go's \u0026 escapes: the detector reads an escaped view).
 * Generated here, so this part needs no shared data.
 */
function accessLogSpeed(): void {
  const bytes = Number(arg('--access-size', '50')) * 1e6;
  const plain: string[] = [];
  generateAccessLog(bytes, (piece) => plain.push(piece));
  const asJson = (piece: string) =>
    piece
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.stringify({ log: `${line}\n`, stream: 'stdout', time: '2026-11-28T12:00:00.000000000Z' }).replace(/\?page=2/g, '?page=2\\u0026sort=asc'))
      .join('\n') + '\n';
  console.log(`\n## Scan speed on generated logs (${(bytes / 1e6).toFixed(0)} MB each, ${runs} runs, as attach scans: 1 MiB pieces)`);
  for (const [name, text] of [
    ['access log', plain.join('')],
    ['the same lines as a JSON container log', plain.map(asJson).join('')],
  ] as const) {
    const times: number[] = [];
    let found = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = process.hrtime.bigint();
      found = scan(text).length;
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
    const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
    console.log(`${name}: ${(text.length / 1e6).toFixed(1)} MB, median ${median.toFixed(2)} s = **${(text.length / 1e6 / median).toFixed(1)} MB/s** (runs: ${times.map((t) => t.toFixed(2)).join(', ')} s); ${found} spans`);
  }
}

/**
 * Adversarial inputs: each rule's trigger repeated (bare and with a filler) to `--adversarial-size` MB, scanned as
 * attach scans. A rule that is not linear shows here as a figure far below the rest (seconds per MB, not MB/s).
 */
function adversarial(): void {
  const size = Number(arg('--adversarial-size', '1')) * 1e6;
  console.log(`\n## Adversarial inputs: each trigger repeated to ${(size / 1e6).toFixed(1)} MB (MB/s, bare / with each filler ${FILLERS.slice(1).map((f) => JSON.stringify(f)).join(' ')})`);
  let slowest = Infinity;
  const rows: string[] = [];
  for (const trigger of TRIGGERS) {
    const speeds = FILLERS.map((filler) => {
      const unit = trigger + filler;
      const text = unit.repeat(Math.ceil(size / unit.length));
      const t0 = process.hrtime.bigint();
      scan(text);
      const mbs = text.length / 1e6 / (Number(process.hrtime.bigint() - t0) / 1e9);
      slowest = Math.min(slowest, mbs);
      return mbs.toFixed(0);
    });
    rows.push(`| ${JSON.stringify(trigger).replace(/\|/g, '\\|')} | ${speeds.join(' / ')} |`);
  }
  console.log('| trigger | MB/s |\n|---|---|');
  for (const row of rows) console.log(row);
  console.log(`slowest: **${slowest.toFixed(1)} MB/s**`);
}

/** Scores one labelled set (dev, dev2) with the corpus' own scorer; `--keep <dir>` keeps the predictions there. */
function quality(set: string): Summary | undefined {
  const corpus = path.join(dataDir, 'pii', set);
  if (!existsSync(path.join(corpus, `${set}.log`))) {
    console.log(`\n## Quality on pii/${set}: not found at ${corpus}, skipped`);
    return undefined;
  }
  const text = readFileSync(path.join(corpus, `${set}.log`), 'utf8');
  const t0 = process.hrtime.bigint();
  const spans = scan(text);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const keep = arg('--keep', '');
  if (keep) mkdirSync(keep, { recursive: true }); // a folder named for this run need not exist yet
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'trcaa-bench-pii-'));
  try {
    const predictions = path.join(keep || tmp, `${set}.predictions.jsonl`);
    writeFileSync(predictions, spans.map((s) => JSON.stringify({ start: s.start, end: s.end, type: CORPUS_TYPE[s.type] ?? 'other', native: s.type })).join('\n') + '\n');
    const summaryFile = path.join(keep || tmp, `${set}.summary.json`);
    const scorer = spawnSync(process.execPath, [path.join(dataDir, 'pii', 'score.mjs'), '--corpus', corpus, '--set', set, '--pred', predictions, '--json', summaryFile], { encoding: 'utf8' });
    if (scorer.status !== 0) throw new Error(`score.mjs failed: ${scorer.stderr}`);
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as Summary;
    report(set, summary, text.length, seconds);
    return summary;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

interface Summary {
  preds: number;
  macro_f1_strict: number;
  leakfree_rate: number;
  micro_strict: { precision: number; recall: number };
  any_type: { precision: number; recall: number };
  per_type: { type: string; gold: number; pred: number; precision: number | null; recall: number | null; f1: number | null; leakfree: number | null }[];
  fp_attribution: Record<string, number>;
  fp_examples: Record<string, string[]>;
}

function report(set: string, s: Summary, chars: number, seconds: number): void {
  const f = (x: number | null) => (x === null ? '–' : x.toFixed(3));
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  console.log(`\n## Quality on pii/${set} (${chars.toLocaleString('en')} characters, ${s.preds} predictions, scanned in ${(seconds * 1000).toFixed(0)} ms)`);
  console.log('| type | gold | predicted | precision | recall | F1 | leak-free | goal P ≥ 0.95, R ≥ 0.98 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|:---:|');
  let allMet = true;
  for (const r of s.per_type) {
    const met = (r.precision ?? 0) >= 0.95 && (r.recall ?? 0) >= 0.98;
    allMet &&= met;
    console.log(`| ${r.type} | ${r.gold} | ${r.pred} | ${f(r.precision)} | ${f(r.recall)} | ${f(r.f1)} | ${f(r.leakfree)} | ${mark(met)} |`);
  }
  console.log(`\nmacro-F1 ${f(s.macro_f1_strict)} · micro P/R ${f(s.micro_strict.precision)} / ${f(s.micro_strict.recall)} · any-type P/R ${f(s.any_type.precision)} / ${f(s.any_type.recall)} · leak-free **${f(s.leakfree_rate)}** (goal ≥ 0.99 ${mark(s.leakfree_rate >= 0.99)}) · every type met: ${mark(allMet)}`);
  const fps = Object.entries(s.fp_attribution).slice(0, 8);
  if (fps.length) console.log(`false positives by kind: ${fps.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (process.argv.includes('--verbose')) console.log(JSON.stringify(s.fp_examples, null, 1));
}

/** The peers, as published with the dev corpus (its README), next to this build on dev. */
function peers(s: Summary): void {
  const f = (x: number | null) => (x === null ? '–' : x.toFixed(3));
  const readme = readFileSync(path.join(dataDir, 'pii', 'README.md'), 'utf8');
  const table = readme.split('\n').filter((line) => line.startsWith('|'));
  if (table.length > 2) {
    console.log('\n## Peers on the same set (from pii/README.md) and TRCAA');
    for (const line of table) console.log(line);
    console.log(`| **TRCAA (this build)** | ${f(s.macro_f1_strict)} | ${f(s.micro_strict.precision)} / ${f(s.micro_strict.recall)} | ${f(s.leakfree_rate)} | ${speedMBs === undefined ? 'not measured' : speedMBs.toFixed(0)} |`);
  }
}

if (!existsSync(path.join(dataDir, 'loghub')) || !existsSync(path.join(dataDir, 'pii', 'dev'))) {
  console.log(`bench:pii needs the shared data folder (loghub/ and pii/dev/): not found at ${dataDir}. Pass --data <folder>.`);
  process.exit(0);
}
const only = ['--speed-only', '--adversarial-only', '--quality-only'].find((flag) => process.argv.includes(flag));
if (!only || only === '--speed-only') {
  throughput();
  accessLogSpeed();
}
if (!only || only === '--adversarial-only') adversarial();
if (!only || only === '--quality-only') {
  const dev = quality('dev');
  quality('dev2');
  if (dev) peers(dev);
}
