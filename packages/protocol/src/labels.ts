import { z } from 'zod';
import { Id } from './common';

/**
 * Printed labels. `a4-3x8`: A4 sheets of 3 × 8 labels of 70 × 37 mm (the common office label
 * sheet); `roll-62mm`: one 62 × 29 mm label per page, for 62 mm continuous roll printers.
 */
export const LABEL_LAYOUTS = ['a4-3x8', 'roll-62mm'] as const;
export const LabelLayout = z.enum(LABEL_LAYOUTS);
export type LabelLayout = z.infer<typeof LabelLayout>;

/**
 * At most this many labels per request: eight A4 sheets. The ids travel in the URL, and a proxy
 * refuses long request lines (nginx: 8 KiB by default, 414); 192 ids with their commas written
 * as %2C make about 7.5 KiB.
 */
export const MAX_LABELS = 192;

/**
 * `GET /labels/products.pdf?ids=a,b,c&layout=…`: one label per id, in the order given; an id
 * given twice prints twice. The ids come comma-separated in one parameter.
 */
export const ProductLabelsQuery = z.strictObject({
  ids: z
    .string()
    .max(MAX_LABELS * 37)
    .transform((s) => s.split(','))
    .pipe(z.array(Id).min(1).max(MAX_LABELS)),
  layout: LabelLayout,
});
export type ProductLabelsQuery = z.infer<typeof ProductLabelsQuery>;
