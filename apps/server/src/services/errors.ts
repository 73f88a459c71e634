import type { ErrorCode } from '@stockline/protocol';

/** A refusal the HTTP layer turns into `{"error": {code, message, details}}` with STATUS_OF[code]. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'not allowed for your role') => new AppError('forbidden', message);
