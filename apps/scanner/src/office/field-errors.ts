import { RequestFailed } from '@stockline/replica';
import { messageOf } from '../online/error-text';

/** What a refused form submission says: a message per field the server named, and anything else. */
export interface FieldErrors<F extends string> {
  byField: Partial<Record<F, string>>;
  /** A message no field owns (the network, a role, a clash the server did not place); null when every message found its field. */
  other: string | null;
}

/**
 * Places the server's refusal on the form's fields: a 400 lists zod issues by path
 * (`{issues: [{path: 'code', message}]}`), a 409 names the clashing field (`{field: 'barcode'}`).
 */
export function fieldErrorsOf<F extends string>(err: unknown, fields: readonly F[]): FieldErrors<F> {
  const byField: Partial<Record<F, string>> = {};
  const isField = (name: unknown): name is F =>
    typeof name === 'string' && (fields as readonly string[]).includes(name);
  if (err instanceof RequestFailed && err.details && typeof err.details === 'object') {
    const details = err.details as { issues?: unknown; field?: unknown };
    if (Array.isArray(details.issues)) {
      for (const issue of details.issues as Array<{ path?: unknown; message?: unknown }>) {
        if (isField(issue.path) && typeof issue.message === 'string') byField[issue.path] ??= issue.message;
      }
    }
    if (isField(details.field)) byField[details.field] = err.serverMessage ?? messageOf(err);
  }
  return { byField, other: Object.keys(byField).length > 0 ? null : messageOf(err) };
}
