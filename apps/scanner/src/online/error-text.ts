import { RequestFailed } from '@stockline/replica';
import type { ErrorCode } from '@stockline/protocol';
import { i18n } from '../i18n/i18n';

/** Said when the server cannot be reached, in the interface language of the moment. */
export const offlineMessage = (): string => i18n.t('office.offline');

const CODES_WITH_A_MESSAGE = [
  'unauthorized',
  'token_expired',
  'forbidden',
  'rate_limited',
  'payload_too_large',
  'unavailable',
  'internal',
] as const;
type CodeWithMessage = (typeof CODES_WITH_A_MESSAGE)[number];
const hasMessage = (code: string): code is CodeWithMessage =>
  (CODES_WITH_A_MESSAGE as readonly string[]).includes(code);
/** Validation and conflict messages name the field or the clash: those are worth showing as sent. */
const SHOWN_AS_SENT: readonly ErrorCode[] = ['validation_failed', 'conflict', 'not_found'];

/**
 * What to tell a person about a failed online call, in the interface language: the server's own
 * sentence where it names what to fix, else a sentence for the kind of failure.
 */
export function messageOf(err: unknown): string {
  if (!(err instanceof RequestFailed)) return err instanceof Error ? err.message : String(err);
  if (err.code === 'network') return offlineMessage();
  if (err.code === 'unreadable') return i18n.t('office.error.unreadable');
  if (err.serverMessage === undefined) return i18n.t('office.error.refused', { status: err.status });
  if ((SHOWN_AS_SENT as readonly string[]).includes(err.code)) return err.serverMessage;
  return hasMessage(err.code) ? i18n.t(`office.error.${err.code}`) : err.serverMessage;
}
