const MAX_MESSAGE_CHARS = 300;

/**
 * An error as one log-safe line that keeps its type: `VobizError(unauthorized, status 401): …`.
 * Carrier errors name their code and HTTP status, never the credentials they were sent with.
 */
export function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return `non-error thrown: ${bounded(String(error))}`;
  const tags = [field(error, 'code'), statusOf(error)].filter((tag) => tag !== undefined);
  const type = tags.length > 0 ? `${error.name}(${tags.join(', ')})` : error.name;
  const inner =
    error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${bounded(error.cause.message)})` : '';
  return `${type}: ${bounded(error.message)}${inner}`;
}

function field(error: Error, key: string): string | undefined {
  const value: unknown = Reflect.get(error, key);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function statusOf(error: Error): string | undefined {
  const status = field(error, 'status');
  return status === undefined ? undefined : `status ${status}`;
}

function bounded(text: string): string {
  const line = text.replace(/[\r\n]+/g, ' ');
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS)}…` : line;
}
