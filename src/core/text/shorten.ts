// Cutting text to a field's limit (counted in UTF-16 units, as JavaScript and the services count): never between the
// two halves of a surrogate pair, whose lone half a service stores as garbage or refuses.

/** The text within `max` units: as it is, or cut between characters and ended with '…'. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${prefixWithin(text, max - 1)}…`;
}

/** The longest start of the text within `max` units that does not end inside a surrogate pair. */
export function prefixWithin(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
