// Front end shared by TRCAA's webviews: it announces itself to the extension once loaded, so the host can send
// the (tiny) state to restore. Each editor adds its own module on top of this as features land.
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
vscode.postMessage({ type: 'ready', state: vscode.getState() ?? null });
