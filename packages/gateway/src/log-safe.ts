const MAX_LOGGED_CHARS = 200;

/**
 * Request-controlled text as it may appear in a log line: control characters (a decoded `%0a`
 * would start a forged line), quotes and backslashes escaped, and bounded, so an unauthenticated
 * request can neither write a line of its own nor flood the log.
 */
export function logSafe(text: string): string {
  const bounded = text.length > MAX_LOGGED_CHARS ? `${text.slice(0, MAX_LOGGED_CHARS)}…` : text;
  return bounded.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029"\\]/g, (ch) =>
    ch === '"' || ch === '\\' ? `\\${ch}` : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
