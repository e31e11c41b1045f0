// Writes by another window or process on the same database file: our connection's PRAGMA data_version moves only
// for those. Checked when the window gains focus and every few seconds while it has it — a cheap read, queued in
// the worker behind any long write — and only while a database is open (a check never opens one). A change fires
// the change channel with `external: true`: listeners reload what they show.
import * as vscode from 'vscode';
import type { DataVersion } from '../../storage/engine/protocol';
import type { ChangeChannel } from './changeChannel';

/** How often a focused window checks. */
export const EXTERNAL_CHECK_MS = 3000;

export class ExternalChanges implements vscode.Disposable {
  private timer: ReturnType<typeof setInterval> | undefined;
  private last: DataVersion | undefined;
  private checking: Promise<boolean> | undefined;
  private readonly focus: vscode.Disposable;

  constructor(
    /** The open database's data version, or null when none is open (must not open one). */
    private readonly readVersion: () => Promise<DataVersion | null>,
    private readonly changes: ChangeChannel,
    private readonly intervalMs = EXTERNAL_CHECK_MS,
  ) {
    this.focus = vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) {
        void this.check();
        this.start();
      } else this.stop();
    });
    if (vscode.window.state.focused) this.start();
  }

  /** Checks once (a check already running is shared); true when another connection wrote since the last one. */
  check(): Promise<boolean> {
    this.checking ??= this.compare().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async compare(): Promise<boolean> {
    let now: DataVersion | null;
    try {
      now = await this.readVersion();
    } catch {
      return false; // the database closed or failed meanwhile: the next check sees
    }
    if (!now) {
      this.last = undefined;
      return false;
    }
    // A new connection compares with its own opening version: what was written since the views loaded.
    const before = this.last?.connection === now.connection ? this.last.version : now.atOpen;
    this.last = now;
    if (now.version === before) return false;
    this.changes.fire({ changes: [], external: true });
    return true;
  }

  private start(): void {
    this.timer ??= setInterval(() => void this.check(), this.intervalMs);
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
    this.focus.dispose();
  }
}
