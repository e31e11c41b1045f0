// The AI Chat view (in the panel, where the user may move it): one incident's chat at a time, kept alive while
// hidden, so showing it again is instant. A new webview costs 0.6–1.5 s in VS Code for the Web, which registers its
// service worker anew for each one; an editor tab pays that every time it is opened again.
// The view is lent to one incident at a time as a ChatSurface; lending it to another closes the first one's chat.
import * as vscode from 'vscode';
import { CHAT_VIEW_ID } from '../../views/workbench/viewTypes';

/** What a chat is drawn in: an editor tab (a WebviewPanel as it is) or the AI Chat view lent to an incident. */
export interface ChatSurface {
  readonly webview: vscode.Webview;
  title: string;
  readonly visible: boolean;
  reveal(): void;
  /** Closes the chat: an editor tab closes, the view stays and says how to open a chat. */
  dispose(): void;
  readonly onDidDispose: vscode.Event<void>;
  readonly onDidChangeViewState: vscode.Event<unknown>;
  /** The page lives on while hidden (the view), rather than being discarded and starting again (an editor tab). */
  readonly keepsPageWhenHidden?: boolean;
}

export interface ChatViewHooks {
  /** The view came back after a reload with the state its page saved: show that chat again. */
  restore(surface: ChatSurface, state: unknown): Promise<void>;
  /** The view holds no chat: a page saying how to open one. */
  showEmpty(webview: vscode.Webview): void;
}

/** How long a chat waits for VS Code to show the view it asked for before saying so. */
const RESOLVE_TIMEOUT_MS = 15_000;

export class ChatView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private lent: LentView | undefined;
  private waiters: ((view: vscode.WebviewView) => void)[] = [];
  /** A chat is being put in the view: a state the view comes back with is older than it. */
  private lending = 0;

  constructor(private readonly hooks: ChatViewHooks) {}

  /** The incident the view shows, if any (tests). */
  get surface(): ChatSurface | undefined {
    return this.lent;
  }

  async resolveWebviewView(view: vscode.WebviewView, context: vscode.WebviewViewResolveContext): Promise<void> {
    this.view = view;
    view.onDidDispose(() => {
      this.lent?.close({ viewGone: true });
      this.lent = undefined;
      if (this.view === view) this.view = undefined;
    });
    view.onDidChangeVisibility(() => this.lent?.visibilityChanged());
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(view);
    if (this.lending) return;
    if (context.state === undefined || context.state === null) return this.hooks.showEmpty(view.webview);
    await this.hooks.restore(this.lend(view), context.state);
  }

  /** Shows the view and lends it to a new chat (the chat it held closes). */
  async show(): Promise<ChatSurface> {
    this.lending++;
    try {
      const view = this.view ?? (await this.resolved());
      return this.lend(view);
    } finally {
      this.lending--;
    }
  }

  dispose(): void {
    this.lent?.close();
  }

  private lend(view: vscode.WebviewView): LentView {
    this.lent?.close();
    const lent = new LentView(view, () => {
      if (this.lent === lent) this.lent = undefined;
      this.hooks.showEmpty(view.webview);
    });
    this.lent = lent;
    return lent;
  }

  /** Asks VS Code to show the view and waits for it to be resolved. */
  private resolved(): Promise<vscode.WebviewView> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('The AI Chat view did not open: show it with View: Open View… → AI Chat, then try again.')), RESOLVE_TIMEOUT_MS);
      this.waiters.push((view) => {
        clearTimeout(timer);
        resolve(view);
      });
      void vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    });
  }
}

/** The view as one incident's chat sees it, until the view is lent to another. */
class LentView implements ChatSurface {
  private readonly disposed = new vscode.EventEmitter<void>();
  private readonly visibility = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  readonly onDidChangeViewState = this.visibility.event;
  readonly keepsPageWhenHidden = true; // retainContextWhenHidden (contributeAssistant.ts)
  private closed = false;

  constructor(
    private readonly view: vscode.WebviewView,
    private readonly onClosedByChat: () => void,
  ) {}

  get webview(): vscode.Webview {
    return this.view.webview;
  }

  get title(): string {
    return `${this.view.title ?? ''}${this.view.description ? ` — ${this.view.description}` : ''}`;
  }

  /** "AI Chat — Checkout 502s": the view keeps its name and shows the incident as its description. */
  set title(value: string) {
    if (this.closed) return;
    const [name, ...incident] = value.split(' — ');
    this.view.title = name;
    this.view.description = incident.join(' — ') || undefined;
  }

  get visible(): boolean {
    return !this.closed && this.view.visible;
  }

  reveal(): void {
    void vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  /** The chat closes itself (e.g. its incident was deleted): the view stays, empty. */
  dispose(): void {
    if (this.closed) return;
    this.close();
    this.onClosedByChat();
  }

  /** The view went to another chat, or away (a disposed view's title cannot be set). */
  close(options: { viewGone?: boolean } = {}): void {
    if (this.closed) return;
    this.closed = true;
    if (!options.viewGone) this.view.description = undefined;
    this.disposed.fire();
    this.disposed.dispose();
    this.visibility.dispose();
  }

  visibilityChanged(): void {
    if (!this.closed) this.visibility.fire();
  }
}
