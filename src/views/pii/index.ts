// The PII review: decorations, hovers and quick fixes on a stored log, the redacted view, and release (egress).
// Registered at activation (contributePii), loaded on first use.
export { contributePii, type PiiFeature } from './contributePii';
export type { PiiWorkbench } from './loadPii';
export { piiDetectorOptions, warnPatternProblems } from './piiSettings';
