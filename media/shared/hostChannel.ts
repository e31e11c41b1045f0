// The page's side of the webview channel (src/webview/host): say `ready` once listening, send one-way messages,
// send requests that resolve with the host's reply (matched by id), and hear the host's other messages.
import type { Reply } from '../../src/webview/host/messages';
import { vscodeApi } from './vscodeApi';

export interface HostChannel<Out, In, State> {
  /** A one-way message. */
  post(message: Out): void;
  /** A request: resolves with the host's reply ({ok, value} or {ok: false, error}); never rejects. */
  request(message: Out): Promise<Reply>;
  /** The webview state VS Code keeps across reloads (tiny: ids, drafts). */
  getState(): State | undefined;
  setState(state: State): void;
  /** Starts listening and says ready: call once every listener is in place. */
  start(onMessage: (message: In) => void): void;
}

export function hostChannel<Out extends object, In extends { type: string }, State>(): HostChannel<Out, In, State> {
  const api = vscodeApi<State>();
  const waiting = new Map<number, (reply: Reply) => void>();
  let nextId = 1;
  return {
    post: (message) => api.postMessage(message),
    request(message) {
      const id = nextId++;
      return new Promise<Reply>((resolve) => {
        waiting.set(id, resolve);
        api.postMessage({ ...message, id });
      });
    },
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
    start(onMessage) {
      window.addEventListener('message', (event: MessageEvent<In | Reply>) => {
        const message = event.data;
        if (message.type === 'reply') {
          const reply = message as Reply;
          waiting.get(reply.id)?.(reply);
          waiting.delete(reply.id);
          return;
        }
        onMessage(message as In);
      });
      api.postMessage({ type: 'ready' });
    },
  };
}
