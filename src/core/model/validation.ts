import type { z } from 'zod';

export interface ValidationProblem {
  /** Dotted path of the field ('' for the input as a whole). */
  path: string;
  message: string;
}

/** Invalid input, with one readable sentence per problem (a raw ZodError's message is a JSON dump). */
export class ValidationError extends Error {
  readonly code = 'VALIDATION';
  readonly details: { issues: ValidationProblem[] };

  constructor(what: string, issues: ValidationProblem[]) {
    super(`Invalid ${what}: ${issues.map((issue) => (issue.path ? `${issue.message} (${issue.path})` : issue.message)).join(' ')}`);
    this.name = 'ValidationError';
    this.details = { issues };
  }

  static fromZod(what: string, error: z.ZodError): ValidationError {
    return new ValidationError(what, error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })));
  }
}

/** Parses with a schema; failures become a ValidationError naming what was invalid. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(what, result.error);
  return result.data;
}
