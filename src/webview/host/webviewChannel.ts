// One webview's channel to its page, shared by every TRCAA panel: the ready handshake (messages posted before the
// page listens are queued, and the panel's state is sent first once it does), zod-validated receive (a bad message
// is logged by shape and answered with an error; nothing throws), request/reply matched by id, and disposal.
import type * as vscode from 'vscode';
import type { z } from 'zod';
import { errorText, Outbox, receive, type Reply } from './messages';

export interface ChannelHandlers<In> {
  /** The page (re)loaded and listens: send it what it shows. */
  onReady(): Promise<void> | void;
  /** One valid message; a request's reply is what this returns (or its error when it throws). */
  onMessage(message: In): Promise<unknown> | unknown;
}

export class WebviewChannel<In, Out extends { type: string }> {
  private readonly outbox = new Outbox<Out | Reply>();
  private readonly subscription: vscode.Disposable;
  /** The last messages posted, for tests (the page's DOM is out of the host's reach). */
  readonly sent: (Out | Reply)[] = [];

  constructor(
    private readonly webview: vscode.Webview,
    private readonly schema: z.ZodType<In>,
    private readonly handlers: ChannelHandlers<In>,
    private readonly log: vscode.LogOutputChannel,
    /** For the log: which panel (`whys`, `documentPreview`). */
    private readonly name: string,
    /** Message types onReady sends afresh: ones queued for a page that was away are stale, and dropped. */
    private readonly fresh: ReadonlySet<string> = new Set(),
  ) {
    this.subscription = webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw));
  }

  /** Whether the page said ready (and has not been reloaded since without saying it again). */
  get isReady(): boolean {
    return this.outbox.isOpen;
  }

  /** Handles one raw message from the page; returns whether it was valid and carried out. Never throws. */
  async receive(raw: unknown): Promise<boolean> {
    const received = receive(this.schema, raw);
    if (received.kind === 'ready') {
      const kept = this.outbox.openAndDrain();
      try {
        await this.handlers.onReady();
      } catch (error) {
        this.log.warn(`[${this.name}] could not send the page its state: ${errorText(error)}`);
      }
      for (const message of kept) if (!this.fresh.has(message.type)) await this.deliver(message);
      return true;
    }
    if (received.kind === 'invalid') {
      // Never the content: it is the user's text. Only where the message went wrong.
      this.log.warn(`[${this.name}] ignored an invalid message from the webview (${received.where})`);
      if (received.id !== undefined) await this.post({ type: 'reply', id: received.id, ok: false, error: 'The panel sent a message the extension does not accept.' });
      return false;
    }
    try {
      const value = await this.handlers.onMessage(received.message);
      if (received.id !== undefined) await this.post({ type: 'reply', id: received.id, ok: true, ...(value === undefined ? {} : { value }) });
      return true;
    } catch (error) {
      const text = errorText(error);
      this.log.warn(`[${this.name}] ${(received.message as { type?: string }).type ?? 'a message'} refused: ${text}`);
      if (received.id !== undefined) await this.post({ type: 'reply', id: received.id, ok: false, error: text });
      return false;
    }
  }

  /** Sends a message now, or once the page says ready. */
  async post(message: Out | Reply): Promise<void> {
    const now = this.outbox.offer(message);
    if (now) await this.deliver(now);
  }

  private async deliver(message: Out | Reply): Promise<void> {
    this.sent.push(message);
    if (this.sent.length > 50) this.sent.splice(0, this.sent.length - 50);
    // A panel closed meanwhile refuses the message; nothing to do then.
    await Promise.resolve(this.webview.postMessage(message)).catch(() => false);
  }

  /** The page was hidden (VS Code discards a hidden page): hold messages until it says ready again. */
  pageHidden(): void {
    this.outbox.close();
  }

  dispose(): void {
    this.subscription.dispose();
    this.outbox.close();
  }
}
