// One pass anchored on dashes: MACs (00-1A-2B-3C-4D-5E), US SSNs (NNN-NN-NNNN, structurally valid) and North
// American phone numbers (NNN-NNN-NNNN, (NNN) NNN-NNNN); a letter glued after either does not hide it (phoneEnd.ts).
import type { Emit, Rule } from './rule';
import { isDigit, isHex, isWord } from './rule';
import { letterMayFollow } from './phoneEnd';
import { ssnValid } from './validators';

const DASHED =
  /-(?:[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}(?![\w:-])|(\d\d)-(\d{4})(?![\d_-])|([2-9]\d\d)-(\d{4})(?![\d_-]|\.\d)|(\d{4})(?![\d_-]|\.\d))/g;
// What precedes "-NNNN" in (NNN) NNN-NNNN.
const PAREN_AREA = /\([2-9]\d\d\) ?[2-9]\d\d$/;

/** `count` characters of a kind just before `at`, and nothing glued before them. */
function exactlyBefore(text: string, at: number, count: number, isKind: (c: number) => boolean, glued: string): number {
  const start = at - count;
  if (start < 0) return -1;
  for (let i = start; i < at; i++) if (!isKind(text.charCodeAt(i))) return -1;
  if (start > 0 && (isWord(text.charCodeAt(start - 1)) || glued.includes(text[start - 1] as string))) return -1;
  return start;
}

function mac(text: string, m: RegExpExecArray, emit: Emit): void {
  const start = exactlyBefore(text, m.index, 2, isHex, ':.-');
  if (start < 0) return;
  const end = m.index + m[0].length;
  const hex = text.slice(start, end).replace(/-/g, '').toLowerCase();
  if (hex !== 'ffffffffffff' && hex !== '000000000000') emit('MAC', start, end); // not broadcast / unset
}

export const dashedRule: Rule = {
  types: ['MAC', 'SSN', 'Phone'],
  scan(text, emit) {
    DASHED.lastIndex = 0;
    for (let m = DASHED.exec(text); m; m = DASHED.exec(text)) {
      const end = m.index + m[0].length;
      if (m[1] !== undefined) {
        const start = exactlyBefore(text, m.index, 3, isDigit, '-');
        // A letter glued after it ends it (123-45-6789x), unless it makes it part of an id or a date (phoneEnd.ts).
        if (start >= 0 && letterMayFollow(text, end) && ssnValid(text.slice(start, m.index), m[1], m[2] as string)) emit('SSN', start, end);
      } else if (m[3] !== undefined) {
        const start = exactlyBefore(text, m.index, 3, isDigit, '.+/-');
        if (start >= 0 && text.charCodeAt(start) >= 50) emit('Phone', start, end); // area codes start with 2–9
      } else if (m[5] !== undefined) {
        const area = PAREN_AREA.exec(text.slice(Math.max(0, m.index - 10), m.index));
        const start = area ? m.index - area[0].length : -1;
        if (area && (start === 0 || !isWord(text.charCodeAt(start - 1)))) emit('Phone', start, end);
      } else mac(text, m, emit);
    }
  },
};
