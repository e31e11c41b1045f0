// A model's structured reply: the JSON object in a ```json fence, else the first balanced {…} in the text, checked
// against a zod schema. Models wrap JSON in prose and fences however they like; the check is strict.
import type { z } from 'zod';

export type AiReplyErrorCode = 'NO_JSON' | 'BAD_JSON' | 'INVALID_REPLY';

export class AiReplyError extends Error {
  constructor(
    readonly code: AiReplyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AiReplyError';
  }
}

/** The first balanced JSON object in `text`, from `from` on (braces inside strings do not count), or null. */
function balancedObject(text: string, from = 0): string | null {
  for (let start = text.indexOf('{', from); start >= 0; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        const candidate = text.slice(start, i + 1);
        try {
          JSON.parse(candidate);
          return candidate;
        } catch {
          break; // balanced but not JSON (prose with braces): try the next opening brace
        }
      }
    }
  }
  return null;
}

/** The JSON value of the reply's ```json fence (or any fence holding an object), else of its first balanced object. */
export function extractJson(reply: string): unknown {
  for (const match of reply.matchAll(/```[ \t]*(json|JSON)?[ \t]*\r?\n([\s\S]*?)```/g)) {
    const inside = (match[2] as string).trim();
    if (!match[1] && !inside.startsWith('{')) continue;
    try {
      return JSON.parse(inside);
    } catch {
      const object = balancedObject(inside);
      if (object) return JSON.parse(object);
      if (match[1]) throw new AiReplyError('BAD_JSON', 'The model answered with a JSON block that is not valid JSON. Try again, or pick a model that follows instructions more closely.');
    }
  }
  const object = balancedObject(reply);
  if (object === null) throw new AiReplyError('NO_JSON', 'The model did not answer with a JSON object as asked. Try again, or pick a model that follows instructions more closely.');
  return JSON.parse(object);
}

/** extractJson, then the schema; a mismatch names each field that is wrong. */
export function parseReply<S extends z.ZodType>(schema: S, reply: string, what: string): z.output<S> {
  const value = extractJson(reply);
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.length ? `${issue.path.map(String).join('.')}: ` : ''}${issue.message}`).join('; ');
    throw new AiReplyError('INVALID_REPLY', `The model's ${what} is not in the expected form (${problems}). Try again.`);
  }
  return result.data;
}
