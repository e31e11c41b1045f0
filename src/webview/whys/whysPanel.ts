// The 5 Whys panel: one webview panel per issue, restored after a window reload from its tiny state ({issueId}).
// The database is the truth: every change goes through the repositories (which write the timeline events with
// their audit rows), then the panel is sent the whole state again.
import * as vscode from 'vscode';
import type { Services } from '../../views/workbench/services';
import { webviewPage, newNonce } from '../host/webviewPage';
import type { WhysHostMessage, WhysState, WhysWebviewMessage } from './whysProtocol';
import { whysViewStateSchema, whysWebviewMessageSchema } from './whysProtocol';

export const WHYS_VIEW_TYPE = 'trcaa.whys';

export class WhysPanels implements vscode.WebviewPanelSerializer {
  /** Issue id → its open panel. */
  readonly panels = new Map<string, vscode.WebviewPanel>();
  /** The last message sent to each panel, for tests (the webview's DOM is out of the host's reach). */
  readonly lastMessages = new WeakMap<vscode.WebviewPanel, WhysHostMessage[]>();
  /** Panels whose front end said `ready`. */
  readonly ready = new WeakSet<vscode.WebviewPanel>();
  private readonly issueOf = new WeakMap<vscode.WebviewPanel, string>();

  constructor(
    private readonly services: Services,
    /** After a change: refresh the issue's 5 Whys and Timeline folders, and its panel. */
    private readonly changed: (issueId: string) => void,
  ) {}

  /** Opens (or reveals) the issue's panel, scrolled to `level` when given. */
  async open(issueId: string, level?: number): Promise<vscode.WebviewPanel> {
    const existing = this.panels.get(issueId);
    if (existing) {
      existing.reveal();
      if (level) await this.post(existing, { type: 'focus', level });
      return existing;
    }
    const store = await this.services.store();
    const issue = await store.issues.get(issueId);
    if (!issue) throw new Error('That issue no longer exists: it may have been deleted.');
    // Scripts and resource roots from the start, rather than set on the new panel (which reloads it).
    const panel = vscode.window.createWebviewPanel(WHYS_VIEW_TYPE, titleOf(issue.title), vscode.ViewColumn.Active, { ...this.webviewOptions(), enableFindWidget: true, retainContextWhenHidden: false });
    this.attach(panel, issueId, level);
    return panel;
  }

  /** After a window reload VS Code hands back the panel with the state the webview last saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = whysViewStateSchema.safeParse(state);
    if (!parsed.success) {
      this.services.log.warn('[whys] a 5 Whys panel came back without a readable state; closing it');
      panel.dispose();
      return;
    }
    const store = await this.services.store();
    const issue = await store.issues.get(parsed.data.issueId).catch(() => null);
    if (!issue || this.panels.has(issue.id)) {
      panel.dispose();
      return;
    }
    panel.title = titleOf(issue.title);
    // A restored panel keeps the options it was created with; one without them is given them here.
    if (!panel.webview.options.enableScripts) panel.webview.options = this.webviewOptions();
    this.attach(panel, issue.id);
  }

  /** The issue's whys changed elsewhere (a command, the tree): its panel shows them again. */
  async refresh(issueId: string): Promise<void> {
    const panel = this.panels.get(issueId);
    if (panel && this.ready.has(panel)) await this.sendState(panel, issueId);
  }

  /** dist/webview: the front end's bundle, the only thing the page may load. */
  private get assets(): vscode.Uri {
    return vscode.Uri.joinPath(this.services.context.extensionUri, 'dist', 'webview');
  }

