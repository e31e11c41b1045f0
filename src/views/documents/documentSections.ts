// The sections of an RCA / post-mortem's Markdown: each `## ` heading and its body (up to the next `#` or `## `
// heading; `### ` subsections belong to it; headings inside fenced code do not count). Pure, for the Draft with AI
// CodeLens and for replacing one section's body.

export interface DocumentSection {
  /** The heading's text, without the `## `. */
  title: string;
  /** 0-based line of the heading. */
  headingLine: number;
  /** 0-based lines of the body: [bodyStart, bodyEnd) — empty when bodyStart === bodyEnd. */
  bodyStart: number;
  bodyEnd: number;
}

const FENCE = /^\s{0,3}(```|~~~)/;
const TOP = /^\s{0,3}(#{1,2})\s+(.*?)\s*#*\s*$/;

export function documentSections(markdown: string): DocumentSection[] {
  const lines = markdown.split(/\r?\n/);
  const sections: DocumentSection[] = [];
  let fence: string | undefined;
  let open: DocumentSection | undefined;
  lines.forEach((line, index) => {
    const fenceMark = FENCE.exec(line)?.[1];
    if (fenceMark) {
      if (!fence) fence = fenceMark;
      else if (fence === fenceMark) fence = undefined;
      return;
    }
    if (fence) return;
    const heading = TOP.exec(line);
    if (!heading) return;
    if (open) open.bodyEnd = index;
    open = undefined;
    if (heading[1] === '##' && heading[2]) {
      open = { title: heading[2], headingLine: index, bodyStart: index + 1, bodyEnd: lines.length };
      sections.push(open);
    }
  });
  // A document ending in a newline has an empty last "line": it is not part of the last body.
  if (open && lines.length > 0 && lines[lines.length - 1] === '') open.bodyEnd = Math.max(open.bodyStart, lines.length - 1);
  return sections;
}

/** The section with this heading (case and surrounding spaces ignored; the first when several share it). */
export function findSection(markdown: string, title: string): DocumentSection | undefined {
  const wanted = title.trim().toLowerCase();
  return documentSections(markdown).find((section) => section.title.trim().toLowerCase() === wanted);
}

/** The section's body text (without the heading). */
export function sectionBody(markdown: string, section: DocumentSection): string {
  return markdown.split(/\r?\n/).slice(section.bodyStart, section.bodyEnd).join('\n');
}

/** A model's draft as a section body: a repeated `## heading` on top removed, one blank line around it. */
export function draftBody(draft: string, title: string, followed: boolean): string {
  const lines = draft.replace(/\r\n/g, '\n').trim().split('\n');
  const first = TOP.exec(lines[0] ?? '');
  if (first && first[2]?.trim().toLowerCase() === title.trim().toLowerCase()) lines.shift();
  const text = lines.join('\n').trim();
  return `\n${text}\n${followed ? '\n' : ''}`;
}

export interface LinePosition {
  line: number;
  character: number;
}

/** The edit that replaces a section's body with `draft`: from the end of its heading line to the next heading. */
export function sectionEdit(markdown: string, section: DocumentSection, draft: string): { start: LinePosition; end: LinePosition; text: string } {
  const eol = markdown.includes('\r\n') ? '\r\n' : '\n';
  const lines = markdown.split(/\r?\n/);
  const last = lines.length - 1;
  const followed = section.bodyEnd < lines.length && !(section.bodyEnd === last && lines[last] === '');
  const end = section.bodyEnd < lines.length ? { line: section.bodyEnd, character: 0 } : { line: last, character: (lines[last] ?? '').length };
  return {
    start: { line: section.headingLine, character: (lines[section.headingLine] ?? '').length },
    end,
    text: `${eol}${draftBody(draft, section.title, followed).replace(/\n/g, eol)}`,
  };
}

/** The whole document with one section's body replaced by `draft` (what accepting the draft makes of it). */
export function replaceSectionBody(markdown: string, section: DocumentSection, draft: string): string {
  const edit = sectionEdit(markdown, section, draft);
  const offset = (position: LinePosition) => {
    const eolLength = markdown.includes('\r\n') ? 2 : 1;
    let at = 0;
    const lines = markdown.split(/\r?\n/);
    for (let i = 0; i < position.line; i++) at += (lines[i] ?? '').length + eolLength;
    return at + position.character;
  };
  return markdown.slice(0, offset(edit.start)) + edit.text + markdown.slice(offset(edit.end));
}
