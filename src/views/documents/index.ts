// RCAs and post-mortems: generate, export and delete; the trcaa-doc: file system and the tree rows. Registered at
// activation (contributeDocuments), loaded on first use.
export { contributeDocuments, type DocumentsFeature } from './contributeDocuments';
export type { DocumentsWorkbench } from './loadDocuments';
export { documentLeaf } from './documentLeaf';
export { DOC_SCHEME, documentUri, parseDocumentUri } from './documentUri';
export { documentSections, findSection, sectionBody, sectionEdit, replaceSectionBody, type DocumentSection } from './documentSections';
