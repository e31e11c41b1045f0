// The RCA / post-mortem editor's front end: Markdown source on the left, the host-rendered preview on the right.
// The TextDocument on the host is the truth: typing sends the whole text (debounced); `update` replaces it.
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import type { VscodeTextarea } from '@vscode-elements/elements/dist/vscode-textarea/vscode-textarea.js';
import type { DocumentViewState, HostMessage, WebviewMessage } from '../../src/webview/documents/documentProtocol';
import { parseLogRefs } from '../../src/core/whys/logRefs';
import './documentEditor.css';
import { vscodeApi } from '../shared/vscodeApi';

const EDIT_DEBOUNCE_MS = 200;

export function startDocumentEditor(): void {
  const api = vscodeApi<DocumentViewState>();
  const source = document.getElementById('source') as VscodeTextarea;
  const preview = document.getElementById('preview') as HTMLElement;
  const post = (message: WebviewMessage) => api.postMessage(message);
  let pending: ReturnType<typeof setTimeout> | undefined;
  let restored = false;

  const sourceScroller = () => source.wrappedElement as HTMLTextAreaElement | undefined;
  const saveState = () =>
    api.setState({ sourceScrollTop: sourceScroller()?.scrollTop ?? 0, previewScrollTop: preview.scrollTop });

  const flush = () => {
    if (pending === undefined) return;
    clearTimeout(pending);
    pending = undefined;
    post({ type: 'edit', text: source.value });
  };

  source.addEventListener('input', () => {
    if (pending !== undefined) clearTimeout(pending);
    pending = setTimeout(flush, EDIT_DEBOUNCE_MS);
  });
  // Ctrl+S goes to VS Code: send what was typed first, so the save holds it.
  source.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') flush();
  });
  source.addEventListener('blur', flush);
  preview.addEventListener('scroll', saveState, { passive: true });

  window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
    const message = event.data;
    if (message.type === 'update') {
      // While the user's own edit is on its way, their text wins; the host's next update carries it.
      if (pending === undefined && source.value !== message.text) source.value = message.text;
      source.placeholder = '';
    }
    // The HTML comes from markdown-it on the host with raw HTML disabled: user text is escaped there.
    preview.innerHTML = message.html;
    markLogRefs();
    if (!restored) {
      restored = true;
      restore();
    }
  });

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
      const open = () => post({ type: 'openLog', logFileId: ref.logFileId, startLine: ref.startLine, endLine: ref.endLine });
      code.addEventListener('click', open);
      code.addEventListener('keydown', (event: KeyboardEvent) => {
        if (event.key === 'Enter') open();
      });
    });
  }

  /** Scroll positions from before a reload or tab switch. */
  function restore() {
    const state = api.getState();
    if (!state) return;
    preview.scrollTop = state.previewScrollTop;
    void source.updateComplete.then(() => {
      const scroller = sourceScroller();
      if (scroller) {
        scroller.scrollTop = state.sourceScrollTop;
        scroller.addEventListener('scroll', saveState, { passive: true });
      }
    });
  }
  void source.updateComplete.then(() => sourceScroller()?.addEventListener('scroll', saveState, { passive: true }));

  post({ type: 'ready' });
}
