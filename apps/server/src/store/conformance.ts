import { describe } from 'vitest';
import { alertSuite } from './conformance/alerts.suite';
import { locationSuite } from './conformance/locations.suite';
import { locationPullSuite } from './conformance/locations-pull.suite';
import { movementSuite } from './conformance/movements.suite';
import { officeSuite } from './conformance/office.suite';
import { packSuite } from './conformance/packs.suite';
import { oracleSuite, serialOrderSuite } from './conformance/oracle.suite';
import { readSuite } from './conformance/reads.suite';
import { securitySuite } from './conformance/security.suite';
import { reviewSuite } from './conformance/review.suite';
import { siteSuite } from './conformance/site.suite';
import { unknownCodeSuite } from './conformance/unknown-codes.suite';
import type { Store } from './core/port';

export interface ConformanceOptions {
  /** fast-check runs of the oracle property; each run opens a fresh store. */
  propertyRuns?: number;
}

/**
 * The one suite every Store adapter must pass. `open` returns a fresh, empty store each time;
 * the suite closes what it opens.
 */
export function describeStoreConformance(
  name: string,
  open: () => Promise<Store>,
  options: ConformanceOptions = {},
): void {
  describe(`Store conformance: ${name}`, () => {
    describe('movements', () => movementSuite(open));
    describe('locations (bins)', () => locationSuite(open));
    describe('locations pull (protocol 7)', () => locationPullSuite(open));
    describe('alerts (I6)', () => alertSuite(open));
    describe('reads', () => readSuite(open));
    describe('back office', () => officeSuite(open));
    describe('pack barcodes', () => packSuite(open));
    describe('security', () => securitySuite(open));
    describe('review list', () => reviewSuite(open));
    describe('unknown codes', () => unknownCodeSuite(open));
    describe('store move (loadSite)', () => siteSuite(open));
    describe('oracle', () => {
      oracleSuite(open, options.propertyRuns ?? 30);
      serialOrderSuite(open, Math.max(5, Math.round((options.propertyRuns ?? 30) / 2)));
    });
  });
}
