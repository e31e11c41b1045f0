// What the 5 Whys register at activation, as forwarders: the commands and the panel's serializer (a panel open
// before a reload is restored first thing). The panel and its commands load with the first of them used.
import * as vscode from 'vscode';
import { forwardingSerializer } from '../workbench/forwarders';
import { LazyFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { WHYS_VIEW_TYPE } from '../workbench/viewTypes';
import { WHY_COMMANDS, type WhyCommand } from './commandIds';
import type { WhysWorkbench } from './loadWhys';

export type WhysFeature = LazyFeature<WhyCommand, WhysWorkbench>;

export function contributeWhys(services: Services): { feature: WhysFeature; disposables: vscode.Disposable[] } {
  const feature = new LazyFeature<WhyCommand, WhysWorkbench>('whys', services, async () => (await import('./loadWhys')).loadWhys(services));
  return {
    feature,
    disposables: [
      feature,
      vscode.window.registerWebviewPanelSerializer(WHYS_VIEW_TYPE, forwardingSerializer(async () => (await feature.get()).panels)),
      ...feature.registerCommands(WHY_COMMANDS),
    ],
  };
}
