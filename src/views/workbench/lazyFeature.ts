// A feature whose code loads on first use (docs/architecture.md "Activation"). At activation only its
// contributions are registered — each command, file system, editor or panel serializer VS Code may call — as thin
// forwarders; the first call loads the feature (a dynamic import: esbuild keeps the module in the one bundle but
// evaluates it, with zod, markdown-it and the rest it alone needs, only then).
import * as vscode from 'vscode';
import { commandGuard } from './guardedCommand';
import type { Services } from './services';

/** A feature's command handlers by id: the forwarders registered at activation call these once it has loaded. */
export type CommandTable<Id extends string> = Record<Id, (...args: unknown[]) => unknown>;

/** What loading a feature gives: its commands and what it registered (providers, listeners), disposed with it. */
export interface LoadedFeature<Id extends string = string> {
  commands: CommandTable<Id>;
  disposables: vscode.Disposable[];
}

export class LazyFeature<Id extends string, F extends LoadedFeature<Id>> implements vscode.Disposable {
  private loading: Promise<F> | undefined;
  private loaded: F | undefined;
  private disposed = false;

  constructor(
    readonly name: string,
    private readonly services: Services,
    private readonly load: () => Promise<F>,
  ) {}

  /** The feature, loaded once; a load that failed is tried again on the next use. */
  get(): Promise<F> {
    this.loading ??= this.load().then(
      (feature) => {
        if (this.disposed) for (const d of feature.disposables) d.dispose();
        this.loaded = feature;
        this.services.log.debug(`[activate] feature ${this.name} loaded`);
        return feature;
      },
      (error: unknown) => {
        this.loading = undefined;
        this.services.log.error(`[activate] feature ${this.name} could not load: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      },
    );
    return this.loading;
  }

  get isLoaded(): boolean {
    return this.loaded !== undefined;
  }

  /** Registers the feature's commands now; a command loads the feature on its first run. Failures are shown by the guard. */
  registerCommands(ids: readonly Id[]): vscode.Disposable[] {
    const guarded = commandGuard(this.services, this.name);
    return ids.map((id) => vscode.commands.registerCommand(id, guarded(async (...args: unknown[]) => (await this.get()).commands[id](...args), id)));
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.loaded?.disposables ?? []) d.dispose();
  }
}
