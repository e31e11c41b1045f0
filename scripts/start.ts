// `npm start`: VS Code for the Web (code-server 4.100.3) on 127.0.0.1 with this extension loaded from source and a
// demo workspace of generated sample logs. Prints the URL to open; Ctrl+C stops everything.
//
//   node out/scripts/start.js [--port N] [--dir D]
//
// --port / PORT: the port to try first (default 8080); a busy port falls back to a free one.
// --dir / TRCAA_START_DIR: where the demo lives (default <repo>/.demo, git-ignored): `workspace/` holds the sample
// logs (rewritten at every start), `vscode/` the VS Code profile, kept between runs so that incidents you create
// are still there next time. Delete the folder to start afresh.
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeSampleWorkspace } from '../src/core/demo/writeSampleWorkspace';
import type { CodeServer } from '../test/host/codeServer';
import { developmentPayload, freePort, startCodeServer } from '../test/host/codeServer';
import { repoRoot } from '../test/host/paths';
import { stopAllOnSignals } from '../test/host/processes';

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function choosePort(wanted: number): Promise<number> {
  if (await isFree(wanted)) return wanted;
  const port = await freePort();
  console.log(`Port ${wanted} is busy: using ${port} instead.`);
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, dir: { type: 'string' } } });
  const wanted = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > 65535) throw new Error(`not a port: ${values.port ?? process.env.PORT}`);
  const dir = path.resolve(values.dir ?? process.env.TRCAA_START_DIR ?? path.join(repoRoot, '.demo'));
  const workspace = path.join(dir, 'workspace');
  const logFile = path.join(dir, 'code-server.log');

  let server: CodeServer | undefined = undefined;
  let stopping = false;
  stopAllOnSignals(async () => {
    stopping = true;
    console.log('\nStopping VS Code for the Web…');
    await server?.stop();
  });

  await writeSampleWorkspace(workspace);
  console.log('Starting VS Code for the Web (code-server 4.100.3; the first run installs it, which takes a minute)…');
  server = await startCodeServer({
    port: await choosePort(wanted),
    userDataDir: path.join(dir, 'vscode'),
    onOutput: (text) => appendFileSync(logFile, text),
  });
  const url = server.workbenchUrl(workspace, developmentPayload(server, repoRoot));
  console.log([
    '',
    'TRCAA for VS Code is running (extension loaded from this checkout, Development mode: plain SQLite).',
    `  Workspace:   ${workspace}`,
    `  Server log:  ${logFile}`,
    '',
    'Open this URL in your browser:',
    '',
    `  ${url}`,
    '',
    'Press Ctrl+C to stop.',
  ].join('\n'));

  const code = await server.exited;
  // Ctrl+C stops code-server too, and then the signal handler decides how we exit.
  if (stopping) return;
  console.error(`code-server exited unexpectedly (code ${code}); see ${logFile}`);
  process.exit(1);
}

main().catch((error: unknown) => {
  console.error('npm start failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
