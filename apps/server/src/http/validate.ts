import type { z } from 'zod';
import { AppError } from '../services/errors';

/** Error details stay small whatever the input: a few issues, a few keys, short texts. */
const MAX_ISSUES = 20;
const MAX_KEYS = 10;
const MAX_TEXT = 200;
const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);

/** One zod issue as sent to clients: where, what, and zod's code (e.g. unrecognized_keys). */
function describe(issue: z.core.$ZodIssue) {
  const keys = 'keys' in issue && Array.isArray(issue.keys) ? issue.keys : null;
  return {
    path: clip(issue.path.map(String).join('.')),
    code: issue.code,
    message: clip(issue.message),
    ...(keys
      ? {
          keys: keys.slice(0, MAX_KEYS).map(clip),
          ...(keys.length > MAX_KEYS ? { moreKeys: keys.length - MAX_KEYS } : {}),
        }
      : {}),
  };
}

/** Parses with a protocol schema or throws a 400 `validation_failed` listing every issue. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const { issues } = result.error;
    throw new AppError('validation_failed', `invalid ${what}`, {
      issues: issues.slice(0, MAX_ISSUES).map(describe),
      ...(issues.length > MAX_ISSUES ? { moreIssues: issues.length - MAX_ISSUES } : {}),
    });
  }
  return result.data;
}
