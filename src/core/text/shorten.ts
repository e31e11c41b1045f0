// Cutting text to a field's limit (counted in UTF-16 units, as JavaScript and the services count): never between the
// two halves of a surrogate pair, whose lone half a service stores as garbage or refuses.

/** The text within `max` units: as it is, or cut between characters and ended with '…'. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
}
