// The per-module table of several mutation reports together (runs of different modules, e.g. one `--mutate` run per
// folder): `node scripts/mutation/table.mjs reports/mutation/a.json reports/mutation/b.json`. A module in more than
// one report is taken from the last one named.
import { readFileSync } from 'node:fs';
import config from '../../stryker.config.mjs';
import { moduleScores, readEquivalentMutants, table } from './moduleScores.mjs';

const reports = process.argv.slice(2);
if (!reports.length) throw new Error('usage: node scripts/mutation/table.mjs <mutation.json>…');
const files = {};
for (const report of reports) Object.assign(files, JSON.parse(readFileSync(report, 'utf8')).files);
const { rows } = moduleScores({ files }, readEquivalentMutants(config.equivalentMutants));
const { text, failing } = table(rows, config.moduleThresholds);
console.log(text);
if (failing.length) {
  console.log(`\nbelow threshold: ${failing.map((row) => row.file).join(', ')}`);
  process.exitCode = 1;
}
