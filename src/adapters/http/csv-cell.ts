/**
 * A CSV cell made safe against spreadsheet formula injection: text starting with = + - @ (or
 * tab/CR) is prefixed with a quote, so a spreadsheet shows it instead of evaluating it.
 * Every CSV export of the pages passes its cells through this.
 */
export function neutralise(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
