// The log insight commands: registered at activation, run by the feature once it has loaded.
export const PATTERN_COMMANDS = [
  'trcaa.patterns.open',
  'trcaa.patterns.showLines',
  'trcaa.patterns.nextOccurrence',
  'trcaa.patterns.previousOccurrence',
  'trcaa.patterns.addEvidence',
  'trcaa.patterns.compare',
  'trcaa.patterns.mergedTimeline',
  'trcaa.patterns.errorHistogram',
] as const;

export type PatternCommand = (typeof PATTERN_COMMANDS)[number];
