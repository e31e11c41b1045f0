// Wires the 5 Whys: the panel (restored after a reload by its serializer) and its commands. The Issues view follows
// their writes through the change channel.
import * as vscode from 'vscode';
import type { Services } from '../workbench/services';
import { WHYS_VIEW_TYPE, WhysPanels } from '../../webview/whys';
import { commandGuard } from '../workbench/guardedCommand';
import { addEvidence, answerWhy, askNextWhy, copyLogReference, deleteWhy, markRootCause, openLogLines, type WhysContext } from './whysCommands';
import { whyTarget } from './whysTargets';
import { pickIssues } from '../issues';

export interface WhysWorkbench {
  panels: WhysPanels;
  disposables: vscode.Disposable[];
}

export function registerWhys(services: Services): WhysWorkbench {
  const ctx: WhysContext = { services };
  const panels = new WhysPanels(services);
  const guarded = commandGuard(services, 'whys');
  const register = (id: string, work: (arg?: unknown) => unknown) => vscode.commands.registerCommand(id, guarded((arg?: unknown) => work(arg), id));
  return {
    panels,
    disposables: [
      panels,
      vscode.window.registerWebviewPanelSerializer(WHYS_VIEW_TYPE, panels),
      register('trcaa.whys.open', async (arg) => {
        const t = whyTarget(arg) ?? { issueId: (await pickIssues(services, 'TRCAA: Open the 5 Whys of…', false))?.[0] };
        if (!t.issueId) return undefined;
        await panels.open(t.issueId, 'level' in t ? t.level : undefined);
        return t.issueId;
      }),
      register('trcaa.whys.add', (arg) => askNextWhy(ctx, arg)),
      register('trcaa.whys.answer', (arg) => answerWhy(ctx, arg)),
      register('trcaa.whys.markRootCause', (arg) => markRootCause(ctx, arg)),
      register('trcaa.whys.delete', (arg) => deleteWhy(ctx, arg)),
      register('trcaa.whys.addEvidence', (arg) => addEvidence(ctx, arg)),
      register('trcaa.copyLogReference', () => copyLogReference(ctx)),
      register('trcaa.openLogLines', (arg) => openLogLines(ctx, arg)),
    ],
  };
}
