import { performance } from 'node:perf_hooks';
import { HttpError } from './http-util.js';

/**
 * Account-wide CPS and concurrency limits. CPS counts calls initiated through the API in the last
 * second (real time, whatever the sandbox clock says); concurrency counts live calls, inbound too.
 */
export class RateLimiter {
  private readonly fired: number[] = [];

  constructor(
    private readonly cps: number | undefined,
    private readonly maxConcurrent: number | undefined,
  ) {}

  /** Throws the documented 429 if placing `count` more calls would break a limit. */
  checkCall(liveCalls: number, count: number): void {
    if (this.maxConcurrent !== undefined && liveCalls + count > this.maxConcurrent) {
      throw limitError('concurrency', this.maxConcurrent, liveCalls + count, 1);
    }
    if (this.cps !== undefined) {
      const now = performance.now();
      while (this.fired.length > 0 && now - this.fired[0]! >= 1000) this.fired.shift();
      if (this.fired.length + count > this.cps) {
        const oldest = this.fired[0] ?? now;
        const retryAfter = Math.max(1, Math.ceil((1000 - (now - oldest)) / 1000));
        throw limitError('cps', this.cps, this.fired.length + count, retryAfter);
      }
      for (let i = 0; i < count; i++) this.fired.push(now);
    }
  }

  /** Inbound calls are refused at the SIP layer rather than with a 429. */
  allowsInbound(liveCalls: number): boolean {
    return this.maxConcurrent === undefined || liveCalls < this.maxConcurrent;
  }
}

function limitError(
  limitType: 'cps' | 'concurrency',
  limit: number,
  current: number,
  retryAfter: number,
): HttpError {
  const what = limitType === 'cps' ? 'calls per second' : 'concurrent calls';
  return new HttpError(
    429,
    'RATE_LIMIT_EXCEEDED',
    `Too many ${what}: limit is ${limit}`,
    { limitType, limit, current, retryAfter },
    { 'Retry-After': String(retryAfter) },
  );
}
