// Search text as FTS5 queries over issues_search (the search box and the repository's filter).

/**
 * Any text as an FTS5 phrase that matches it literally: the search box's fallback when a query is not valid
 * FTS5 syntax. Never produces a syntax error: quotes are doubled, NUL (which would cut the bound text short
 * and leave the quote open) is dropped; operators and `*` inside a phrase are plain words or punctuation.
 * Blank text gives '' (no search).
 */
export function phraseQuery(text: string): string {
  const clean = text.replace(/\0/g, '').trim();
  return clean ? `"${clean.replace(/"/g, '""')}"` : '';
}

/**
 * Filter-as-you-type: every word becomes a quoted prefix term, all required ("data base" → "data"* "base"*).
 * Words without a letter or digit are dropped (the tokenizer would ignore them anyway). Blank text gives ''.
 */
export function wordsQuery(text: string): string {
  return text
    .replace(/\0/g, '')
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .map((word) => `"${word.replace(/"/g, '""')}"*`)
    .join(' ');
}
