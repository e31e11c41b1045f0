// Paints an answer as it streams in: the first piece at once (the person sees the model started), then at most once
// per interval however fast the pieces come (each paint renders and posts the whole answer so far), and whatever is
// left when the stream ends.

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const PAINT_INTERVAL_MS = 30;

export class StreamPainter {
  private text_ = '';
  private paintedLength = -1;
  private lastPaint = -Infinity;
  private timer: unknown;
  private stopped = false;

  constructor(
    private readonly paint: (text: string) => void,
    private readonly intervalMs = PAINT_INTERVAL_MS,
    private readonly clock: Clock = realClock,
  ) {}

  /** Everything that arrived. */
  get text(): string {
    return this.text_;
  }

  push(delta: string): void {
    if (this.stopped || !delta) return;
    this.text_ += delta;
    if (this.timer !== undefined) return;
    const wait = this.lastPaint + this.intervalMs - this.clock.now();
    if (wait <= 0) this.paintNow();
    else this.timer = this.clock.setTimeout(() => this.paintNow(), wait);
  }

  /** The stream ended: paints what was not painted yet; later pieces are ignored. Returns the whole text. */
  finish(): string {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.stopped && this.paintedLength !== this.text_.length && this.text_) this.paintNow();
    this.stopped = true;
    return this.text_;
  }

  private paintNow(): void {
    this.timer = undefined;
    this.lastPaint = this.clock.now();
    this.paintedLength = this.text_.length;
    this.paint(this.text_);
  }
}
