import { afterEach, describe, expect, it } from 'vitest';
import { CALLER, DID, human, LOANS, type Stack, SUPPORT, start } from './__fixtures__/conference-stack.js';
import { until, waitForStatus } from './__fixtures__/harness.js';
import type { ConsultSession } from './conference-consult.js';

// What the human hears on a conference leg is in their language (issue 17): by default the
// caller's (a caller is routed to people who speak it), or `conference.humanLanguage`.

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** The keys prompt waits 10 Vobiz seconds: 1 s here, time enough for a loaded machine to press. */
const SLOWER = { timeScale: 0.1 };
const ANSWER = { kind: 'answer' as const, afterMs: 20 };

/** A caller who says `words` and asks for a person; resolves once the handoff has started. */
async function callAndTransfer(s: Stack, words: string) {
  const call = s.sandbox.placeInboundCall({
    from: CALLER,
    to: DID,
    answerUrl: `${s.gateway.publicUrl}/vobiz/answer`,
    hangupUrl: `${s.gateway.publicUrl}/vobiz/hangup`,
  });
  await call.waitFor('stream_connected');
  const session = s.handoff.session(call.uuid)!;
  session.addTurn({ role: 'caller', text: words });
  const { handoffId } = await session.transfer({ reason: 'Caller wants a home loan', department: 'loans' });
  return { call, handoffId };
}

const HINDI_CALLER = 'मेरा नाम आशा राव है और मुझे होम लोन चाहिए';

describe('the human’s lines on the conference leg, in their language (Vobiz sandbox end to end)', () => {
  it('a Hindi-speaking caller: the human hears the keys prompt and the thanks for a no in Hindi', async () => {
    stack = await start({
      sandbox: { ...SLOWER, endpoints: { [LOANS]: ANSWER, [SUPPORT]: ANSWER } },
      gateway: { conference: { consult: 'keys' } },
    });
    const { handoffId } = await callAndTransfer(stack, HINDI_CALLER);
    const loans = await human(stack, LOANS);
    await loans.waitFor('speak', { match: (e) => e.text.includes('कॉल लेने के लिए 1 दबाइए') });
    expect(loans.events('speak').some((e) => e.text.includes('Press 1'))).toBe(false);
    loans.pressDigits('2');
    await loans.waitFor('speak', { match: (e) => e.text.includes('हम किसी और को ढूँढ लेंगे') });
    await loans.waitFor('hangup');
    // The next human, rung for the same caller, hears Hindi too; 1 puts them through.
    const support = await human(stack, SUPPORT);
    await support.waitFor('speak', { match: (e) => e.text.includes('कॉल लेने के लिए') });
    support.pressDigits('1');
    const record = await waitForStatus(stack.handoff, handoffId, 'connected');
    expect(record.context.extracted.language).toBe('hi');
  });

  it('`conference.humanLanguage` fixes the human’s language whatever the caller speaks', async () => {
    stack = await start({
      sandbox: { ...SLOWER, endpoints: { [LOANS]: ANSWER } },
      gateway: { conference: { consult: 'keys', humanLanguage: 'hi-Latn' } },
    });
    const { call, handoffId } = await callAndTransfer(stack, 'My name is Asha Rao and I want a home loan');
    const loans = await human(stack, LOANS);
    await loans.waitFor('speak', { match: (e) => e.text.includes('Call lene ke liye 1 dabaiye') });
    loans.pressDigits('1');
    await call.waitFor('conference_joined');
    const record = await waitForStatus(stack.handoff, handoffId, 'connected');
    expect(record.context.extracted.language).toBe('en');
  });

  it('an English caller with no setting: the prompt in English, as before', async () => {
    stack = await start({
      sandbox: { ...SLOWER, endpoints: { [LOANS]: ANSWER } },
      gateway: { conference: { consult: 'keys' } },
    });
    await callAndTransfer(stack, 'My name is Asha Rao and I want a home loan');
    const loans = await human(stack, LOANS);
    await loans.waitFor('speak', { match: (e) => e.text.includes('Press 1 to take the call') });
  });

  it('the stream consult’s session carries the same language for the agent to speak', async () => {
    stack = await start({
      sandbox: { endpoints: { [LOANS]: ANSWER } },
      gateway: { conference: { consult: 'stream' } },
    });
    const sessions: ConsultSession[] = [];
    stack.gateway.onConsult((_socket, session) => {
      sessions.push(session);
      void session.accept();
    });
    const { handoffId } = await callAndTransfer(stack, HINDI_CALLER);
    await until(() => sessions.length > 0 || undefined);
    expect(sessions[0]!.language).toBe('hi');
    await waitForStatus(stack.handoff, handoffId, 'connected');
  });
});
