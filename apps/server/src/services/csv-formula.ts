/**
 * CSV injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or
 * CR before one) as a formula, and a quoted line break starts a new line of the sheet's view in
 * some readers. Exports put a `'` before such a start, at the start of the cell and after every
 * line break inside it; imports take exactly that `'` off again, so an export reads back as it was.
 * The fullwidth forms count too: some spreadsheets fold them to the ASCII ones.
 */

const FORMULA_START = '=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20';
const NEEDS_ESCAPE = new RegExp(`(^|\\r\\n|\\n|\\r)(?=[${FORMULA_START}])`, 'g');
const ESCAPED = new RegExp(`(^|\\r\\n|\\n|\\r)'(?=[${FORMULA_START}])`, 'g');

/** `'` before every formula start: at the start of the cell and after each line break in it. */
export function escapeFormulas(cell: string): string {
  return cell.replace(NEEDS_ESCAPE, "$1'");
}

/** The inverse of escapeFormulas, for an imported cell. */
export function unescapeFormulas(cell: string): string {
  return cell.replace(ESCAPED, '$1');
}
