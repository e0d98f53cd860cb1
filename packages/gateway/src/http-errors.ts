import { type HandoffErrorCode, isHandoffError } from '@handoff/core';

/** An error with the HTTP status and machine-readable code the client gets. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 500 | 501 | 502 | 503,
    readonly code: string,
    message: string,
    readonly issues?: Array<{ path: string; message: string }>,
  ) {
    super(message);
  }
}

const STATUS_OF: Partial<Record<HandoffErrorCode, HttpError['status']>> = {
  invalid_arguments: 422,
  unknown_department: 422,
  text_too_long: 422,
  no_destination: 422,
  invalid_message: 400,
  handoff_not_found: 404,
  session_not_found: 404,
  session_ended: 409,
  invalid_transition: 409,
  store_conflict: 409,
  store_unavailable: 503,
  transfer_failed: 502,
};

/** Turns anything thrown into the error the client sees; unknown errors become a bare 500. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (isHandoffError(error)) {
    const status = STATUS_OF[error.code] ?? 500;
    // A 500 from a core invariant says nothing about internals to the caller.
    if (status === 500) return new HttpError(500, 'internal_error', 'Internal error');
    return new HttpError(status, error.code, error.message, error.issues);
  }
  return new HttpError(500, 'internal_error', 'Internal error');
}

export function jsonError(error: HttpError): Response {
  const body: { error: { code: string; message: string; issues?: unknown } } = {
    error: { code: error.code, message: error.message },
  };
  if (error.issues) body.error.issues = error.issues;
  return Response.json(body, { status: error.status });
}

/** Vobiz only needs the status; the text is for whoever reads the access log. */
export function textError(error: HttpError): Response {
  return new Response(`${error.code}: ${error.message}\n`, {
    status: error.status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
