// RCAs and post-mortems: generate, export and delete; the trcaa-doc: file system and the tree rows.
export { registerDocuments, type DocumentsWorkbench } from './registerDocuments';
export { registerDocumentCommands } from './registerDocumentCommands';
export { documentLeaf } from './documentLeaf';
