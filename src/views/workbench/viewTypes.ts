// The webview panels' and custom editors' view types (package.json contributes them): registered at activation,
// before the feature behind each loads, so they live here rather than beside the webview.
export const WHYS_VIEW_TYPE = 'trcaa.whys';
export const DOCUMENT_PREVIEW_VIEW_TYPE = 'trcaa.documentPreview';
export const ASSISTANT_VIEW_TYPE = 'trcaa.assistant';
/** The AI Chat view (a webview view in the panel): package.json contributes it. */
export const CHAT_VIEW_ID = 'trcaa.aiChat';
/** The Log Insight panel (a log's patterns, what changed, errors per minute). */
export const LOG_INSIGHT_VIEW_TYPE = 'trcaa.logInsight';
