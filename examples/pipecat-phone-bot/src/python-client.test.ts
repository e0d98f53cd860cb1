/**
 * Runs test_handoff_client.py with python3 against a real gateway and a live Vobiz (sandbox)
 * call, then checks what the Python client did from the other side: the packet, the trigger,
 * and one transfer, after the farewell the Python side spoke.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createHandoff, type Handoff, type PublicHandoffRecord } from '@handoff/core';
import { createGateway, type Gateway } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox, type VobizSandbox } from '@handoff/vobiz-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const API_KEY = 'python-client-api-key-0123456789';
const EXAMPLE = fileURLToPath(new URL('..', import.meta.url));

let sandbox: VobizSandbox;
let handoff: Handoff;
let gateway: Gateway;
let url: string;

beforeAll(async () => {
  sandbox = await createVobizSandbox({
    timeScale: 0.01,
    playbackTimeScale: 0.02,
    defaultEndpoint: { kind: 'answer', afterMs: 20 },
  });
  handoff = createHandoff({
    transfer: vobizCarrier({
      authId: sandbox.authId,
      authToken: sandbox.authToken,
      baseUrl: sandbox.baseUrl,
    }),
    destinations: {
      loans: { number: '+919800000001', label: 'Relationship manager' },
      support: { number: '+919800000002', label: 'Senior care' },
    },
    sayTimeoutMs: 8_000,
    messages: { en: { transferring: 'Connecting you to our {label} now.' } },
  });
  gateway = createGateway({
    handoff,
    vobiz: {
      authToken: sandbox.authToken,
      authId: sandbox.authId,
      baseUrl: sandbox.baseUrl,
      callerId: '+918000000000',
    },
    answer: { kind: 'stream', platform: 'pipecat' },
    apiKeys: [API_KEY],
  });
  ({ url } = await gateway.listen(0, '127.0.0.1'));
});

afterAll(async () => {
  await gateway?.close();
  await sandbox?.close();
  await handoff?.close();
});

function python(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-m', 'unittest', '-v', 'test_handoff_client'], {
      cwd: EXAMPLE,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the Python client (python3, standard library) against a running gateway', () => {
  it('reports turns, hands off on the tool call, and the call moves after its farewell', async () => {
    const media = new Promise<void>((resolve) => {
      const off = gateway.onMedia(() => {
        off();
        resolve();
      });
    });
    const call = sandbox.placeInboundCall({
      from: '+919811111111',
      to: '+918000000000',
      answerUrl: `${url}/vobiz/answer`,
      hangupUrl: `${url}/vobiz/hangup`,
    });
    await media;

    const run = await python({
      HANDOFF_GATEWAY_URL: url,
      HANDOFF_API_KEY: API_KEY,
      HANDOFF_CALL_ID: call.uuid,
    });
    expect(run.stderr).toMatch(/Ran 7 tests/);
    expect(run.stderr).not.toMatch(/skipped/);
    expect(run.code, run.stderr).toBe(0);
    const spoke = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
      farewell: string;
      farewellDoneAt: number;
    };
    expect(spoke.farewell).toBe('Connecting you to our Relationship manager now.');

    let record: PublicHandoffRecord | undefined;
    const deadline = Date.now() + 8_000;
    while (record?.status !== 'connected' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      record = await handoff.forCall(call.uuid);
    }
    expect(record?.status).toBe('connected');
    const transfers = call.log.filter((event) => event.type === 'transfer');
    expect(transfers).toHaveLength(1);
    expect(transfers[0]!.at).toBeGreaterThanOrEqual(spoke.farewellDoneAt);
    expect(record!.callId).toBe(call.uuid);
    expect(record!.destination?.key).toBe('loans');
    expect(record!.context.call.platform).toBe('pipecat');
    expect(record!.context.trigger).toMatchObject({ kind: 'tool', reason: 'Qualified home-loan applicant' });
    expect(record!.context.transcript.map((t) => [t.role, t.text])).toEqual([
      ['agent', 'Welcome to Sahayak Bank. How can I help you today?'],
      ['caller', 'Hi, I would like to apply for a home loan for a flat in Pune.'],
      ['agent', 'Happy to help. May I have your name?'],
      ['caller', 'My name is Rahul Mehta.'],
    ]);
  });
});
