// One promise for everyone waiting until something changes (a thread catching up, a window coming back): wake()
// resolves it, and the next wait() gets a fresh one. Waiters check their own condition again when woken.
export class WakeUp {
  private next: { promise: Promise<void>; resolve: () => void } | undefined;

  wait(): Promise<void> {
    if (!this.next) {
      let resolve = () => {};
      const promise = new Promise<void>((r) => (resolve = r));
      this.next = { promise, resolve };
    }
    return this.next.promise;
  }

  wake(): void {
    const waiting = this.next;
    this.next = undefined;
    waiting?.resolve();
  }
}
