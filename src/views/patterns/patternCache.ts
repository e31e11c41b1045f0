// Each log's patterns, read from the database: mined there when the log was attached, or on first use here for a
// log attached before mining existed (the worker does it, streaming the log once; the host never holds the log).
// The few logs being looked at are kept; a log deleted or mined again is read afresh when the change channel says so.
import * as vscode from 'vscode';
import type { Services } from '../workbench/services';
import { fromStored, patternIndex, type LogPatterns } from './logPatterns';

/** How many logs' pattern lists stay in memory. */
const KEEP = 8;

export class PatternCache {
  private readonly read = new Map<string, Promise<LogPatterns>>();

  constructor(private readonly services: Services) {}

  /** The log's patterns (mined first if it never was). */
  get(logId: string): Promise<LogPatterns> {
    let entry = this.read.get(logId);
    if (entry) {
      // Most recently used last.
      this.read.delete(logId);
      this.read.set(logId, entry);
      return entry;
    }
    entry = this.load(logId);
    entry.catch(() => this.read.delete(logId));
    this.read.set(logId, entry);
    while (this.read.size > KEEP) this.read.delete(this.read.keys().next().value as string);
    return entry;
  }

  /** A pattern's occurrences: ascending 1-based line numbers. */
  async lines(logId: string, patternId: string): Promise<number[]> {
    const index = patternIndex(patternId);
    const known = (await this.get(logId)).patterns.some((p) => p.id === patternId);
    if (index === undefined || !known) return [];
    return (await this.services.store()).logPatterns.lines(logId, index);
  }

  /** Forgets logs (deleted, or mined again), or everything when what changed is not known. */
  forget(logIds: readonly string[] | 'all'): void {
    if (logIds === 'all') this.read.clear();
    else for (const id of logIds) this.read.delete(id);
  }

  private async load(logId: string): Promise<LogPatterns> {
    const store = await this.services.store();
    const set =
      (await store.logPatterns.summary(logId)) ??
      (await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'TRCAA: finding the log\'s patterns' }, () => store.logPatterns.ensureMined(logId)));
    return fromStored(logId, set, await store.logPatterns.list(logId));
  }
}
