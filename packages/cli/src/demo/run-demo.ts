import { LIVE } from '@handoff/core';
import { createGateway, createLogger } from '@handoff/gateway';
import { createVobizSandbox, type SandboxCall } from '@handoff/vobiz-sandbox';
import { demoHandoff } from './config.js';
import { SCENARIOS, type Scenario } from './scenarios.js';
import { scriptedAgent } from './scripted-agent.js';
import { formatTimeline } from './timeline.js';

export interface DemoOptions {
  /** Exit after the three scenarios instead of serving the desk until stopped. */
  once?: boolean;
  port?: number;
  host?: string;
  /** Speeds the simulated world up (tests); 1 is real time. */
  speed?: number;
  log?: (line: string) => void;
}

export interface DemoOutcome {
  scenario: string;
  handoffId?: string;
  status: string;
  whisper: string[];
}

/**
 * The README's first command: a local Vobiz, the gateway on the memory store, the agent desk and
 * three scripted callers, each handed to a simulated human with the whole conversation.
 */
export async function runDemo(options: DemoOptions = {}) {
  const log = options.log ?? ((line: string) => console.log(line));
  const host = options.host ?? '127.0.0.1';
  const speed = options.speed ?? 1;
  const ms = (n: number) => Math.max(1, Math.round(n / speed));

  const sandbox = await createVobizSandbox({
    timeScale: 1 / speed,
    playbackTimeScale: 1 / speed,
    endpoints: {
      '+919800000001': { kind: 'answer', afterMs: ms(1_500), hangupAfterMs: ms(4_000) },
      'sip:nurse@pbx.example.com': { kind: 'answer', afterMs: ms(700), hangupAfterMs: ms(4_000) },
      // Senior care rings two phones at once: one is busy, the other picks up.
      '+919800000002': { kind: 'busy', afterMs: ms(400) },
      '+919800000003': { kind: 'answer', afterMs: ms(1_200), hangupAfterMs: ms(4_000) },
    },
  });
  // No gatewayUrl: the gateway fills it in when it starts listening, on whatever port it gets.
  const handoff = demoHandoff({
    baseUrl: sandbox.baseUrl,
    authId: sandbox.authId,
    authToken: sandbox.authToken,
  });
  const deskToken = 'demo';
  const gateway = createGateway({
    handoff,
    vobiz: { authToken: sandbox.authToken, signatures: 'require', callerId: '+918000000000' },
    answer: { kind: 'stream', platform: 'demo-agent' },
    deskToken,
    // The demo prints its own story; the gateway's info lines (no apiKeys, no back_to_ai) would
    // interleave with it. LOG_LEVEL still wins when set.
    logger: createLogger({ level: process.env.LOG_LEVEL ?? 'warn' }),
  });
  gateway.onMedia(
    scriptedAgent({
      handoff,
      pauseMs: ms(600),
      msPerWord: ms(320),
      onError: (error) => log(`  ! agent error: ${error instanceof Error ? error.message : String(error)}`),
    }),
  );
  const { url: publicUrl } = await gateway.listen(options.port ?? 0, host);

  log('handoff demo — local Vobiz sandbox, gateway on the in-memory store, scripted AI agent');
  log(`  agent desk:   ${publicUrl}/desk/?token=${deskToken}`);
  log(`  vobiz (fake): ${sandbox.baseUrl}`);
  log('');

  // The sandbox reports the hang-up as it happens; the gateway hears of it by callback a moment later.
  const settled = async (callId: string) => {
    for (let i = 0; i < 50; i++) {
      const record = await handoff.forCall(callId);
      if (!record || !LIVE.has(record.status)) return record;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return handoff.forCall(callId);
  };

  const outcomes: DemoOutcome[] = [];
  const runScenario = async (scenario: Scenario, index: number) => {
    await new Promise((resolve) => setTimeout(resolve, index * ms(1_500)));
    const call: SandboxCall = sandbox.placeInboundCall({
      from: scenario.from,
      to: scenario.to,
      answerUrl: `${publicUrl}/vobiz/answer`,
      hangupUrl: `${publicUrl}/vobiz/hangup`,
    });
    await call.waitFor('hangup', { timeoutMs: ms(60_000) + 10_000 });
    const record = await settled(call.uuid);
    const outcome: DemoOutcome = {
      scenario: scenario.key,
      status: record?.status ?? 'no handoff',
      whisper: [...call.whisper],
      ...(record ? { handoffId: record.id } : {}),
    };
    outcomes.push(outcome);
    log(`● ${scenario.title}`);
    log(`  trigger: ${scenario.trigger}`);
    if (record) {
      const ctx = record.context;
      log(`  handoff ${record.id} → ${ctx.destination?.label ?? '?'}: ${record.status}`);
      log(`  summary: ${ctx.summary.oneLine}`);
      const fields = Object.entries(ctx.extracted.fields)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ');
      if (fields) log(`  fields:  ${fields}`);
      if (outcome.whisper[0]) log(`  whisper heard by the human: “${outcome.whisper[0]}”`);
      log('  timeline (the farewell plays between persisted and transfer requested):');
      for (const line of formatTimeline(record)) log(line);
    }
    log('');
  };
  await Promise.all(SCENARIOS.map(runScenario));

  const close = async () => {
    await gateway.close();
    await sandbox.close();
    await handoff.close();
  };
  if (options.once) {
    await close();
  } else {
    log(`Serving the desk at ${publicUrl}/desk/?token=${deskToken} — Ctrl-C to stop.`);
  }
  return { outcomes, publicUrl, close };
}
