import type { z } from 'zod';
import { AppError } from '../services/errors';

/** One zod issue as sent to clients: where, what, and zod's code (e.g. unrecognized_keys). */
function describe(issue: z.core.$ZodIssue) {
  return {
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
    ...('keys' in issue ? { keys: issue.keys } : {}),
  };
}

/** Parses with a protocol schema or throws a 400 `validation_failed` listing every issue. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError('validation_failed', `invalid ${what}`, { issues: result.error.issues.slice(0, 50).map(describe) });
  }
  return result.data;
}
