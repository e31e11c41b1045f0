/**
 * A panel's "send the state again", at most one at a time: asked while a send runs, it waits for that one and then
 * sends once more — however many asked meanwhile — so the state last sent is never older than the last request.
 */
export class CoalescedSend {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly send: () => Promise<void>) {}

  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.send();
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }
}
