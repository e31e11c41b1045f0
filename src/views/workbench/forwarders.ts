// Providers registered at activation for a feature that loads on first use (lazyFeature.ts): VS Code may ask for a
// restored tab's file or panel before anything else ran, so the provider exists from the start and hands each call
// to the real one once its feature has loaded.
import * as vscode from 'vscode';

type Get<T> = () => Promise<T>;

/** A file system whose calls wait for the real provider; its change events are relayed once it is there. */
export class ForwardingFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private relay: vscode.Disposable | undefined;

  constructor(private readonly target: Get<vscode.FileSystemProvider>) {}

  private async real(): Promise<vscode.FileSystemProvider> {
    const provider = await this.target();
    this.relay ??= provider.onDidChangeFile((events) => this.changed.fire(events));
    return provider;
  }

  watch(uri: vscode.Uri, options: { readonly recursive: boolean; readonly excludes: readonly string[] }): vscode.Disposable {
    let inner: vscode.Disposable | undefined;
    let disposed = false;
    void this.real().then(
      (provider) => (inner = disposed ? undefined : provider.watch(uri, options)),
      () => undefined, // the load failure is logged where the feature loads; a watch has no one to tell
    );
    return new vscode.Disposable(() => {
      disposed = true;
      inner?.dispose();
    });
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    return (await this.real()).stat(uri);
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    return (await this.real()).readDirectory(uri);
  }

  async createDirectory(uri: vscode.Uri): Promise<void> {
    return (await this.real()).createDirectory(uri);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.real()).readFile(uri);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { readonly create: boolean; readonly overwrite: boolean }): Promise<void> {
    return (await this.real()).writeFile(uri, content, options);
  }

  async delete(uri: vscode.Uri, options: { readonly recursive: boolean }): Promise<void> {
    return (await this.real()).delete(uri, options);
  }

  async rename(oldUri: vscode.Uri, newUri: vscode.Uri, options: { readonly overwrite: boolean }): Promise<void> {
    return (await this.real()).rename(oldUri, newUri, options);
  }

  dispose(): void {
    this.relay?.dispose();
    this.changed.dispose();
  }
}

/** A read-only virtual document provider whose content comes from the real one, loaded on the first request. */
export class ForwardingContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private relay: vscode.Disposable | undefined;

  constructor(private readonly target: Get<vscode.TextDocumentContentProvider>) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string | undefined> {
    const provider = await this.target();
    this.relay ??= provider.onDidChange?.((changed) => this.changed.fire(changed));
    return (await provider.provideTextDocumentContent(uri, token)) ?? undefined;
  }

  dispose(): void {
    this.relay?.dispose();
    this.changed.dispose();
  }
}

/** A custom text editor (a webview over a TextDocument) resolved by the real provider. */
export function forwardingTextEditor(target: Get<vscode.CustomTextEditorProvider>): vscode.CustomTextEditorProvider {
  return {
    resolveCustomTextEditor: async (document, panel, token) => (await target()).resolveCustomTextEditor(document, panel, token),
  };
}

/** Restores a panel after a reload through the real serializer. */
export function forwardingSerializer(target: Get<vscode.WebviewPanelSerializer>): vscode.WebviewPanelSerializer {
  return {
    deserializeWebviewPanel: async (panel, state) => (await target()).deserializeWebviewPanel(panel, state),
  };
}

/** Resolves a webview view (shown, or restored after a reload) through the real provider. */
export function forwardingViewProvider(target: Get<vscode.WebviewViewProvider>): vscode.WebviewViewProvider {
  return {
    resolveWebviewView: async (view, context, token) => (await target()).resolveWebviewView(view, context, token),
  };
}
