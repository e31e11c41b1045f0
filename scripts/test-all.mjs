// `npm test`: package, build, lint, unit, integration (real VS Code), UI (Chromium) — then one summary line
// "N passed, N failed" summed over every layer. Exits non-zero when any step fails.
// First it checks what the layers need from the system (Chromium, SQLCipher 4, poppler's pdftotext): as root on
// Debian it installs what is missing, as .ci/run does; anywhere else it stops at once, naming the one command to run,
// instead of failing minutes later.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps = [
  // First, because packaging rebuilds dist/ in production mode; the development build below replaces it (~3 s).
  { name: 'package', command: 'npm run -s package' },
  { name: 'build', command: 'npm run -s build' },
  { name: 'lint', command: 'npm run -s lint' },
  { name: 'unit', command: 'npm run -s test:unit', counts: true },
  { name: 'integration', command: 'npm run -s test:integration', counts: true },
  { name: 'ui', command: 'npm run -s test:e2e', counts: true },
];

const chromiumPaths = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** What is missing for the tests, each with what provides it. */
function missingPrerequisites() {
  const missing = [];
  if (!existsSync('node_modules')) missing.push('the npm dependencies (npm ci)');
  if (!(process.env.CHROME_PATH ? existsSync(process.env.CHROME_PATH) : chromiumPaths.some((p) => existsSync(p)))) missing.push('Chromium (Debian: chromium; or set CHROME_PATH)');
  const cipher = spawnSync('sqlcipher', [], { input: 'PRAGMA cipher_version;\n', encoding: 'utf8' });
  if (cipher.error || !/^4\./m.test(cipher.stdout ?? '')) missing.push('SQLCipher 4 (Debian: sqlcipher from bookworm-backports; bookworm\'s own is 3.4)');
  if (spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).error) missing.push('pdftotext (Debian: poppler-utils)');
  return missing;
}

function checkPrerequisites() {
  let missing = missingPrerequisites();
  if (missing.length === 0) return;
  const debianRoot = process.getuid?.() === 0 && existsSync('/etc/debian_version');
  if (debianRoot) {
    console.log(`[test] missing: ${missing.join('; ')} — installing (.ci/install-system.sh, npm ci)`);
    if (spawnSync('bash', ['.ci/install-system.sh'], { stdio: 'inherit' }).status !== 0) process.exit(1);
    if (!existsSync('node_modules') && spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' }).status !== 0) process.exit(1);
    missing = missingPrerequisites();
    if (missing.length === 0) return;
  }
  const system = missing.some((m) => !m.includes('npm ci'));
  const npm = missing.some((m) => m.includes('npm ci'));
  const install = existsSync('/etc/debian_version') ? 'sudo bash .ci/install-system.sh' : 'install them with your package manager (.ci/install-system.sh lists the Debian packages)';
  const command = [system ? install : '', npm ? 'npm ci' : ''].filter(Boolean).join(' && ');
  console.error(`[test] cannot run the tests: missing ${missing.join('; ')}.\nRun: ${command}`);
  process.exit(1);
}

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

checkPrerequisites();
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
