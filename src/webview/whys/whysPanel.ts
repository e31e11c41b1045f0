// The 5 Whys panel: one webview panel per issue, restored after a window reload from its tiny state ({issueId}).
// The database is the truth: every change goes through the repositories (which write the timeline events with
// their audit rows); the panel is sent the whole state again whenever the change channel says its issue's whys,
// logs or title changed (here, in another window or process). Messages go through the shared webview channel.
import * as vscode from 'vscode';
import { WHYS_VIEW_TYPE } from '../../views/workbench/viewTypes';
import type { Services } from '../../views/workbench/services';
import { changedIssueIds, touches, type ChangeEvent } from '../../views/workbench/changeChannel';
import { CoalescedSend } from '../host/coalescedSend';
import { webviewPage, newNonce } from '../host/webviewPage';
import { WebviewChannel } from '../host/webviewChannel';
import type { Reply } from '../host/messages';
import type { WhyProposalView, WhysHostMessage, WhysState, WhysWebviewMessage } from './whysProtocol';
import { whysViewStateSchema, whysWebviewMessageSchema } from './whysProtocol';


interface OpenPanel {
  issueId: string;
  channel: WebviewChannel<WhysWebviewMessage, WhysHostMessage>;
  /** Sends the state again: one send at a time, one more for everyone who asked meanwhile. */
  resend: CoalescedSend;
}

