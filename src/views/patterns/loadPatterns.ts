// Log insight, loaded on first use (contributePatterns.ts): the Log Insight panels, the pattern highlights, the
// merged timeline's documents and the commands. Everything follows the change channel.
import { InsightPanels } from '../../webview/patterns';
import type { CommandTable, LoadedFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import type { PatternCommand } from './commandIds';
import { insightState } from './insightData';
import {
  addPatternEvidence,
  compareLogs,
  nextOccurrence,
  openErrorHistogram,
  openMergedTimeline,
  openPatterns,
  showPatternLines,
  type InsightContext,
} from './insightCommands';
import { PatternCache } from './patternCache';
import { PatternHighlights } from './patternHighlights';
import { TimelineDocuments } from './timelineDocument';

export interface PatternsWorkbench extends LoadedFeature<PatternCommand> {
  panels: InsightPanels;
  highlights: PatternHighlights;
  timelines: TimelineDocuments;
}

export function loadPatterns(services: Services): PatternsWorkbench {
  const cache = new PatternCache(services);
  // A deleted log's patterns are dropped, a log mined again is read again; after another window's writes, everything.
  const forgetting = services.changes.onDidChange((event) => {
    if (event.external) cache.forget('all');
    for (const change of event.changes) if ((change.entity === 'log' && change.kind === 'deleted') || change.entity === 'logPatterns') cache.forget(change.ids);
  });
  const panels = new InsightPanels(services, (subject) => insightState(services, cache, subject));
  const highlights = new PatternHighlights();
  const timelines = new TimelineDocuments(services);
  const ctx: InsightContext = { services, cache, panels, highlights, timelines };
  const commands: CommandTable<PatternCommand> = {
    'trcaa.patterns.open': (...args) => openPatterns(ctx, args),
    'trcaa.patterns.showLines': (arg) => showPatternLines(ctx, arg),
    'trcaa.patterns.nextOccurrence': () => nextOccurrence(ctx, 1),
    'trcaa.patterns.previousOccurrence': () => nextOccurrence(ctx, -1),
    'trcaa.patterns.addEvidence': (arg) => addPatternEvidence(ctx, arg),
    'trcaa.patterns.compare': (...args) => compareLogs(ctx, args),
    'trcaa.patterns.mergedTimeline': (...args) => openMergedTimeline(ctx, args),
    'trcaa.patterns.errorHistogram': (...args) => openErrorHistogram(ctx, args),
  };
  return { commands, disposables: [forgetting, panels, highlights, timelines], panels, highlights, timelines };
}
