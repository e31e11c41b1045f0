// The wire format every TRCAA webview speaks with the extension host, and its pure parts (no vscode import, so unit
// tests run them in plain Node). A page says `ready` once it listens; a request carries an `id` and is answered by
// exactly one `reply` with that id; anything else is a one-way message. Each panel's own messages are typed by its
// protocol file (zod schemas for what comes from the page: a webview is untrusted input).
import type { z } from 'zod';

/** The page → host handshake: sent once the page listens (again after a hidden page was reloaded). */
export const READY = 'ready';

/** Host → page: the answer to the request `id`. `value` when it was carried out, `error` (a sentence) when not. */
export interface Reply {
  type: 'reply';
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** What the host makes of one raw message from a page. */
export type Received<M> =
  | { kind: 'ready' }
  | { kind: 'message'; message: M; id?: number }
  /** `where` names the fields that were wrong, never their content (it is the user's text). */
  | { kind: 'invalid'; where: string; id?: number };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Validates a page's message against the panel's schema; the envelope's `id` is taken off first. */
export function receive<M>(schema: z.ZodType<M>, raw: unknown): Received<M> {
  if (isRecord(raw) && raw.type === READY && Object.keys(raw).length === 1) return { kind: 'ready' };
  const id = isRecord(raw) && isId(raw.id) ? raw.id : undefined;
  const body = isRecord(raw) && 'id' in raw ? Object.fromEntries(Object.entries(raw).filter(([key]) => key !== 'id')) : raw;
  if (isRecord(raw) && 'id' in raw && id === undefined) return { kind: 'invalid', where: 'id: invalid_type' };
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { kind: 'invalid', where: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join(', '), id };
  return id === undefined ? { kind: 'message', message: parsed.data } : { kind: 'message', message: parsed.data, id };
}

/** Messages for a page that has not said ready yet: kept in order, handed out once when it has. */
export class Outbox<M> {
  private queue: M[] = [];
  private open = false;

  /** Whether the page listens (a message posted now is delivered). */
  get isOpen(): boolean {
    return this.open;
  }

  /** Returns the message when it can go now; otherwise keeps it for later. */
  offer(message: M): M | undefined {
    if (this.open) return message;
    this.queue.push(message);
    return undefined;
  }

  /** The page said ready: what was kept, in order, to send now. */
  openAndDrain(): M[] {
    this.open = true;
    const kept = this.queue;
    this.queue = [];
    return kept;
  }

  /** The page went away (hidden, reloading): hold messages again until it says ready. */
  close(): void {
    this.open = false;
  }
}

/** Errors as the page is told them: the sentence only, never a stack. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error)) || 'That did not work.';
