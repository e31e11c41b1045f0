// The PII review: decorations, hovers and quick fixes on a stored log, the redacted view, and release (egress).
export { registerPii, type PiiWorkbench } from './registerPii';
export { piiDetectorOptions, warnPatternProblems } from './piiSettings';
