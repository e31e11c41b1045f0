// Starts VS Code for the Web (code-server 4.100.3 = VS Code 1.100.3) on a free loopback port.
import { execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths';
import { spawnGroup, stopGroup } from './processes';

export interface CodeServer {
  port: number;
  origin: string;
  userDataDir: string;
  /** Settles when code-server's process exits (expected only after stop()). */
  exited: Promise<number | null>;
  /** The workbench URL for `folder`, optionally carrying an extension-development payload. */
  workbenchUrl(folder: string, payload?: [string, string][]): string;
  /** A `vscode-remote://` URI for a file on this machine, as the payload expects. */
  remoteUri(file: string): string;
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  /** Extra environment for code-server and therefore for the extension host. */
  env?: NodeJS.ProcessEnv;
  /** User settings written to the throwaway user-data-dir. */
  settings?: Record<string, unknown>;
  /** Keep the user-data-dir after stop (it is removed by default). */
  keepUserData?: boolean;
  /** A lasting user-data-dir (e.g. for `npm start`): kept after stop, and its settings.json is left alone if present. */
  userDataDir?: string;
  onOutput?: (text: string) => void;
}

/** Installs code-server into the cache folder on first use (scripts/ensure-code-server.sh) and returns its path. */
export async function ensureCodeServer(): Promise<string> {
  const script = path.join(repoRoot, 'scripts', 'ensure-code-server.sh');
  const { stdout } = await promisify(execFile)('bash', [script], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim().split('\n').pop() as string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const defaultSettings = {
  // The trust prompt would block tests (and a demo): the folders opened here are our own.
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
};

async function waitForHttp(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer on ${origin} within ${timeoutMs} ms`);
}

/** code-server lets a PORT variable override --bind-addr: ours (npm start's PORT) must not leak into it. */
function serverEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.PORT;
  return env;
}

export async function startCodeServer(options: StartOptions = {}): Promise<CodeServer> {
  const install = await ensureCodeServer();
  const lasting = options.userDataDir !== undefined;
  const userDataDir = options.userDataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'trcaa-vscode-')));
  const extensionsDir = path.join(userDataDir, 'extensions');
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  await mkdir(path.dirname(settingsFile), { recursive: true });
  await mkdir(extensionsDir, { recursive: true });
  // A lasting profile keeps the settings its user changed; a throwaway one always starts from ours.
  if (!lasting || !existsSync(settingsFile)) {
    await writeFile(settingsFile, JSON.stringify({ ...defaultSettings, ...options.settings }, null, 2));
  }
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const child = spawnGroup(
    process.execPath,
    [
      path.join(install, 'out', 'node', 'entry.js'),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--config', path.join(userDataDir, 'config.yaml'),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
    ],
    { cwd: install, env: serverEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    options.onOutput?.(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    await stopGroup(child);
    if (!options.keepUserData && !lasting) await rm(userDataDir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(origin, child, 60_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }

  const remoteUri = (file: string) => `vscode-remote://127.0.0.1:${port}${path.resolve(file)}`;
  return {
    port,
    origin,
    userDataDir,
    exited,
    remoteUri,
    workbenchUrl(folder, payload) {
      const query = new URLSearchParams({ folder: path.resolve(folder) });
      if (payload) query.set('payload', JSON.stringify(payload));
      return `${origin}/?${query.toString()}`;
    },
    output: () => output,
    stop,
  };
}

/** The payload that loads the extension under development (and, for tests, the tests module). */
export function developmentPayload(server: CodeServer, extensionPath: string, testsModule?: string): [string, string][] {
  const payload: [string, string][] = [['extensionDevelopmentPath', server.remoteUri(extensionPath)]];
  if (testsModule) payload.push(['extensionTestsPath', server.remoteUri(testsModule)]);
  payload.push(['skipWelcome', 'true']);
  return payload;
}
