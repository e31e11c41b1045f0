// What log insight registers at activation, as forwarders: its commands, the Log Insight panel's serializer and the
// merged timeline's document provider (a tab restored after a reload asks for them first thing). The rest loads
// with the first of them used.
import * as vscode from 'vscode';
import { ForwardingContentProvider, forwardingSerializer } from '../workbench/forwarders';
import { LazyFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { LOG_INSIGHT_VIEW_TYPE } from '../workbench/viewTypes';
import { PATTERN_COMMANDS, type PatternCommand } from './commandIds';
import type { PatternsWorkbench } from './loadPatterns';

export type PatternsFeature = LazyFeature<PatternCommand, PatternsWorkbench>;

/** The merged timeline's scheme (timelineDocument.ts says the same; kept here so activation loads nothing else). */
const TIMELINE_SCHEME = 'trcaa-timeline';

export function contributePatterns(services: Services): { feature: PatternsFeature; disposables: vscode.Disposable[] } {
  const feature = new LazyFeature<PatternCommand, PatternsWorkbench>('patterns', services, async () => (await import('./loadPatterns')).loadPatterns(services));
  const timelines = new ForwardingContentProvider(async () => (await feature.get()).timelines);
  return {
    feature,
    disposables: [
      feature,
      timelines,
      vscode.workspace.registerTextDocumentContentProvider(TIMELINE_SCHEME, timelines),
      vscode.window.registerWebviewPanelSerializer(LOG_INSIGHT_VIEW_TYPE, forwardingSerializer(async () => (await feature.get()).panels)),
      ...feature.registerCommands(PATTERN_COMMANDS),
    ],
  };
}
