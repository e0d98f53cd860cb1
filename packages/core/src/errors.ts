export type HandoffErrorCode =
  | 'invalid_arguments'
  | 'unknown_department'
  | 'text_too_long'
  | 'invalid_options'
  | 'session_not_found'
  | 'session_ended'
  | 'handoff_not_found'
  | 'invalid_transition'
  | 'no_destination'
  | 'after_hours'
  | 'transfer_failed'
  | 'store_conflict'
  | 'store_unavailable'
  | 'xml_too_large'
  | 'invalid_xml'
  | 'invalid_message';

/**
 * Every error the core raises on purpose is a `HandoffError`, so callers can branch on `code`
 * instead of parsing messages. `issues` carries field-level details for validation failures.
 */
export class HandoffError extends Error {
  override readonly name = 'HandoffError';
  readonly code: HandoffErrorCode;
  readonly issues?: Array<{ path: string; message: string }>;

  constructor(
    code: HandoffErrorCode,
    message: string,
    options?: { cause?: unknown; issues?: Array<{ path: string; message: string }> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options?.issues) this.issues = options.issues;
  }
}

export function isHandoffError(error: unknown, code?: HandoffErrorCode): error is HandoffError {
  return error instanceof HandoffError && (code === undefined || error.code === code);
}
