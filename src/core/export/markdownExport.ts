// The Markdown export is the stored document itself: what the user wrote and saved is exactly what they get.
// The only change: a missing final newline is added (POSIX text files end with one; tools like `cat` and diff
// expect it). Line endings, whitespace and content are never touched.

/** The text to write to a `.md` file for a stored document. */
export function markdownExport(stored: string): string {
  return stored === '' || stored.endsWith('\n') ? stored : `${stored}\n`;
}
