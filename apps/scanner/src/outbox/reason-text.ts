import type { MovementType, RejectionReason } from '@stockline/domain';
import { i18n } from '../i18n/i18n';

/**
 * What each movement type is called on the floor, in the interface language. Getters, so a
 * label read after a language switch is in the new language.
 */
export const MOVEMENT_LABEL: Readonly<Record<MovementType, string>> = {
  get purchase() {
    return i18n.t('movement.type.purchase');
  },
  get return() {
    return i18n.t('movement.type.return');
  },
  get restock() {
    return i18n.t('movement.type.restock');
  },
  get transfer() {
    return i18n.t('movement.type.transfer');
  },
  get count() {
    return i18n.t('movement.type.count');
  },
};

/**
 * A rejection in words a clerk understands: what happened and, where there is one, what to do.
 * The wire carries a code (see protocol); only the screen turns it into a sentence.
 */
export function reasonText(reason: RejectionReason | undefined, type: MovementType): string {
  const what = i18n.t(`movement.what.${type}`);
  return reason ? i18n.t(`movement.reason.${reason}`, { what }) : i18n.t('movement.reason.other', { what });
}
