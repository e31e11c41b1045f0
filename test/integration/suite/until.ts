// Polls until a probe gives a value: the extension host renders, refreshes and restores asynchronously.
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * How long a webview may take to start. VS Code serves a webview's files through a service worker, and a new
 * webview's worker takes over only once the previous one has answered its pending requests; a request from a
 * webview closed mid-load is answered by VS Code's 30-second timeout. A panel opened right after another webview
 * closed can so stay blank for up to 30 s before it starts.
 */
export const WEBVIEW_START_MS = 45_000;
