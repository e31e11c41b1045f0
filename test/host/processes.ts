// Child processes of the test host: each in its own process group, so that stopping one also stops everything it
// started (code-server's extension host, file watcher, …). Whatever is still running when Node exits is killed.
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { spawn } from 'node:child_process';

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});

export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  live.add(child);
  child.on('exit', () => live.delete(child));
  return child;
}

/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the leader has exited. */
export async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child, 'SIGKILL'); // the leader is gone; its children may not be
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  killGroup(child, 'SIGKILL');
  live.delete(child);
}

const signalExitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** Stops everything still running when the host is interrupted (Ctrl+C, a closed terminal, a CI timeout). */
export function stopAllOnSignals(onStop?: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    const code = signalExitCodes[signal] ?? 1;
    // A second Ctrl+C while stopping: no more waiting (the 'exit' handler above kills what is left).
    if (stopping) process.exit(code);
    stopping = true;
    void (async () => {
      try {
        await onStop?.();
      } finally {
        for (const child of live) killGroup(child, 'SIGKILL');
        process.exit(code);
      }
    })();
  };
  for (const signal of Object.keys(signalExitCodes) as NodeJS.Signals[]) process.on(signal, handler);
}