export class WhysPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  /** Issue id → its open panel. */
  readonly panels = new Map<string, vscode.WebviewPanel>();
  /** Panels whose front end said `ready`. */
  readonly ready = new WeakSet<vscode.WebviewPanel>();
  private readonly open_ = new WeakMap<vscode.WebviewPanel, OpenPanel>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: Services) {
    this.subscription = services.changes.onDidChange((event) => this.onChange(event));
  }

  /** The messages last posted to a panel, for tests (the webview's DOM is out of the host's reach). */
  readonly lastMessages = { get: (panel: vscode.WebviewPanel): (WhysHostMessage | Reply)[] | undefined => this.open_.get(panel)?.channel.sent };

  /** Opens (or reveals) the issue's panel, scrolled to `level` when given. */
  async open(issueId: string, level?: number): Promise<vscode.WebviewPanel> {
    const existing = this.panels.get(issueId);
    if (existing) {
      existing.reveal();
      if (level) await this.open_.get(existing)?.channel.post({ type: 'focus', level });
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

  /** The issue's whys changed: its open panel shows them again (once, however many asked meanwhile). */
  async refresh(issueId: string): Promise<void> {
    const panel = this.panels.get(issueId);
    const open = panel && this.open_.get(panel);
    if (!panel || !open) return;
    // A hidden page takes its state when it is shown again, but the panel of a deleted issue closes now.
    if (!open.channel.isReady) {
      if (!(await whysState(this.services, issueId))) panel.dispose();
      return;
    }
    return open.resend.request();
  }

  /** A change to steps, logs or the issue itself, of an issue with an open panel (or anything, from elsewhere). */
  private onChange(event: ChangeEvent): void {
    const issues = changedIssueIds(event, ['step', 'log', 'issue', 'timeline']);
    for (const issueId of this.panels.keys()) {
      if (event.external || (touches(event, 'step', 'log', 'issue', 'timeline') && issues.has(issueId))) void this.refresh(issueId);
    }
  }

  /** dist/webview: the front end's bundle, the only thing the page may load. */
  private get assets(): vscode.Uri {
    return vscode.Uri.joinPath(this.services.context.extensionUri, 'dist', 'webview');
  }

  private webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [this.assets] };
  }

  private attach(panel: vscode.WebviewPanel, issueId: string, level?: number): void {
    // The level asked for, once: queued until the page says ready, after its state.
    const open: OpenPanel = {
      resend: new CoalescedSend(() => this.sendState(panel, open)),
      issueId,
      channel: new WebviewChannel<WhysWebviewMessage, WhysHostMessage>(
        panel.webview,
        whysWebviewMessageSchema,
        {
          onReady: async () => {
            this.ready.add(panel);
            await this.sendState(panel, open);
          },
          onMessage: (message) => this.apply(open, message),
        },
        this.services.log,
        'whys',
        new Set(['state']),
      ),
    };
    this.open_.set(panel, open);
    this.panels.set(issueId, panel);
    if (level) void open.channel.post({ type: 'focus', level });
    panel.webview.html = webviewPage(panel.webview, this.assets, newNonce(), { view: 'whys', title: '5 Whys', body: WHYS_BODY });
    const visibility = panel.onDidChangeViewState(() => {
      if (!panel.visible) open.channel.pageHidden();
    });
    panel.onDidDispose(() => {
      open.channel.dispose();
      visibility.dispose();
      if (this.panels.get(issueId) === panel) this.panels.delete(issueId);
    });
  }

  /** One raw message as if from the panel's page (tests stand in for the webview): whether it was carried out. */
  async handleMessage(panel: vscode.WebviewPanel, raw: unknown): Promise<boolean> {
    const open = this.open_.get(panel);
    if (!open) {
      this.services.log.warn('[whys] ignored a message for a panel that is not open');
      return false;
    }
    return open.channel.receive(raw);
  }

  /** One valid request from the page; what it throws is the reply's error, shown beside the form it came from. */
  private async apply(open: OpenPanel, message: WhysWebviewMessage): Promise<unknown> {
    const { issueId } = open;
    if (message.type === 'suggest') {
      // Through the command (the assistant loads on first use); the proposal goes back as the reply, unstored.
      const proposal = await vscode.commands.executeCommand<WhyProposalView | undefined>('trcaa.ai.suggestNextWhy', { issueId, ...(message.level ? { level: message.level } : {}) });
      return proposal ? { level: proposal.level, question: proposal.question, answer: proposal.answer, evidence: proposal.evidence } : null;
    }
    if (message.type === 'openLog') {
      await vscode.commands.executeCommand('trcaa.openLogLines', { logFileId: message.logFileId, startLine: message.startLine, endLine: Math.max(message.startLine, message.endLine) });
      return;
    }
    const store = await this.services.store();
    switch (message.type) {
      case 'ask':
        await store.steps.addWhy(issueId, message.question);
        break;
      case 'save': {
        const evidence = message.evidence.trim() ? message.evidence : null;
        if (message.answer.trim()) await store.steps.answerWhy(issueId, { level: message.level, question: message.question, answer: message.answer, evidence });
        // No answer (yet, or taken back): the question and evidence are kept, the level waits again.
        else await store.steps.upsert(issueId, message.level, { whyQuestion: message.question, answer: null, evidence });
        break;
      }
      case 'remove':
        await store.steps.removeWhy(issueId, message.level);
        break;
      case 'markRootCause':
        await store.steps.markRootCause(issueId, { ...(message.rootCause.trim() ? { rootCause: message.rootCause } : {}), confidence: message.confidence });
        break;
    }
    // The panel shows the write when the change channel reports it (onChange), as for any other writer.
  }

  private async sendState(panel: vscode.WebviewPanel, open: OpenPanel): Promise<void> {
    const state = await whysState(this.services, open.issueId);
    if (!state) {
      panel.dispose(); // the issue was deleted
      return;
    }
    panel.title = titleOf(state.issue.title);
    await open.channel.post({ type: 'state', state });
  }

  dispose(): void {
    this.subscription.dispose();
    for (const panel of this.panels.values()) panel.dispose();
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
    <vscode-button id="suggest" secondary title="Ask the AI model for the next why, from the incident's redacted data; nothing is stored until you accept"><span class="codicon codicon-sparkle" aria-hidden="true"></span> Suggest with AI</vscode-button>
    <span id="ask-error" class="error" role="alert"></span>
  </section>
  <section id="proposal" class="proposal" aria-label="AI proposal" hidden>
    <h2><span class="codicon codicon-sparkle" aria-hidden="true"></span> <span id="proposal-title">AI proposal</span></h2>
    <p class="hint">Proposed by the AI from the incident's redacted data. Nothing is stored until you accept it.</p>
    <div class="fields">
      <label class="field-label" for="proposal-question">Question</label>
      <vscode-textfield id="proposal-question" readonly aria-label="Proposed question"></vscode-textfield>
      <label class="field-label" for="proposal-answer">Answer</label>
      <vscode-textarea id="proposal-answer" readonly rows="3" resize="vertical" aria-label="Proposed answer"></vscode-textarea>
      <label class="field-label" for="proposal-evidence">Evidence</label>
      <vscode-textarea id="proposal-evidence" readonly rows="2" resize="vertical" monospace aria-label="Proposed evidence"></vscode-textarea>
      <span class="links-spacer"></span>
      <div id="proposal-links" class="evidence-links"></div>
    </div>
    <div class="actions">
      <vscode-button id="proposal-accept"><span class="codicon codicon-check" aria-hidden="true"></span> Accept</vscode-button>
      <vscode-button id="proposal-edit" secondary><span class="codicon codicon-edit" aria-hidden="true"></span> Edit</vscode-button>
      <vscode-button id="proposal-discard" secondary><span class="codicon codicon-close" aria-hidden="true"></span> Discard</vscode-button>
      <span id="proposal-error" class="error" role="alert"></span>
    </div>
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
