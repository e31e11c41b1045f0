// Log insight: a log's patterns, what changed, the merged timeline and errors per minute. Registered at activation
// (contributePatterns), loaded on first use.
export { contributePatterns, type PatternsFeature } from './contributePatterns';
export type { PatternsWorkbench } from './loadPatterns';
