// Evidence can point at lines of a stored log: `log:<logFileId>#L10` or `log:<logFileId>#L10-L20` (lines are
// 1-based, the range inclusive). Plain text in the stored answer, so it survives export and editing; a UI turns
// each reference into a link that opens the log at those lines.

export const MAX_LOG_LINE = 1_000_000_000;

export interface LogLineRef {
  logFileId: string;
  startLine: number;
  /** Equal to startLine for a single line. */
  endLine: number;
  /** Where the reference sits in the text it was parsed from (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
}

export type EvidencePart = { kind: 'text'; text: string } | { kind: 'logRef'; ref: LogLineRef; text: string };

// Ids are UUIDs here; an imported database may use other word characters. Not preceded by a word character, so
// `catalog:x#L1` is not a reference.
const LOG_REF = /(?<![\w-])log:([A-Za-z0-9_-]{1,100})#L(\d{1,10})(?:-L(\d{1,10}))?(?![\w-])/g;

/** Every well-formed reference in the text, in order. A backwards or zero range (`#L20-L10`, `#L0`) is plain text. */
export function parseLogRefs(text: string): LogLineRef[] {
  const refs: LogLineRef[] = [];
  for (const match of text.matchAll(LOG_REF)) {
    const startLine = Number(match[2]);
    const endLine = match[3] === undefined ? startLine : Number(match[3]);
    if (startLine < 1 || endLine < startLine || endLine > MAX_LOG_LINE) continue;
    refs.push({ logFileId: match[1] as string, startLine, endLine, start: match.index, end: match.index + match[0].length });
  }
  return refs;
}

/** The text cut into plain parts and references (concatenating every part's text gives the input back). */
export function splitEvidence(text: string): EvidencePart[] {
  const parts: EvidencePart[] = [];
  let at = 0;
  for (const ref of parseLogRefs(text)) {
    if (ref.start > at) parts.push({ kind: 'text', text: text.slice(at, ref.start) });
    parts.push({ kind: 'logRef', ref, text: text.slice(ref.start, ref.end) });
    at = ref.end;
  }
  if (at < text.length) parts.push({ kind: 'text', text: text.slice(at) });
  return parts;
}

/** The canonical spelling of a reference (single line: no range). */
export function formatLogRef(ref: Pick<LogLineRef, 'logFileId' | 'startLine' | 'endLine'>): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(ref.logFileId)) throw new RangeError(`Not a log file id: ${JSON.stringify(ref.logFileId)}`);
  if (!Number.isInteger(ref.startLine) || !Number.isInteger(ref.endLine) || ref.startLine < 1 || ref.endLine < ref.startLine || ref.endLine > MAX_LOG_LINE) {
    throw new RangeError(`Not a line range: ${ref.startLine}-${ref.endLine}`);
  }
  return ref.startLine === ref.endLine ? `log:${ref.logFileId}#L${ref.startLine}` : `log:${ref.logFileId}#L${ref.startLine}-L${ref.endLine}`;
}
