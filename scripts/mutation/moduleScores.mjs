// A Stryker reporter: the mutation score of each mutated module (file), checked against the thresholds of its folder
// (stryker.config.mjs `moduleThresholds`), printed as one table. Stryker's own thresholds are global; a module whose
// tests are blind would hide behind the others. Mutants listed in the equivalent-mutants file (no observable effect,
// each with its reason) count neither way. Exits non-zero when a module is below its threshold.
import { readFileSync } from 'node:fs';
import { PluginKind, commonTokens, declareFactoryPlugin } from '@stryker-mutator/api/plugin';

const detected = new Set(['Killed', 'Timeout']);
const invalid = new Set(['CompileError', 'RuntimeError', 'Pending']);

/**
 * `[{ file, mutator, original, replacement, within?, after?, reason }]`: `original` is the mutated source text
 * (whitespace aside). When the same text occurs more than once: `within`, a piece of the line the mutant starts on;
 * `after`, a piece of source the mutant comes after (a function's first line).
 */
export function readEquivalentMutants(file) {
  const list = JSON.parse(readFileSync(file, 'utf8'));
  for (const entry of list) {
    if (!entry.file || !entry.mutator || entry.original === undefined || entry.replacement === undefined || !entry.reason) {
      throw new Error(`${file}: every equivalent mutant needs file, mutator, original, replacement and reason: ${JSON.stringify(entry)}`);
    }
  }
  return list;
}

const squeeze = (text) => text.replace(/\s+/g, ' ').trim();

/** The source text a mutant replaced (the report's lines and columns are 1-based). */
export function originalText(source, location) {
  const lines = source.split('\n');
  const { start, end } = location;
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n');
}

function isListed(list, file, source, mutant) {
  const original = squeeze(originalText(source, mutant.location));
  const lines = source.split('\n');
  const line = lines[mutant.location.start.line - 1];
  const offset = lines.slice(0, mutant.location.start.line - 1).reduce((sum, l) => sum + l.length + 1, 0) + mutant.location.start.column - 1;
  return list.find((entry) => entry.file === file && entry.mutator === mutant.mutatorName &&
    squeeze(entry.original) === original && squeeze(entry.replacement) === squeeze(mutant.replacement ?? '') &&
    (entry.within === undefined || line.includes(entry.within)) &&
    (entry.after === undefined || (source.indexOf(entry.after) !== -1 && offset > source.indexOf(entry.after))));
}

export function moduleScores(report, equivalent) {
  const rows = [];
  const usedEntries = new Set();
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const row = { file, killed: 0, survived: 0, noCoverage: 0, equivalent: 0, ignored: 0, survivors: [] };
    for (const mutant of mutants) {
      if (invalid.has(mutant.status)) continue;
      const listed = isListed(equivalent, file, source, mutant);
      if (listed) usedEntries.add(listed);
      if (mutant.status === 'Ignored') { row.ignored++; continue; } // static mutants (ignoreStatic), not run
      if (listed) { row.equivalent++; continue; }
      if (detected.has(mutant.status)) row.killed++;
      else if (mutant.status === 'NoCoverage') { row.noCoverage++; row.survivors.push(mutant); }
      else { row.survived++; row.survivors.push(mutant); }
    }
    const reachable = row.killed + row.survived;
    row.reachableScore = reachable ? (100 * row.killed) / reachable : 100;
    row.overallScore = reachable + row.noCoverage ? (100 * row.killed) / (reachable + row.noCoverage) : 100;
    rows.push(row);
  }
  return { rows: rows.sort((a, b) => a.file.localeCompare(b.file)), stale: equivalent.filter((entry) => !usedEntries.has(entry)) };
}

export function thresholdFor(thresholds, file) {
  return thresholds.filter((t) => file.startsWith(t.folder)).sort((a, b) => b.folder.length - a.folder.length)[0];
}

const pad = (text, width) => String(text).padEnd(width);
const padStart = (text, width) => String(text).padStart(width);
const percent = (n) => `${n.toFixed(1)} %`;

export function table(rows, thresholds) {
  const width = Math.max(6, ...rows.map((row) => row.file.length));
  const lines = [`${pad('module', width)}  killed  survived  no cov.  equiv.  static  reachable    overall  threshold`];
  const failing = [];
  for (const row of rows) {
    const threshold = thresholdFor(thresholds, row.file);
    const below = threshold && (row.reachableScore < threshold.reachable || row.overallScore < threshold.overall);
    if (below) failing.push(row);
    lines.push(`${pad(row.file, width)}  ${padStart(row.killed, 6)}  ${padStart(row.survived, 8)}  ${padStart(row.noCoverage, 7)}  ` +
      `${padStart(row.equivalent, 6)}  ${padStart(row.ignored, 6)}  ${padStart(percent(row.reachableScore), 9)}  ${padStart(percent(row.overallScore), 9)}  ` +
      `${threshold ? `${threshold.reachable}/${threshold.overall}${below ? '  BELOW' : ''}` : '-'}`);
  }
  return { text: lines.join('\n'), failing };
}

function createReporter(log, options) {
  const thresholds = options.moduleThresholds ?? [];
  const equivalentFile = options.equivalentMutants;
  return {
    onMutationTestReportReady(report) {
      const equivalent = equivalentFile ? readEquivalentMutants(equivalentFile) : [];
      const { rows, stale } = moduleScores(report, equivalent);
      const { text, failing } = table(rows, thresholds);
      console.log(`\nMutation score per module (reachable = killed / (killed + survived); overall also counts mutants no test reaches;\nequiv. = listed in ${equivalentFile}; static = not run, see ignoreStatic)\n${text}\n`);
      for (const row of failing) {
        const survivors = row.survivors.map((m) => `  ${row.file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} → ${squeeze(m.replacement ?? '').slice(0, 80)} (${m.status})`);
        console.log(`${row.file} is below its threshold; surviving mutants:\n${survivors.join('\n')}`);
      }
      // Only entries of a mutated module can be stale: a per-module run leaves the others unmutated.
      for (const entry of stale.filter((e) => report.files[e.file])) {
        log.warn(`${equivalentFile}: no such mutant any more in ${entry.file} (${entry.mutator}: ${entry.original} → ${entry.replacement}); remove it`);
      }
      if (failing.length) process.exitCode = 1;
    },
  };
}
createReporter.inject = [commonTokens.logger, commonTokens.options];

export const strykerPlugins = [declareFactoryPlugin(PluginKind.Reporter, 'module-scores', createReporter)];

export const strykerValidationSchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  type: 'object',
  properties: {
    moduleThresholds: {
      description: 'Minimum scores of each module (file) under a folder; the longest matching folder applies.',
      type: 'array',
      items: {
        type: 'object',
        properties: { folder: { type: 'string' }, reachable: { type: 'number' }, overall: { type: 'number' } },
        required: ['folder', 'reachable', 'overall'],
      },
    },
    equivalentMutants: { description: 'JSON list of equivalent mutants, each with its reason.', type: 'string' },
  },
};
