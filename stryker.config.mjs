// Mutation testing of the pure core (`npm run test:mutation`; README "Mutation testing"). Not part of `npm test`.
// One module or folder at a time: `npm run test:mutation -- --mutate 'src/core/whys/**/*.ts'`.
// Stryker mutates a copy of the project (.stryker-tmp/), bundles there only the unit tests that reach a mutated module
// (scripts/build-mutation-tests.mjs) and runs, for each mutant, the tests that cover it.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'mocha',
  plugins: ['@stryker-mutator/mocha-runner', './scripts/mutation/moduleScores.mjs'],
  buildCommand: 'node scripts/build-mutation-tests.mjs',
  // The mocha config of the unit tests (.mocharc.json) finds the bundles built above. A mutant runs its covering tests
  // in load order until one fails: the PII examples (each type found, hard negatives, the contract) load first, so a
  // detector or rule mutant usually dies there before the costly properties and streaming tests run (a file named
  // twice is loaded once).
  mochaOptions: {
    config: '.mocharc.json',
    spec: [
      ...['positives', 'negatives', 'detector', 'rules*', 'overlapRanking', 'escapedView', 'validators', 'jsonEscapes', 'percentEncoded', 'replacementChar', 'equalSpans'].map(
        (name) => `out/test/unit/core/pii/${name}.test.js`,
      ),
      'out/test/unit/**/*.test.js',
    ],
  },
  coverageAnalysis: 'perTest',
  // A static mutant (module-level code: a constant, a regex literal, a schema) runs before any test, so Stryker
  // restarts the test process and runs every test for it: minutes per mutant for the PII rules, whose regexes are
  // module-level. They are left out (the table counts them); `-- --ignoreStatic false` runs them too, for hours.
  ignoreStatic: true,
  mutate: [
    'src/core/pii/**/*.ts',
    'src/core/whys/**/*.ts',
    'src/core/documents/**/*.ts',
    'src/storage/cipher/**/*.ts',
    'src/storage/content/**/*.ts',
    // The pure parts of src/storage/pii: the stored detections' codec and their set.
    'src/storage/pii/detectionCodec.ts',
    'src/storage/pii/detectionSet.ts',
  ],
  ignorePatterns: ['dist', 'out', '.vscode-test', 'test-results', '.demo', '*.vsix', 'reports', '.stryker-tmp*'],
  // The machine is shared: one test process. Reruns test only the mutants whose code or tests changed.
  concurrency: 1,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  // Added to 1.5 × the covering tests' time: an endless loop not caught by the hit limit costs this much (and a restart).
  timeoutMS: 5000,
  // The dry run of the PII tests (instrumented, fast-check properties) takes minutes on a loaded machine.
  dryRunTimeoutMinutes: 30,
  reporters: ['progress', 'html', 'json', 'module-scores'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Per module (file), reachable = killed / (killed + survived), overall also counts mutants no test reaches.
  moduleThresholds: [
    { folder: 'src/core/pii/', reachable: 85, overall: 80 },
    { folder: 'src/core/whys/', reachable: 85, overall: 80 },
    { folder: 'src/core/documents/', reachable: 85, overall: 80 },
    { folder: 'src/storage/cipher/', reachable: 85, overall: 80 },
    { folder: 'src/storage/content/', reachable: 85, overall: 80 },
  ],
  equivalentMutants: 'test/mutation/equivalentMutants.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
