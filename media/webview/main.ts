// Front end shared by TRCAA's webviews: each page names its view in <body data-view>, and that view's module runs.
// Every view announces itself with `ready` once listening, so the host sends what to show only then.
import '@vscode/codicons/dist/codicon.css';
import './theme.css';
import { startDocumentEditor } from './documentEditor';
import { vscodeApi } from './vscodeApi';
import { startWhysPanel } from './whys';

switch (document.body.dataset.view) {
  case 'document':
    startDocumentEditor();
    break;
  case 'whys':
    startWhysPanel();
    break;
  default:
    vscodeApi().postMessage({ type: 'ready' });
}
