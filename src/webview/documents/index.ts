// The document editor (custom text editor over trcaa-doc:) and its typed messages.
export { DOCUMENT_EDITOR_VIEW_TYPE, DocumentEditorProvider } from './documentEditorProvider';
