// The document preview (a custom text editor over trcaa-doc:, beside VS Code's text editor) and its typed messages.
export { DocumentPreviewProvider } from './documentPreviewProvider';
