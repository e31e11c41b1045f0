// The attachments feature: attach, open and list logs and images; their read-only file systems and tree rows.
export { contributeAttachments, type AttachWorkbench } from './contributeAttachments';
export { createIssueDropController } from './dropController';
export { LOG_SCHEME, EXCERPT_BYTES, idFromUri, logUri } from './logFileSystem';
export { readShownText } from './shownText';
export { attachmentIdFrom, sha256File } from './openLog';
export { errorCode } from './attachCommon';
export { countsText, imageLeaf, logLeaf } from './logLeaf';
