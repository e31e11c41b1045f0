// The document preview's front end: the host-rendered Markdown, scrolled with the text editor beside it. Every
// block carries data-line (its first source line); the host says which line the editor shows at its top, and a
// scroll here tells the host the line now at the top of the preview.
import { parseLogRefs } from '../../src/core/whys/logRefs';
import type { PreviewHostMessage, PreviewMessage, PreviewViewState } from '../../src/webview/documents/documentProtocol';
import { hostChannel } from '../shared/hostChannel';
import './documentPreview.css';

/** After the host scrolled us, our own scroll events are an echo for this long, not the person. */
const ECHO_MS = 300;

export function startDocumentPreview(): void {
  const api = hostChannel<PreviewMessage, PreviewHostMessage, PreviewViewState>();
  const preview = document.getElementById('preview') as HTMLElement;
  let echoUntil = 0;
  /** The block line the host last scrolled us to: a scroll that ends there is the echo of it. */
  let toldLine: number | undefined;
  let pending: number | undefined;

  const blocks = () => Array.from(preview.querySelectorAll<HTMLElement>('[data-line]'));

  /** Brings the block of `line` (the last one starting at or before it) to the top. */
  function scrollToLine(line: number) {
    let target: HTMLElement | undefined;
    for (const block of blocks()) {
      if (Number(block.dataset.line) <= line) target = block;
      else break;
    }
    echoUntil = Date.now() + ECHO_MS;
    toldLine = target ? Number(target.dataset.line) : 0;
    preview.scrollTop = target ? preview.scrollTop + target.getBoundingClientRect().top - preview.getBoundingClientRect().top : 0;
    api.setState({ line });
  }

  /** The source line of the first block whose bottom is below the preview's top. */
  function topLine(): number {
    const top = preview.getBoundingClientRect().top;
    const first = blocks().find((block) => block.getBoundingClientRect().bottom > top + 1);
    return first ? Number(first.dataset.line) : 0;
  }

  preview.addEventListener(
    'scroll',
    () => {
      if (Date.now() < echoUntil || pending !== undefined) return;
      pending = requestAnimationFrame(() => {
        pending = undefined;
        const line = topLine();
        if (line === toldLine) return;
        toldLine = undefined;
        api.setState({ line });
        api.post({ type: 'scrolled', line });
      });
    },
    { passive: true },
  );

  /** Inline code that is exactly a log-line reference (as the 5 Whys evidence is written) becomes a link to those lines. */
  function markLogRefs() {
    preview.querySelectorAll('code').forEach((code) => {
      const text = code.textContent ?? '';
      const [ref] = parseLogRefs(text);
      if (!ref || ref.start !== 0 || ref.end !== text.length) return;
      code.classList.add('log-ref');
      code.tabIndex = 0;
      code.setAttribute('role', 'link');
      code.title = `Open the log at line${ref.startLine === ref.endLine ? ` ${ref.startLine}` : `s ${ref.startLine}–${ref.endLine}`}`;
      const open = () => api.post({ type: 'openLog', logFileId: ref.logFileId, startLine: ref.startLine, endLine: ref.endLine });
      code.addEventListener('click', open);
      code.addEventListener('keydown', (event: KeyboardEvent) => {
        if (event.key === 'Enter') open();
      });
    });
  }

  let first = true;
  api.start((message) => {
    switch (message.type) {
      case 'preview': {
        const scrollTop = preview.scrollTop;
        // The HTML comes from markdown-it on the host with raw HTML disabled: user text is escaped there.
        preview.innerHTML = message.html;
        markLogRefs();
        echoUntil = Date.now() + ECHO_MS;
        if (first) {
          first = false;
          scrollToLine(api.getState()?.line ?? 0);
        } else preview.scrollTop = scrollTop;
        break;
      }
      case 'scrollTo':
        scrollToLine(message.line);
        break;
    }
  });
}
