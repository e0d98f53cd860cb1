import { afterEach, describe, expect, it } from 'vitest';
import { type AppServer, startAppServer, xml } from './__fixtures__/harness.js';
import { createVobizSandbox, type VobizSandbox } from './index.js';

let sandbox: VobizSandbox | undefined;
let app: AppServer | undefined;

afterEach(async () => {
  await sandbox?.close();
  await app?.close();
});

async function setUp(keepEndedCalls?: number) {
  app = await startAppServer({ '/answer': () => xml('<Wait length="600"/>'), '/hangup': () => '' });
  sandbox = await createVobizSandbox({
    authToken: 'secret-token',
    ...(keepEndedCalls !== undefined ? { keepEndedCalls } : {}),
  });
  const s = sandbox;
  const place = async () => {
    const call = s.placeInboundCall({
      from: '+919000000001',
      to: '+918000000000',
      answerUrl: `${app!.url}/answer`,
      hangupUrl: `${app!.url}/hangup`,
    });
    await call.waitFor('wait');
    return call;
  };
  const rest = (uuid: string) =>
    fetch(`${s.baseUrl}/Account/${s.authId}/Call/${uuid}/`, {
      headers: { 'X-Auth-ID': s.authId, 'X-Auth-Token': s.authToken },
    });
  return { s, place, rest };
}

describe('keepEndedCalls', () => {
  it('keeps every call by default', async () => {
    const { s, place } = await setUp();
    const calls = [await place(), await place(), await place()];
    for (const call of calls) call.hangup('caller');
    expect(s.calls().map((c) => c.uuid)).toEqual(calls.map((c) => c.uuid));
  });

  it('forgets the oldest ended calls beyond the limit, never a live one', async () => {
    const { s, place, rest } = await setUp(1);
    const [first, second, live] = [await place(), await place(), await place()];
    first.hangup('caller');
    expect(s.call(first.uuid)).toBe(first);
    second.hangup('caller');
    expect(s.call(first.uuid)).toBeUndefined();
    expect((await rest(first.uuid)).status).toBe(404);
    expect(s.call(second.uuid)).toBe(second);
    expect((await rest(second.uuid)).status).toBe(200);
    expect(s.call(live.uuid)).toBe(live);
    expect(s.calls().map((c) => c.uuid)).toEqual([second.uuid, live.uuid]);
    // A forgotten call still sends its own hang-up webhook.
    await first.waitFor('callback', { match: (e) => e.purpose === 'hangup' });
  });

  it('with 0, forgets a call as it ends; a bad limit is refused', async () => {
    const { s, place } = await setUp(0);
    const call = await place();
    call.hangup('caller');
    expect(s.calls()).toEqual([]);
    await expect(createVobizSandbox({ keepEndedCalls: -1 })).rejects.toThrow(RangeError);
  });
});
