// The PII review's commands: registered at activation, run by the review once it has loaded.
export const PII_COMMANDS = [
  'trcaa.pii.reviewLog',
  'trcaa.pii.acceptSpan',
  'trcaa.pii.keepSpan',
  'trcaa.pii.redactSelection',
  'trcaa.pii.acceptAllOfType',
  'trcaa.pii.keepAllOfType',
  'trcaa.pii.approveRedaction',
  'trcaa.pii.revokeApproval',
  'trcaa.pii.rescanLog',
  'trcaa.pii.openRedactedView',
  'trcaa.pii.copyRedacted',
  'trcaa.pii.exportRedactedLog',
  'trcaa.pii.quickFix',
  'trcaa.pii.nextSpan',
  'trcaa.pii.previousSpan',
  'trcaa.pii.reviewByValue',
  'trcaa.pii.keepValue',
  'trcaa.pii.redactValue',
] as const;

export type PiiCommand = (typeof PII_COMMANDS)[number];
