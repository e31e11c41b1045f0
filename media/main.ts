// Front end shared by TRCAA's webviews: each page names its view in <body data-view>, and that view's module runs.
// Every view announces itself with `ready` once listening, so the host sends what to show only then.
import '@vscode/codicons/dist/codicon.css';
import './shared/theme.css';
import { startAssistantPanel } from './assistant/assistant';
import { startDocumentPreview } from './documents/documentPreview';
import { startInsightPanel } from './patterns/insight';
import { vscodeApi } from './shared/vscodeApi';
import { startWhysPanel } from './whys/whys';

switch (document.body.dataset.view) {
  case 'document':
    startDocumentPreview();
    break;
  case 'whys':
    startWhysPanel();
    break;
  case 'assistant':
    startAssistantPanel();
    break;
  case 'insight':
    startInsightPanel();
    break;
  default:
    vscodeApi().postMessage({ type: 'ready' });
}
