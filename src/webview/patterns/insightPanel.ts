// The Log Insight panel: a webview per subject — a log's patterns (with sparklines), what changed between two logs
// or time ranges, or an incident's errors per minute — restored after a reload from its subject (the page's saved
// state). A webview rather than a tree: a sparkline and a histogram need drawing, and a table of templates reads
// better with its counts and times in columns. It is sent its whole state again whenever the change channel says
// a log, the incident or its timeline changed.
import * as vscode from 'vscode';
import { LOG_INSIGHT_VIEW_TYPE } from '../../views/workbench/viewTypes';
import type { Services } from '../../views/workbench/services';
import { changedIssueIds, touches, type ChangeEvent } from '../../views/workbench/changeChannel';
import { CoalescedSend } from '../host/coalescedSend';
import { webviewPage, newNonce } from '../host/webviewPage';
import { WebviewChannel } from '../host/webviewChannel';
import type { Reply } from '../host/messages';
import type { InsightHostMessage, InsightState, InsightSubject, InsightWebviewMessage } from './insightProtocol';
import { insightSubjectSchema, insightWebviewMessageSchema } from './insightProtocol';

/** Reads what a subject shows (views/patterns/insightData.ts): null when its log or incident is gone. */
export type InsightReader = (subject: InsightSubject) => Promise<InsightState | null>;

interface OpenPanel {
  key: string;
  subject: InsightSubject;
  channel: WebviewChannel<InsightWebviewMessage, InsightHostMessage>;
  /** The issue shown (known once a state was read): which changes concern it. */
  issueId?: string;
  /** Sends the state again: one send at a time, one more for everyone who asked meanwhile. */
  resend: CoalescedSend;
}

const keyOf = (subject: InsightSubject) => JSON.stringify(subject);

