import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core (the engine behind most accessibility checkers) run on the page as it is now: the
 * WCAG 2.1 A/AA rules and axe's best practices. Returns the serious and critical findings, and
 * how many h1 the screen has (one names each screen).
 */
export async function auditAccessibility(page: Page): Promise<{ serious: AxeFinding[]; h1: number }> {
  // Evaluated over the DevTools protocol, which the app's Content-Security-Policy (script-src 'self') does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const serious = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      }));
  });
  const h1 = await page
    .locator('h1')
    .evaluateAll(
      (els) => els.filter((el) => el.getClientRects().length > 0 || el.classList.contains('sr-only')).length,
    );
  return { serious, h1 };
}