  private webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [this.assets] };
  }

  private attach(panel: vscode.WebviewPanel, issueId: string, level?: number): void {
    panel.webview.html = webviewPage(panel.webview, this.assets, newNonce(), { view: 'whys', title: '5 Whys', body: WHYS_BODY });
    this.panels.set(issueId, panel);
    this.issueOf.set(panel, issueId);
    // The level asked for, once: a panel shown again after being hidden starts anew and says ready again.
    let pendingFocus = level;
    const subscription = panel.webview.onDidReceiveMessage(async (message: unknown) => {
      await this.handleMessage(panel, message);
      if (pendingFocus && (message as { type?: unknown })?.type === 'ready') {
        await this.post(panel, { type: 'focus', level: pendingFocus });
        pendingFocus = undefined;
      }
    });
    panel.onDidDispose(() => {
      subscription.dispose();
      if (this.panels.get(issueId) === panel) this.panels.delete(issueId);
    });
  }

  /** One message from the webview: validated, then acted on. Returns whether it was carried out. */
  async handleMessage(panel: vscode.WebviewPanel, raw: unknown): Promise<boolean> {
    const issueId = this.issueOf.get(panel);
    const parsed = whysWebviewMessageSchema.safeParse(raw);
    if (!issueId || !parsed.success) {
      // Never the content: it is the user's analysis. Only where the message went wrong.
      const where = parsed.success ? 'no issue' : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join(', ');
      this.services.log.warn(`[whys] ignored an invalid message from the webview (${where})`);
      return false;
    }
    const message = parsed.data;
    if (message.type === 'ready') {
      this.ready.add(panel);
      await this.sendState(panel, issueId);
      return true;
    }
    if (message.type === 'openLog') {
      await vscode.commands.executeCommand('trcaa.openLogLines', { logFileId: message.logFileId, startLine: message.startLine, endLine: Math.max(message.startLine, message.endLine) });
      return true;
    }
    try {
      await this.apply(issueId, message);
    } catch (error) {
      const text = (error as Error).message;
      this.services.log.warn(`[whys] ${message.type} refused: ${text}`);
      await this.post(panel, { type: 'result', request: message.type, ok: false, message: text, ...('level' in message ? { level: message.level } : {}) });
      return false;
    }
    await this.post(panel, { type: 'result', request: message.type, ok: true, ...('level' in message ? { level: message.level } : {}) });
    this.changed(issueId);
    return true;
  }

  private async apply(issueId: string, message: Exclude<WhysWebviewMessage, { type: 'ready' | 'openLog' }>): Promise<void> {
    const store = await this.services.store();
    switch (message.type) {
      case 'ask':
        await store.steps.addWhy(issueId, message.question);
        return;
      case 'save': {
        const evidence = message.evidence.trim() ? message.evidence : null;
        if (message.answer.trim()) {
          await store.steps.answerWhy(issueId, { level: message.level, question: message.question, answer: message.answer, evidence });
          return;
        }
        // No answer (yet, or taken back): the question and evidence are kept, the level waits again.
        await store.steps.upsert(issueId, message.level, { whyQuestion: message.question, answer: null, evidence });
        return;
      }
      case 'remove':
        await store.steps.removeWhy(issueId, message.level);
        return;
      case 'markRootCause':
        await store.steps.markRootCause(issueId, { ...(message.rootCause.trim() ? { rootCause: message.rootCause } : {}), confidence: message.confidence });
        return;
    }
  }

  private async sendState(panel: vscode.WebviewPanel, issueId: string): Promise<void> {
    const state = await whysState(this.services, issueId);
    if (!state) {
      panel.dispose(); // the issue was deleted
      return;
    }
    panel.title = titleOf(state.issue.title);
    await this.post(panel, { type: 'state', state });
  }

  private async post(panel: vscode.WebviewPanel, message: WhysHostMessage): Promise<void> {
    const sent = this.lastMessages.get(panel) ?? [];
    sent.push(message);
    if (sent.length > 50) sent.splice(0, sent.length - 50);
    this.lastMessages.set(panel, sent);
    await Promise.resolve(panel.webview.postMessage(message)).catch(() => false);
  }
}

const titleOf = (issueTitle: string) => `5 Whys — ${issueTitle.length > 60 ? `${issueTitle.slice(0, 59)}…` : issueTitle}`;

/** Everything the panel shows, read fresh; null when the issue is gone. */
export async function whysState(services: Services, issueId: string): Promise<WhysState | null> {
  const store = await services.store();
  const issue = await store.issues.get(issueId);
  if (!issue) return null;
  const [steps, rootCause, logs] = await Promise.all([store.steps.listLevels(issueId), store.steps.currentRootCause(issueId), store.logFiles.listForIssue(issueId)]);
  const views = steps.map((step) => ({ level: step.stepOrder, question: step.whyQuestion, answer: step.answer ?? '', evidence: step.evidence ?? '' }));
  const answered = views.filter((v) => v.answer.trim());
  return {
    issue: { id: issue.id, title: issue.title },
    steps: views,
    waitingLevel: views.find((v) => !v.answer.trim())?.level ?? null,
    rootCause: rootCause ? { text: rootCause.rootCause, confidence: rootCause.confidence, createdAt: rootCause.createdAt } : null,
    deepestAnswer: answered[answered.length - 1]?.answer ?? null,
    logs: logs.map((log) => ({ id: log.id, fileName: log.fileName })),
  };
}

// Static markup only; the front end fills it from `state` with textContent (never HTML from user text).
const WHYS_BODY = `<main class="whys">
  <header class="whys-header">
    <h1><span class="codicon codicon-question" aria-hidden="true"></span> 5 Whys: <span id="issue-title"></span></h1>
    <p class="hint">Ask why, answer, and ask why again — at most five levels. Evidence may point at log lines:
    <code>log:&lt;id&gt;#L10-L20</code>, or select lines in a stored log and run <em>Add Selected Lines as 5 Whys Evidence</em>.</p>
  </header>
  <ol id="levels" class="levels" aria-label="Whys"></ol>
  <section class="ask" aria-label="Ask the next why">
    <vscode-textfield id="next-question" placeholder="Why did …?" aria-label="Next question"></vscode-textfield>
    <vscode-button id="ask"><span class="codicon codicon-add" aria-hidden="true"></span> Ask why</vscode-button>
    <span id="ask-error" class="error" role="alert"></span>
  </section>
  <section class="root-cause" aria-label="Root cause">
    <h2><span class="codicon codicon-target" aria-hidden="true"></span> Root cause</h2>
    <p id="root-cause-current" class="current"></p>
    <div class="root-cause-form">
      <vscode-textfield id="root-cause" aria-label="Root cause"></vscode-textfield>
      <label for="confidence">Confidence</label>
      <vscode-single-select id="confidence" aria-label="Confidence">
        <vscode-option value="0.9">High (90%)</vscode-option>
        <vscode-option value="0.7" selected>Medium (70%)</vscode-option>
        <vscode-option value="0.4">Low (40%)</vscode-option>
      </vscode-single-select>
      <vscode-button id="mark-root-cause"><span class="codicon codicon-target" aria-hidden="true"></span> Mark Root Cause</vscode-button>
    </div>
    <span id="root-cause-error" class="error" role="alert"></span>
  </section>
</main>`;
