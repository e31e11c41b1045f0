// Ids as commands receive them (from menus, links, other extensions, tests), checked by hand rather than with zod:
// the views that read them load at activation, before any schema is needed.
export const MAX_ID_LENGTH = 100;

/** The value when it is an id (a string of 1 to MAX_ID_LENGTH characters). */
export function idOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length >= 1 && value.length <= MAX_ID_LENGTH ? value : undefined;
}

/** `id`, `[id, …]`, `{ id }`, `{ ids: [...] }` or `{ issueId }` as a list of ids; undefined for anything else. */
export function idsOf(value: unknown): string[] | undefined {
  const list = (ids: unknown) => (Array.isArray(ids) && ids.length > 0 && ids.every((one) => idOf(one)) ? (ids as string[]) : undefined);
  if (typeof value === 'string') return idOf(value) ? [value] : undefined;
  if (Array.isArray(value)) return list(value);
  if (!value || typeof value !== 'object') return undefined;
  const { id, ids, issueId } = value as { id?: unknown; ids?: unknown; issueId?: unknown };
  const one = idOf(id) ?? idOf(issueId);
  return one ? [one] : list(ids);
}
