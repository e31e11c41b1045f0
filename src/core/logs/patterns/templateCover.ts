// Which template of another pattern set stands for a template. The miner makes a position a variable only when it
// takes several values (docs/patterns.md, clustering), so one event can be "user <*> from web" in a log where many
// users logged in and "user alice from web" in one where a single user did. A template with variables covers one of
// the same length whose every constant token is the same and whose every other token has the variable's shape.

const VARIABLE = '<*>';

interface Shape {
  readonly template: string;
  readonly tokens: readonly string[];
  /** Per token: how its text must look when the token holds a variable (`id=<*>,` → /^id=.+,$/), else undefined. */
  readonly matchers: readonly (RegExp | undefined)[];
  /** Tokens other than a bare <*>: how specific the template is. */
  readonly constants: number;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The template's shape when it can cover others: a variable, and constant tokens for at least half of it. */
function generalShape(template: string): Shape | undefined {
  if (!template.includes(VARIABLE)) return undefined;
  const tokens = template.split(' ');
  const matchers = tokens.map((t) => (t.includes(VARIABLE) ? new RegExp(`^${t.split(VARIABLE).map(escapeRegExp).join('.+')}$`, 's') : undefined));
  const constants = tokens.filter((t) => t !== VARIABLE).length;
  // "<*> <*>" or "<*> failed <*> <*>" would take in unrelated lines of that length.
  return constants > 0 && constants * 2 >= tokens.length ? { template, tokens, matchers, constants } : undefined;
}

function covers(shape: Shape, tokens: readonly string[]): boolean {
  if (tokens.length !== shape.tokens.length) return false;
  for (let i = 0; i < tokens.length; i++) {
    const matcher = shape.matchers[i];
    if (matcher ? !matcher.test(tokens[i] as string) : tokens[i] !== shape.tokens[i]) return false;
  }
  return true;
}

/**
 * For each template of `side` that `other` does not have, the most specific template of `other` covering it (more
 * constant tokens first, then the longer text, then the first in order), when one does.
 */
export function coveringTemplates(side: Iterable<string>, other: Iterable<string>): Map<string, string> {
  const others = new Set(other);
  const byLength = new Map<number, Shape[]>();
  for (const template of others) {
    const shape = generalShape(template);
    if (!shape) continue;
    const sameLength = byLength.get(shape.tokens.length);
    if (sameLength) sameLength.push(shape);
    else byLength.set(shape.tokens.length, [shape]);
  }
  const cover = new Map<string, string>();
  if (!byLength.size) return cover;
  for (const template of side) {
    if (others.has(template)) continue;
    const tokens = template.split(' ');
    let best: Shape | undefined;
    for (const shape of byLength.get(tokens.length) ?? []) {
      if (shape.template === template || !covers(shape, tokens)) continue;
      if (!best || shape.constants > best.constants || (shape.constants === best.constants && (shape.template.length > best.template.length || (shape.template.length === best.template.length && shape.template < best.template)))) best = shape;
    }
    if (best) cover.set(template, best.template);
  }
  return cover;
}
