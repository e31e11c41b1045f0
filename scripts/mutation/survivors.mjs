// Prints the surviving mutants of the last run (reports/mutation/mutation.json) as entries of the equivalent-mutants
// file, to copy the ones that truly have no observable effect — each with its reason — into
// test/mutation/equivalentMutants.json. `node scripts/mutation/survivors.mjs [file-prefix]`
import { readFileSync } from 'node:fs';
import { moduleScores, readEquivalentMutants, originalText } from './moduleScores.mjs';

const report = JSON.parse(readFileSync(process.env.REPORT ?? 'reports/mutation/mutation.json', 'utf8'));
const { rows } = moduleScores(report, readEquivalentMutants('test/mutation/equivalentMutants.json'));
const prefix = process.argv[2] ?? '';
const entries = rows.filter((row) => row.file.startsWith(prefix)).flatMap((row) => row.survivors.map((mutant) => ({
  file: row.file,
  line: mutant.location.start.line,
  status: mutant.status,
  mutator: mutant.mutatorName,
  original: originalText(report.files[row.file].source, mutant.location),
  replacement: mutant.replacement,
  reason: '',
})));
console.log(JSON.stringify(entries, null, 2));
