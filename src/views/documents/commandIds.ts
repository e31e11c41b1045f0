// The document commands: registered at activation, run by the documents feature once it has loaded.
export const DOCUMENT_COMMANDS = [
  'trcaa.openDocument',
  'trcaa.generateRca',
  'trcaa.generatePostmortem',
  'trcaa.deleteDocument',
  'trcaa.exportDocumentMarkdown',
  'trcaa.exportDocumentPdf',
  'trcaa.exportDocumentRedactedMarkdown',
  'trcaa.exportDocumentRedactedPdf',
] as const;

export type DocumentCommand = (typeof DOCUMENT_COMMANDS)[number];
