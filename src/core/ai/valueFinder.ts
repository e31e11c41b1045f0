// Finds known values (a log's reviewed PII values) wherever they occur inside a short text (a pattern's template),
// ignoring ASCII case. The values may number hundreds of thousands and the texts are short, so each value is filed
// under its first few characters and the text is walked once, trying only the values filed under what starts at
// each position: the work follows the text's length, not the number of values.

export interface FoundValue {
  start: number;
  end: number;
  type: string;
}

/** Characters a value is filed under; shorter values are searched one by one (there are few). */
const KEY_LENGTH = 3;

/** ASCII letters lowered: the length stays the same, so offsets found in the lowered text hold in the original. */
export const asciiLower = (text: string): string => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

interface Filed {
  /** The distinct lengths of the values filed here, so a position costs one lookup per length, not per value. */
  lengths: number[];
  /** Lowered value → its type. */
  values: Map<string, string>;
}

export class ValueFinder {
  private readonly byKey = new Map<string, Filed>();
  private readonly short: { lowered: string; type: string }[] = [];

  constructor(values: Iterable<{ value: string; type: string }>) {
    for (const { value, type } of values) {
      if (!value) continue;
      const lowered = asciiLower(value);
      if (lowered.length < KEY_LENGTH) {
        this.short.push({ lowered, type });
        continue;
      }
      const key = lowered.slice(0, KEY_LENGTH);
      let filed = this.byKey.get(key);
      if (!filed) this.byKey.set(key, (filed = { lengths: [], values: new Map() }));
      if (!filed.values.has(lowered)) filed.values.set(lowered, type);
      if (!filed.lengths.includes(lowered.length)) filed.lengths.push(lowered.length);
    }
  }

  /** Every occurrence of every value in `text` (overlapping ones too), in no particular order. */
  find(text: string): FoundValue[] {
    const lowered = asciiLower(text);
    const found: FoundValue[] = [];
    for (let i = 0; i + KEY_LENGTH <= lowered.length; i++) {
      const filed = this.byKey.get(lowered.slice(i, i + KEY_LENGTH));
      if (!filed) continue;
      for (const length of filed.lengths) {
        const type = i + length <= lowered.length ? filed.values.get(lowered.slice(i, i + length)) : undefined;
        if (type !== undefined) found.push({ start: i, end: i + length, type });
      }
    }
    for (const c of this.short) {
      for (let at = lowered.indexOf(c.lowered); at >= 0; at = lowered.indexOf(c.lowered, at + 1)) found.push({ start: at, end: at + c.lowered.length, type: c.type });
    }
    return found;
  }
}

/** Characters of the pieces a value is checked by before it is searched for whole. */
const GRAM = 4;

/**
 * A test of whether a value occurs in `text` (both ASCII-lowered), cheap enough to run over every reviewed value of
 * a large log: a value occurs only if its first, middle and last four characters do, which rules out nearly all of
 * them with three set lookups; the few left are searched for whole.
 */
export function occursIn(text: string): (value: string) => boolean {
  const grams = new Set<string>();
  for (let i = 0; i + GRAM <= text.length; i++) grams.add(text.slice(i, i + GRAM));
  return (value) => {
    if (value.length < GRAM) return value.length > 0 && text.includes(value);
    const middle = (value.length - GRAM) >> 1;
    return grams.has(value.slice(0, GRAM)) && grams.has(value.slice(-GRAM)) && grams.has(value.slice(middle, middle + GRAM)) && text.includes(value);
  };
}
