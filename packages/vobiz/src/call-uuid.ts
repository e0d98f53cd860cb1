/**
 * Vobiz allows only `[A-Za-z0-9]` in `sipHeaders` values, so a call UUID rides on SIP headers
 * (`<Dial sipHeaders="handoffCall=…">`, received as `X-VH-handoffCall`) without its dashes and gets
 * them back on the far side. The gateway compacts; every plugin restores with the same function.
 */
export function compactCallUuid(callUuid: string): string {
  return callUuid.replace(/[^A-Za-z0-9]/g, '');
}

/**
 * Re-inserts the dashes of a UUID sent as 32 hex digits (`X-VH-handoffCall`), keeping its case.
 * Anything that is not 32 hex digits comes back trimmed and otherwise unchanged: it may be a call
 * id of another shape.
 */
export function restoreCallUuid(compact: string): string {
  const hex = compact.trim();
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return hex;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
