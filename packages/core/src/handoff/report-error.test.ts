import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../store/memory-store.js';
import type { TransferProvider } from '../transfer.js';
import { createHandoff } from './handoff.js';

// Monday 2026-11-23 10:00 in Kolkata: the destination is open.
const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);
const SECRET = 'auth-token-never-logged';

/** The shape of the Vobiz client's error for bad credentials: typed by name, code and status. */
class CarrierError extends Error {
  override readonly name = 'VobizError';
  readonly code = 'unauthorized';
  readonly status = 401;
  // What a careless client might hang on its error: the log line must not carry it.
  readonly headers = { authorization: `Basic ${SECRET}` };
}

const refusing: TransferProvider = {
  name: 'refuses',
  transfer: async () => {
    throw new CarrierError('Authentication failed for this account');
  },
};

function core(onError?: (error: unknown, where: string) => void) {
  return createHandoff({
    transfer: refusing,
    gatewayUrl: 'https://gw.example.com',
    destinations: { loans: { number: '+919800000001', label: 'Loans' } },
    store: new MemoryStore(),
    now: () => MONDAY_10_IST,
    ...(onError ? { onError } : {}),
  });
}

async function failTransfer(handoff: ReturnType<typeof core>): Promise<void> {
  const session = handoff.startSession({ callId: 'c-1', platform: 'x' });
  await session.transfer({ reason: 'wants a human', department: 'loans' });
  for (let i = 0; i < 500 && (await handoff.forCall('c-1'))?.status !== 'failed'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  expect((await handoff.forCall('c-1'))?.status).toBe('failed');
}

afterEach(() => vi.restoreAllMocks());

describe('a failed transfer without onError (issue 14, item 8)', () => {
  it('is logged to the provided logger with its typed cause, and no secret', async () => {
    const handoff = core();
    const calls: unknown[][] = [];
    handoff.provideLogger({ warn: (...args: unknown[]) => calls.push(args) });
    await failTransfer(handoff);
    const [fields, message] = calls.find(([, m]) => String(m).includes('transfer-provider')) ?? [];
    expect(message).toBe('[handoff] transfer-provider failed');
    expect(fields).toMatchObject({
      where: 'transfer-provider',
      cause: expect.stringContaining('VobizError(unauthorized, status 401): Authentication failed'),
    });
    expect(JSON.stringify(calls)).not.toContain(SECRET);
    await handoff.close();
  });

  it('falls back to console.warn when nothing provided a logger', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const handoff = core();
    await failTransfer(handoff);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        where: 'transfer-provider',
        cause: expect.stringContaining('VobizError(unauthorized'),
      }),
      '[handoff] transfer-provider failed',
    );
    await handoff.close();
  });

  it("goes to the deployment's onError instead when it has one", async () => {
    const seen: Array<[unknown, string]> = [];
    const handoff = core((error, where) => seen.push([error, where]));
    const lines: unknown[][] = [];
    handoff.provideLogger({ warn: (...args: unknown[]) => lines.push(args) });
    await failTransfer(handoff);
    expect(
      seen.some(([error, where]) => where === 'transfer-provider' && error instanceof CarrierError),
    ).toBe(true);
    expect(lines).toEqual([]);
    await handoff.close();
  });
});
