// The AI chat's front end: the conversation picker, the messages (the person's as text, answers as HTML the host
// rendered with raw HTML off), the answer streaming in, and the input with the context line. The host is the truth:
// it sends the whole state after every change and the streamed answer piece by piece. The page never navigates: a
// link click asks the host, which confirms before opening anything.
import type { AssistantHostMessage, AssistantState, AssistantViewState, AssistantWebviewMessage, ContextLine, MessageItem, ToolApprovalItem, ToolCallItem } from '../../src/webview/assistant/assistantProtocol';
import { hostChannel } from '../shared/hostChannel';
import './assistant.css';

/** Typing pauses this long before the context line is worked out again. */
const DRAFT_DEBOUNCE_MS = 300;
/** Within this many pixels of the bottom, new text keeps the list scrolled to the end. */
const STICKY_PX = 40;
/** How long Copy shows that it copied. */
const COPIED_MS = 1500;

export function startAssistantPanel(): void {
  const api = hostChannel<AssistantWebviewMessage, AssistantHostMessage, AssistantViewState>();
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const incident = byId<HTMLElement>('incident');
  const conversation = byId<HTMLSelectElement>('conversation');
  const messages = byId<HTMLOListElement>('messages');
  const input = byId<HTMLTextAreaElement>('input');
  const sendButton = byId<HTMLButtonElement>('send');
  const stopButton = byId<HTMLButtonElement>('stop');
  const errorLine = byId<HTMLDivElement>('error');
  const model = byId<HTMLSpanElement>('model');
  const selectModel = byId<HTMLAnchorElement>('select-model');
  const contextSummary = byId<HTMLSpanElement>('context-summary');
  const picks = byId<HTMLUListElement>('picks');

  let state: AssistantState | undefined;
  const saved = api.getState();
  if (saved?.draft) input.value = saved.draft;

  const keepState = () => {
    if (!state) return;
    api.setState({ issueId: state.issue.id, conversationId: state.conversationId, picks: state.picks.map((p) => p.pick), draft: input.value });
  };

  /** A request whose refusal is shown in the error line. */
  const ask = (message: AssistantWebviewMessage) =>
    void api.request(message).then((reply) => {
      if (reply.ok) return;
      // A backend's error is in the state already (shown with Retry); a refusal before it is not.
      if (reply.error !== state?.error) errorLine.textContent = reply.error ?? 'That did not work.';
      // The question not answered goes back to the input, unless something else was typed meanwhile.
      if (message.type === 'send' && !input.value) {
        input.value = message.text;
        keepState();
      }
    });

  let draftTimer: ReturnType<typeof setTimeout> | undefined;
  const previewSoon = () => {
    clearTimeout(draftTimer);
    draftTimer = setTimeout(() => api.post({ type: 'draft', text: input.value }), DRAFT_DEBOUNCE_MS);
  };

  const nearBottom = () => messages.scrollHeight - messages.scrollTop - messages.clientHeight < STICKY_PX;
  const toBottom = () => (messages.scrollTop = messages.scrollHeight);

  function icon(name: string): HTMLSpanElement {
    const span = document.createElement('span');
    span.className = `codicon codicon-${name}`;
    span.setAttribute('aria-hidden', 'true');
    return span;
  }

  function button(label: string, codicon: string, onClick: () => void): HTMLButtonElement {
    const element = document.createElement('button');
    element.className = 'icon-button';
    element.title = label;
    element.setAttribute('aria-label', label);
    element.append(icon(codicon));
    element.addEventListener('click', onClick);
    return element;
  }

  /** A labelled block of text (arguments, a result): text only, never HTML. */
  function textBlock(label: string, text: string): HTMLElement {
    const block = document.createElement('div');
    block.className = 'tool-part';
    const heading = document.createElement('div');
    heading.className = 'tool-part-label';
    heading.textContent = label;
    const pre = document.createElement('pre');
    pre.textContent = text;
    block.append(heading, pre);
    return block;
  }

  /** The MCP tool calls made for an answer, each collapsed to its name and outcome. */
  function toolCallsElement(tools: ToolCallItem[]): HTMLElement {
    const list = document.createElement('div');
    list.className = 'tool-calls';
    for (const tool of tools) {
      const details = document.createElement('details');
      details.className = `tool-call outcome-${tool.outcome}`;
      const summary = document.createElement('summary');
      summary.append(icon(tool.outcome === 'ok' ? 'tools' : tool.outcome === 'denied' || tool.outcome === 'cancelled' ? 'circle-slash' : 'warning'), ` ${tool.label} `);
      const status = document.createElement('span');
      status.className = 'meta';
      status.textContent = `(${tool.status})`;
      summary.append(status);
      details.append(summary, textBlock('Arguments', tool.arguments), textBlock('Result', tool.result));
      list.append(details);
    }
    return list;
  }

  /** A tool call waiting for the person: what would run, with which arguments, and the three answers. */
  function approvalElement(approval: ToolApprovalItem): HTMLElement {
    const box = document.createElement('div');
    box.className = 'tool-approval';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'Tool call waiting for approval');
    const question = document.createElement('div');
    question.append(icon('shield'), ' The assistant wants to call ');
    const name = document.createElement('strong');
    name.textContent = approval.tool;
    const server = document.createElement('strong');
    server.textContent = approval.server;
    question.append(name, ' on the MCP server ', server, ':');
    const answers = document.createElement('div');
    answers.className = 'tool-approval-actions';
    const answer = (label: string, decision: 'once' | 'always' | 'deny', primary: boolean) => {
      const element = document.createElement('button');
      element.className = primary ? 'primary' : 'secondary';
      element.textContent = label;
      element.addEventListener('click', () => {
        answers.querySelectorAll('button').forEach((b) => (b.disabled = true));
        ask({ type: 'approveTool', callId: approval.callId, decision });
      });
      return element;
    };
    answers.append(answer('Allow once', 'once', true), answer('Always for this tool', 'always', false), answer('Deny', 'deny', false));
    box.append(question, textBlock('Arguments', approval.arguments), answers);
    return box;
  }

  /** One message: who, its token count and incomplete marker, its body, and its actions. */
  function messageElement(item: MessageItem | { role: 'user' | 'assistant'; streaming: true; text: string; html: string }, last: boolean): HTMLLIElement {
    const li = document.createElement('li');
    li.className = `message ${item.role}`;
    const header = document.createElement('header');
    const who = document.createElement('span');
    who.className = 'who';
    who.append(icon(item.role === 'user' ? 'account' : 'sparkle'), item.role === 'user' ? ' You' : ' Assistant');
    header.append(who);
    const body = document.createElement('div');
    body.className = item.role === 'user' ? 'body text' : 'body markdown';
    // The person's text as text; an answer as the host's markdown-it output (raw HTML off: escaped there).
    if (item.role === 'user') body.textContent = item.text;
    else body.innerHTML = item.html;
    if ('streaming' in item) {
      li.classList.add('streaming');
      if (item.role === 'assistant') {
        const status = document.createElement('span');
        status.className = 'meta';
        status.append(icon('loading codicon-modifier-spin'), ' answering…');
        header.append(status);
      }
    } else {
      if (item.tokens) {
        const tokens = document.createElement('span');
        tokens.className = 'meta tokens';
        tokens.textContent = item.tokens;
        tokens.title = item.tokens.startsWith('~') ? 'Estimated: the provider reported no usage' : 'As the provider reported';
        header.append(tokens);
      }
      if (item.incomplete) {
        const marker = document.createElement('span');
        marker.className = 'incomplete';
        marker.append(icon('warning'), ` ${item.incomplete}`);
        header.append(marker);
        li.classList.add('cut');
      }
      const actions = document.createElement('span');
      actions.className = 'actions';
      const copy = button('Copy', 'copy', () =>
        void api.request({ type: 'copy', messageId: item.id }).then((reply) => {
          if (!reply.ok) return void (errorLine.textContent = reply.error ?? 'That did not work.');
          copy.replaceChildren(icon('check'));
          copy.title = 'Copied';
          setTimeout(() => {
            copy.replaceChildren(icon('copy'));
            copy.title = 'Copy';
          }, COPIED_MS);
        }),
      );
      actions.append(copy);
      if (last && item.role === 'assistant' && state?.canRetry) actions.append(button('Retry', 'refresh', () => ask({ type: 'retry' })));
      header.append(actions);
    }
    li.append(header, body);
    if (item.role === 'user' && 'tools' in item && item.tools?.length) li.append(toolCallsElement(item.tools));
    return li;
  }

  function render() {
    if (!state) return;
    const stick = nearBottom();
    // Which incident this is: the AI Chat view shows one incident after another.
    incident.textContent = state.issue.title;
    incident.title = state.issue.title;
    // The picker: one option per conversation, the shown one selected.
    conversation.replaceChildren(
      ...state.conversations.map((c) => {
        const option = document.createElement('option');
        option.value = c.id;
        option.textContent = `${c.title} (${c.messageCount})`;
        option.selected = c.id === state?.conversationId;
        return option;
      }),
    );
    if (!state.conversations.length) {
      const option = document.createElement('option');
      option.textContent = 'New conversation';
      option.value = '';
      conversation.append(option);
    }
    const busy = state.streaming !== null;
    conversation.disabled = busy || state.conversations.length < 2;
    for (const id of ['rename-conversation', 'delete-conversation']) byId<HTMLButtonElement>(id).disabled = busy || !state.conversationId;
    byId<HTMLButtonElement>('new-conversation').disabled = busy;

    model.textContent = state.model ?? 'No AI model selected.';
    model.classList.toggle('none', !state.model);
    selectModel.textContent = state.model ? 'Change…' : 'Select AI Model…';

    const items: HTMLLIElement[] = state.messages.map((m, i) => messageElement(m, i === (state?.messages.length ?? 0) - 1));
    if (state.streaming) {
      items.push(messageElement({ role: 'user', streaming: true, text: state.streaming.question, html: '' }, false));
      const { tools, approval } = state.streaming;
      if (tools?.length || approval) {
        const li = document.createElement('li');
        li.className = 'message tools';
        if (tools?.length) li.append(toolCallsElement(tools));
        if (approval) li.append(approvalElement(approval));
        items.push(li);
      }
      items.push(messageElement({ role: 'assistant', streaming: true, text: '', html: state.streaming.html }, true));
    }
    if (!items.length) {
      const empty = document.createElement('li');
      empty.className = 'empty';
      empty.textContent = 'Ask about this incident: “What do the errors around 14:02 have in common?” The incident’s fields, its 5 Whys and timeline, and the log lines you pick are sent, redacted.';
      items.push(empty);
    }
    messages.replaceChildren(...items);
    // Screen readers hear the answer once it is whole, not every paint.
    messages.setAttribute('aria-busy', String(busy));
    if (stick || busy) toBottom();

    picks.replaceChildren(
      ...state.picks.map((p, index) => {
        const li = document.createElement('li');
        li.className = 'pick';
        li.append(icon('file'), ` ${p.label} `, button(`Remove ${p.label} from the context`, 'close', () => ask({ type: 'removePick', index })));
        return li;
      }),
    );
    sendButton.hidden = busy;
    stopButton.hidden = !busy;
    errorLine.textContent = state.error ?? '';
    if (state.error && state.canRetry) {
      errorLine.append(' ', button('Retry', 'refresh', () => ask({ type: 'retry' })));
    }
  }

  /** The answer so far: swaps the streaming message's HTML only. */
  function stream(html: string) {
    if (state?.streaming) state.streaming.html = html;
    const body = messages.querySelector('li.message.assistant.streaming .body');
    if (!body) return render();
    const stick = nearBottom();
    body.innerHTML = html;
    if (stick) toBottom();
  }

  function showContext(context: ContextLine) {
    contextSummary.textContent = context.summary;
    contextSummary.classList.toggle('error', !context.ok);
    contextSummary.title = context.items.map((item) => `${item.label}: ~${item.tokens.toLocaleString('en-US')} tokens`).join('\n');
  }

  const send = () => {
    const text = input.value;
    if (!text.trim() || state?.streaming) return;
    input.value = '';
    keepState();
    errorLine.textContent = '';
    ask({ type: 'send', text });
    previewSoon();
  };

  sendButton.addEventListener('click', send);
  stopButton.addEventListener('click', () => api.post({ type: 'stop' }));
  input.addEventListener('keydown', (event) => {
    // Enter sends; Shift+Enter is a new line; Enter while composing (IME) is the composition's.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
    if (event.key === 'Escape' && state?.streaming) api.post({ type: 'stop' });
  });
  input.addEventListener('input', () => {
    keepState();
    previewSoon();
  });
  conversation.addEventListener('change', () => {
    if (conversation.value) ask({ type: 'selectConversation', conversationId: conversation.value });
  });
  byId('new-conversation').addEventListener('click', () => ask({ type: 'newConversation' }));
  byId('rename-conversation').addEventListener('click', () => ask({ type: 'renameConversation' }));
  byId('delete-conversation').addEventListener('click', () => ask({ type: 'deleteConversation' }));
  selectModel.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    ask({ type: 'selectModel' });
  });
  byId('show-context').addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    ask({ type: 'showContext', text: input.value });
  });
  // The page never navigates: every link in an answer is the host's to open (after asking), log references too.
  // VS Code's webview opens a clicked link itself from a listener on the window, default prevented or not: the
  // click stops here.
  messages.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest('a');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const href = link.getAttribute('href');
    if (href) ask({ type: 'openLink', href });
  });

  api.start((message) => {
    switch (message.type) {
      case 'state':
        state = message.state;
        render();
        keepState();
        previewSoon();
        break;
      case 'stream':
        stream(message.html);
        break;
      case 'context':
        showContext(message.context);
        break;
      case 'draft':
        input.value = message.text;
        input.focus();
        keepState();
        previewSoon();
        break;
    }
  });
  input.focus();
}
