// Token counts before a provider has told us any: an estimate of four characters per token (English text and
// log lines average 3.5–4.5 with the common tokenizers). Used for the context budget and for messages whose
// provider reports no usage (stored with the `estimated` flag).

export const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** The text cut to at most `tokens` (estimated), at the last line break that keeps it within, else mid-line. */
export function cutToTokens(text: string, tokens: number): string {
  const max = Math.max(0, Math.floor(tokens * CHARS_PER_TOKEN));
  if (text.length <= max) return text;
  const lineEnd = text.lastIndexOf('\n', max);
  const cut = lineEnd > max / 2 ? text.slice(0, lineEnd) : text.slice(0, max);
  // Never end between the two halves of a surrogate pair.
  return cut.replace(/[\uD800-\uDBFF]$/, '');
}
