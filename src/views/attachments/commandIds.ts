// The attach commands and All Attachments' own: registered at activation, run once the attach code has loaded.
export const ATTACH_COMMANDS = [
  'trcaa.attachLog',
  'trcaa.attachLogToIssue',
  'trcaa.attachImage',
  'trcaa.openLog',
  'trcaa.deleteLog',
  'trcaa.openImage',
  'trcaa.deleteImage',
  'trcaa.attachments.refresh',
  'trcaa.attachments.loadMore',
  'trcaa.attachments.filter',
  'trcaa.attachments.clearFilter',
] as const;

export type AttachCommand = (typeof ATTACH_COMMANDS)[number];
