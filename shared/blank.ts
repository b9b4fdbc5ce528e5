/**
 * The one blank test of the project (CONTRACT.md §2: "a blank optional argument means none"; §3: "a blank or null
 * `receivedBefore` means 0"; issue 13: blank and null mean none on every optional argument): an empty cell (''), null
 * or undefined (JSON null, an absent field, a short row), or text of only whitespace. The add-on and the API both read
 * optional codes, amounts and dates through it (lookupOptionalCode, parseOptionalYuan, parseOptionalCalendarDate), so
 * they agree on blanks.
 */
export function isBlank(value: unknown): boolean {
  return value === '' || value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}
