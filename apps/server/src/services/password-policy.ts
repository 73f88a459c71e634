import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * What a password must be: at least MIN_PASSWORD_LENGTH characters, and not easy to guess as
 * zxcvbn-ts judges it (score >= 3 of 4: its common-password, name and keyboard-pattern lists,
 * repeats and sequences, and the username itself). Applies to created users, changed
 * passwords and ADMIN_PASSWORD alike.
 */

export const MIN_PASSWORD_LENGTH = 10;
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | null = null;
function strength(): ZxcvbnFactory {
  // Built on first use: the dictionaries are large and most requests never need them.
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator;
}

/** Why the password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: readonly string[] = []): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.trim() === '') return 'must not be blank';
  const result = strength().check(
    password,
    context.filter(Boolean).map((c) => c.toLowerCase()),
  );
  if (result.score < MIN_SCORE) {
    const hint = result.feedback.warning ?? result.feedback.suggestions[0] ?? null;
    return `is too easy to guess${hint ? ` (${hint.replace(/\.$/, '').toLowerCase()})` : ''}; use a longer passphrase`;
  }
  return null;
}