export class InsightPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  /** Subject key → its open panel. */
  readonly panels = new Map<string, vscode.WebviewPanel>();
  /** Panels whose front end said `ready`. */
  readonly ready = new WeakSet<vscode.WebviewPanel>();
  private readonly open_ = new WeakMap<vscode.WebviewPanel, OpenPanel>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly services: Services,
    private readonly read: InsightReader,
  ) {
    this.subscription = services.changes.onDidChange((event) => this.onChange(event));
  }

  /** The messages last posted to a panel, for tests (the webview's DOM is out of the host's reach). */
  readonly lastMessages = { get: (panel: vscode.WebviewPanel): (InsightHostMessage | Reply)[] | undefined => this.open_.get(panel)?.channel.sent };

  /** The open panel of a subject, if any. */
  panelOf(subject: InsightSubject): vscode.WebviewPanel | undefined {
    return this.panels.get(keyOf(subject));
  }

  /** Opens (or reveals) the subject's panel. */
  async open(subject: InsightSubject): Promise<vscode.WebviewPanel> {
    const existing = this.panels.get(keyOf(subject));
    if (existing) {
      existing.reveal();
      return existing;
    }
    // Read first: a missing log or incident is an error message, not an empty panel.
    const state = await this.read(subject);
    if (!state) throw new Error(subject.kind === 'histogram' ? 'That incident no longer exists: it may have been deleted.' : 'That log no longer exists: it may have been deleted.');
    const panel = vscode.window.createWebviewPanel(LOG_INSIGHT_VIEW_TYPE, titleOf(state), vscode.ViewColumn.Active, { ...this.webviewOptions(), enableFindWidget: true, retainContextWhenHidden: false });
    this.attach(panel, subject);
    return panel;
  }

  /** After a window reload VS Code hands back the panel with the state the page last saved (its subject). */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = insightSubjectSchema.safeParse((state as { subject?: unknown } | undefined)?.subject);
    if (!parsed.success || this.panels.has(keyOf(parsed.data))) {
      if (!parsed.success) this.services.log.warn('[insight] a Log Insight panel came back without a readable subject; closing it');
      panel.dispose();
      return;
    }
    if (!panel.webview.options.enableScripts) panel.webview.options = this.webviewOptions();
    this.attach(panel, parsed.data);
  }

  /** Sends the panel its state again (once, however many asked meanwhile). */
  async refresh(panel: vscode.WebviewPanel): Promise<void> {
    const open = this.open_.get(panel);
    if (!open) return;
    // A hidden page takes its state when it is shown again, but a panel whose log or incident is gone closes now
    // (else its tab stays until someone clicks it).
    if (!open.channel.isReady) {
      if (!(await this.read(open.subject))) panel.dispose();
      return;
    }
    return open.resend.request();
  }

  private onChange(event: ChangeEvent): void {
    if (!touches(event, 'log', 'logPatterns', 'issue', 'timeline')) return;
    const issues = changedIssueIds(event, ['log', 'logPatterns', 'issue', 'timeline']);
    for (const panel of this.panels.values()) {
      const open = this.open_.get(panel);
      if (open && (event.external || (open.issueId && issues.has(open.issueId)) || this.namesLogOf(open, event))) void this.refresh(panel);
    }
  }

  /** A change naming one of the panel's logs (a deletion reports the log's id). */
  private namesLogOf(open: OpenPanel, event: ChangeEvent): boolean {
    const logs = open.subject.kind === 'patterns' ? [open.subject.logId] : open.subject.kind === 'compare' ? [open.subject.before.logId, open.subject.after.logId] : [];
    return event.changes.some((c) => (c.entity === 'log' || c.entity === 'logPatterns') && c.ids.some((id) => logs.includes(id)));
  }

  private get assets(): vscode.Uri {
    return vscode.Uri.joinPath(this.services.context.extensionUri, 'dist', 'webview');
  }

  private webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [this.assets] };
  }

  private attach(panel: vscode.WebviewPanel, subject: InsightSubject): void {
    const key = keyOf(subject);
    const open: OpenPanel = {
      resend: new CoalescedSend(() => this.sendState(panel, open)),
      key,
      subject,
      channel: new WebviewChannel<InsightWebviewMessage, InsightHostMessage>(
        panel.webview,
        insightWebviewMessageSchema,
        {
          onReady: async () => {
            this.ready.add(panel);
            await this.sendState(panel, open);
          },
          onMessage: (message) => this.apply(message),
        },
        this.services.log,
        'insight',
        new Set(['state']),
      ),
    };
    this.open_.set(panel, open);
    this.panels.set(key, panel);
    panel.webview.html = webviewPage(panel.webview, this.assets, newNonce(), { view: 'insight', title: 'Log Insight', body: INSIGHT_BODY });
    const visibility = panel.onDidChangeViewState(() => {
      if (!panel.visible) open.channel.pageHidden();
    });
    panel.onDidDispose(() => {
      open.channel.dispose();
      visibility.dispose();
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
  }

  /** One raw message as if from the panel's page (tests stand in for the webview): whether it was carried out. */
  async handleMessage(panel: vscode.WebviewPanel, raw: unknown): Promise<boolean> {
    const open = this.open_.get(panel);
    return open ? open.channel.receive(raw) : false;
  }

  /** The page's requests go through the commands (the same as the palette's), so each behaves one way. */
  private async apply(message: InsightWebviewMessage): Promise<unknown> {
    switch (message.type) {
      case 'showPattern':
        await vscode.commands.executeCommand('trcaa.patterns.showLines', { logId: message.logId, patternId: message.patternId, ...(message.line ? { line: message.line } : {}) });
        return;
      case 'addEvidence':
        await vscode.commands.executeCommand('trcaa.patterns.addEvidence', { logId: message.logId, patternId: message.patternId, ...(message.line ? { line: message.line } : {}) });
        return;
      case 'openTimeline':
        await vscode.commands.executeCommand('trcaa.patterns.mergedTimeline', { issueId: message.issueId, ...(message.atMs !== undefined ? { atMs: message.atMs } : {}) });
        return;
    }
  }

  private async sendState(panel: vscode.WebviewPanel, open: OpenPanel): Promise<void> {
    const state = await this.read(open.subject);
    if (!state) {
      panel.dispose(); // its log or incident was deleted
      return;
    }
    open.issueId = state.kind === 'patterns' ? state.log.issueId : state.kind === 'histogram' ? state.issue.id : open.issueId;
    panel.title = titleOf(state);
    await open.channel.post({ type: 'state', subject: open.subject, state });
  }

  dispose(): void {
    this.subscription.dispose();
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}

const short = (text: string, max = 50) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function titleOf(state: InsightState): string {
  switch (state.kind) {
    case 'patterns':
      return `Patterns — ${short(state.log.fileName)}`;
    case 'compare':
      return `What Changed — ${short(state.after.label, 40)}`;
    case 'histogram':
      return `Errors per Minute — ${short(state.issue.title)}`;
  }
}

// Static markup only; the front end fills it from `state` with textContent (never HTML from log text).
const INSIGHT_BODY = `<main class="insight">
  <header class="insight-header">
    <h1 id="insight-title"></h1>
    <p id="insight-summary" class="hint"></p>
    <vscode-textfield id="insight-filter" placeholder="Filter patterns" aria-label="Filter" hidden></vscode-textfield>
  </header>
  <section id="insight-chart" class="chart" aria-label="Errors per minute" hidden></section>
  <table id="insight-table" class="insight-table" hidden>
    <thead id="insight-head"></thead>
    <tbody id="insight-rows"></tbody>
  </table>
  <p id="insight-empty" class="hint" hidden></p>
</main>`;
