// Smoke test of `npm start`: the compiled start script (no rebuild) serves the workbench with the TRCAA container,
// prints a URL that works, and Ctrl+C leaves nothing behind: no listener on the port, no code-server process.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../host/browser';
import { freePort } from '../host/codeServer';
import { repoRoot } from '../host/paths';
import { spawnGroup, stopGroup } from '../host/processes';
import { activityBarItem, openWorkbench, screenshot } from './workbench';

/** Command lines of every process on this machine that mentions `needle`. */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (commandLine.includes(needle)) found.push(`${pid}: ${commandLine}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

describe('npm start (smoke)', function () {
  let dir: string;
  let start: ChildProcess | undefined;
  let browser: Browser | undefined;
  let output = '';

  before(async function () {
    dir = await mkdtemp(path.join(os.tmpdir(), 'trcaa-start-'));
  });

  after(async function () {
    await browser?.close().catch(() => undefined);
    // Only does something when the test failed before its own Ctrl+C: the whole group goes.
    if (start) await stopGroup(start);
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a URL that opens the workbench with TRCAA in the activity bar; Ctrl+C stops everything', async function () {
    const port = await freePort();
    // Its own folder, so that a person's `npm start` in this checkout (<repo>/.demo) is left alone.
    start = spawnGroup(process.execPath, [path.join(repoRoot, 'out', 'scripts', 'start.js'), '--port', String(port), '--dir', dir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = start;
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /^\s*(http:\/\/127\.0\.0\.1:\d+\/\?\S+)$/m.exec(output);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`start exited early (code ${code}):\n${output}`)));
    });
    assert.ok(url.startsWith(`http://127.0.0.1:${port}/?folder=`), `the URL uses the requested port: ${url}`);
    assert.match(decodeURIComponent(url), /"extensionDevelopmentPath","vscode-remote:\/\/127\.0\.0\.1:\d+\//);

    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, url);
    await activityBarItem(page, 'TRCAA').waitFor({ state: 'visible' });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'logs' }).waitFor();
    await screenshot(page, 'start', 'workbench');
    await browser.close();
    browser = undefined;

    // The check after Ctrl+C must be able to see code-server: its command line names the folder.
    assert.ok(processesMentioning(dir).some((line) => line.includes('entry.js')), 'code-server runs with the demo folder');

    // What Ctrl+C in the terminal delivers to the script.
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 20_000)));
    const code = await Promise.race([exited, hung]);
    clearTimeout(timer);
    assert.notEqual(code, 'hung', `start did not exit within 20 s of SIGINT:\n${output}`);
    assert.equal(code, 130, `exit code after Ctrl+C:\n${output}`);
    start = undefined;

    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'nothing answers on the port any more');
    assert.deepEqual(processesMentioning(dir), [], 'no process uses the demo folder any more');
  });
});
