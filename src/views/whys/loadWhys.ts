// The 5 Whys, loaded on first use (contributeWhys.ts): the panel and its commands. The Issues view follows their
// writes through the change channel.
import type { CommandTable, LoadedFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { WhysPanels } from '../../webview/whys';
import { addEvidence, answerWhy, askNextWhy, copyLogReference, deleteWhy, markRootCause, openLogLines, type WhysContext } from './whysCommands';
import type { WhyCommand } from './commandIds';
import { whyTarget } from './whysTargets';
import { pickIssues } from '../issues';

export interface WhysWorkbench extends LoadedFeature<WhyCommand> {
  panels: WhysPanels;
}

export function loadWhys(services: Services): WhysWorkbench {
  const ctx: WhysContext = { services };
  const panels = new WhysPanels(services);
  const commands: CommandTable<WhyCommand> = {
    'trcaa.whys.open': async (arg) => {
      const t = whyTarget(arg) ?? { issueId: (await pickIssues(services, 'TRCAA: Open the 5 Whys of…', false))?.[0] };
      if (!t.issueId) return undefined;
      await panels.open(t.issueId, 'level' in t ? t.level : undefined);
      return t.issueId;
    },
    'trcaa.whys.add': (arg) => askNextWhy(ctx, arg),
    'trcaa.whys.answer': (arg) => answerWhy(ctx, arg),
    'trcaa.whys.markRootCause': (arg) => markRootCause(ctx, arg),
    'trcaa.whys.delete': (arg) => deleteWhy(ctx, arg),
    'trcaa.whys.addEvidence': (arg) => addEvidence(ctx, arg),
    'trcaa.copyLogReference': () => copyLogReference(ctx),
    'trcaa.openLogLines': (arg) => openLogLines(ctx, arg),
  };
  return { commands, disposables: [panels], panels };
}
