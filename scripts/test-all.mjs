// `npm test`: package, build, lint, unit, integration (real VS Code), UI (Chromium) — then one summary line
// "N passed, N failed" summed over every layer. Exits non-zero when any step fails.
import { spawn } from 'node:child_process';

const steps = [
  // First, because packaging rebuilds dist/ in production mode; the development build below replaces it (~3 s).
  { name: 'package', command: 'npm run -s package' },
  { name: 'build', command: 'npm run -s build' },
  { name: 'lint', command: 'npm run -s lint' },
  { name: 'unit', command: 'npm run -s test:unit', counts: true },
  { name: 'integration', command: 'npm run -s test:integration', counts: true },
  { name: 'ui', command: 'npm run -s test:e2e', counts: true },
];

function run(step) {
  return new Promise((resolve) => {
    const child = spawn(step.command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; process.stdout.write(chunk); });
    child.stderr.on('data', (chunk) => { output += chunk; process.stderr.write(chunk); });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/** mocha's closing lines: "  12 passing (3s)", "  1 failing". */
function counts(output) {
  const last = (re) => { const all = [...output.matchAll(re)]; return all.length ? Number(all[all.length - 1][1]) : 0; };
  return { passed: last(/^\s*(\d+) passing/gm), failed: last(/^\s*(\d+) failing/gm) };
}

let passed = 0;
let failed = 0;
const report = [];
let ok = true;
for (const step of steps) {
  console.log(`\n=== ${step.name}: ${step.command}`);
  const started = Date.now();
  const { code, output } = await run(step);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (step.counts) {
    const c = counts(output);
    // A layer that failed without reporting a failing test (crash, hang, no tests) still counts as a failure.
    if (code !== 0 && c.failed === 0) c.failed = 1;
    passed += c.passed;
    failed += c.failed;
    report.push(`${step.name}: ${c.passed} passed, ${c.failed} failed (${seconds}s)`);
  } else {
    report.push(`${step.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} (${seconds}s)`);
    if (code !== 0) failed += 1;
  }
  if (code !== 0) {
    ok = false;
    // Without a build the later layers would test stale bundles.
    if (step.name === 'build') break;
  }
}
console.log('\n' + report.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
