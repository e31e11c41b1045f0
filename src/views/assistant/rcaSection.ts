// A section of an RCA or post-mortem (a `## Heading` and what follows up to the next `## `), replaced by a body the
// user accepted. Pure text: no vscode, so it is unit-tested on its own.

/** Where a `## ` heading line starts, ignoring fenced code blocks. */
function headings(markdown: string): { at: number; end: number; title: string }[] {
  const found: { at: number; end: number; title: string }[] = [];
  let fenced = false;
  let at = 0;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (match && !line.startsWith('###')) found.push({ at, end: at + line.length, title: (match[1] as string).trim() });
    at += line.length + 1;
  }
  return found;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The document with section `heading`'s body replaced by `body` (a heading matched case-insensitively); a document
 * without that section gets it appended at the end.
 */
export function replaceSection(markdown: string, heading: string, body: string): string {
  const all = headings(markdown);
  const index = all.findIndex((h) => same(h.title, heading));
  const text = body.trim();
  if (index < 0) return `${markdown.replace(/\s*$/, '')}\n\n## ${heading.trim()}\n\n${text}\n`;
  const start = (all[index] as { end: number }).end;
  const next = all[index + 1];
  const rest = next ? markdown.slice(next.at) : '';
  return `${markdown.slice(0, start)}\n\n${text}\n${rest ? `\n${rest}` : ''}`;
}

/** The body of section `heading`, or undefined when the document has none. */
export function sectionBody(markdown: string, heading: string): string | undefined {
  const all = headings(markdown);
  const index = all.findIndex((h) => same(h.title, heading));
  if (index < 0) return undefined;
  const next = all[index + 1];
  return markdown.slice((all[index] as { end: number }).end, next ? next.at : undefined).trim();
}
