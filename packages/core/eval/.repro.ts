import { createHandoff } from '../src/index.ts';
import { FakeTransferProvider } from '../src/testing/index.ts';
import { SCENARIOS } from '../../gateway/src/demo/scenarios.ts';

for (const s of SCENARIOS) {
  const handoff = createHandoff({
    transfer: new FakeTransferProvider(),
    gatewayUrl: 'https://gw.example.com',
    destinations: { loans: { number: '+919800000001', label: 'RM' }, triage: { number: '+919800000002', label: 'Nurse' }, support: { number: '+919800000003', label: 'Care' } },
  });
  const session = handoff.startSession({ callId: s.key, platform: 'demo', autoTransfer: false });
  for (const l of s.lines) session.addTurn({ role: l.role, text: l.text });
  if (s.toolCall) session.applyArgs(s.toolCall as never);
  const ctx = session.context();
  if (s.toolCall?.sentiment) ctx.extracted.sentiment = s.toolCall.sentiment;
  console.log('=====', s.key);
  console.log(JSON.stringify({ ...ctx.extracted, sentimentTrajectory: undefined }, null, 1));
  console.log(ctx.summary);
  console.log('WHISPER:', handoff.render.whisper(ctx));
}
