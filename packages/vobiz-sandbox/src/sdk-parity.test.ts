import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppServer, startAppServer, startWsServer, xml } from './__fixtures__/harness.js';
import {
  createVobizSandbox,
  type SandboxCall,
  type VobizSandbox,
  type VobizSandboxOptions,
} from './index.js';

// What running Vobiz's own Node SDK against the sandbox found, each fixed from Vobiz's documentation
// (issue 17, item 4). Requests here are written the way that SDK writes them.

let sandbox: VobizSandbox;
let app: AppServer;

async function setup(options: VobizSandboxOptions = {}) {
  sandbox = await createVobizSandbox({ callbackRetryDelaysMs: [5, 5, 5], ...options });
}

beforeEach(async () => {
  app = await startAppServer({ '/answer': () => xml('<Wait length="600"/>') });
});

afterEach(async () => {
  await sandbox?.close();
  await app.close();
});

function api(path: string, init: { method?: string; body?: unknown } = {}) {
  return fetch(`${sandbox.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'X-Auth-ID': sandbox.authId,
      'X-Auth-Token': sandbox.authToken,
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

const account = () => `/Account/${sandbox.authId}`;

function inbound(answerPath: string, extra: { hangupUrl?: string } = {}): SandboxCall {
  return sandbox.placeInboundCall({
    from: '+919000000001',
    to: '+918000000000',
    answerUrl: `${app.url}${answerPath}`,
    ...extra,
  });
}

describe('base URL', () => {
  it('serves a client whose paths already carry /api/v1, as the Node SDK joins them onto the base URL', async () => {
    await setup();
    // core.url.join(baseUrl, `api/v1/Account/${authId}/Call/`)
    const res = await fetch(`${sandbox.baseUrl}/api/v1${account()}/Call/`, {
      method: 'POST',
      headers: {
        'X-Auth-ID': sandbox.authId,
        'X-Auth-Token': sandbox.authToken,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ from: '+918000000000', to: '+919800000001', answer_url: `${app.url}/answer` }),
    });
    expect(res.status).toBe(201);
    const { request_uuid } = (await res.json()) as { request_uuid: string };
    expect(sandbox.call(request_uuid)).toBeDefined();
    const me = await fetch(`${sandbox.url}/api/v1/auth/me`, {
      headers: { 'X-Auth-ID': sandbox.authId, 'X-Auth-Token': sandbox.authToken },
    });
    expect(me.status).toBe(200);
  });
});

describe('<Conference> attributes', () => {
  it('puts a lone member straight back out unless stayAlone="true" (Vobiz initialises it false)', async () => {
    await setup();
    app.on('/lonely', () => xml('<Conference>room-a</Conference><Speak>Nobody here</Speak>'));
    app.on('/patient', () => xml('<Conference stayAlone="true">room-b</Conference>'));
    const lonely = inbound('/lonely');
    expect((await lonely.waitFor('conference_left')).reason).toBe('alone');
    await lonely.waitFor('speak');
    const patient = inbound('/patient');
    await patient.waitFor('conference_joined');
    await new Promise((r) => setTimeout(r, 50));
    expect(patient.events('conference_left')).toHaveLength(0);
  });

  it('the other reading: conferenceStayAloneDefault keeps a lone member in the room', async () => {
    await setup({ conferenceStayAloneDefault: true });
    app.on('/lonely', () => xml('<Conference>room-a</Conference>'));
    const lonely = inbound('/lonely');
    await lonely.waitFor('conference_joined');
    await new Promise((r) => setTimeout(r, 50));
    expect(lonely.events('conference_left')).toHaveLength(0);
  });

  it('plays waitSound while the room waits for a startConferenceOnEnter member, and stops when it starts', async () => {
    await setup();
    app.on('/hold', () => xml('<Play loop="0">https://example.com/hold.mp3</Play>'));
    app.on('/caller', () =>
      xml(
        `<Conference stayAlone="true" startConferenceOnEnter="false" waitSound="${app.url}/hold">case-1</Conference>`,
      ),
    );
    app.on('/human', () =>
      xml('<Conference stayAlone="true" endConferenceOnExit="true">case-1</Conference>'),
    );
    const caller = inbound('/caller');
    const joined = await caller.waitFor('conference_joined');
    expect(joined.started).toBe(false);
    const music = await caller.waitFor('conference_wait_sound');
    expect(music).toMatchObject({ room: 'case-1', verb: 'Play', url: 'https://example.com/hold.mp3' });
    const hold = await app.waitFor((r) => r.path === '/hold');
    expect(hold.params).toMatchObject({ ConferenceName: 'case-1', CallUUID: caller.uuid });

    const human = inbound('/human');
    expect(await human.waitFor('conference_joined')).toMatchObject({ size: 2, started: true });
    const heardBefore = caller.events('conference_wait_sound').length;
    await new Promise((r) => setTimeout(r, 150));
    // Play lasts 30 ms at the default time scale: the loop would have gone round several times.
    expect(caller.events('conference_wait_sound').length).toBe(heardBefore);
    expect(human.events('conference_wait_sound')).toHaveLength(0);
  });

  it('endConferenceOnExit puts everyone else out, and their documents continue', async () => {
    await setup();
    app.on('/caller', () => xml('<Conference stayAlone="true">case-2</Conference><Speak>After</Speak>'));
    app.on('/human', () =>
      xml('<Conference stayAlone="true" endConferenceOnExit="true">case-2</Conference>'),
    );
    const caller = inbound('/caller');
    await caller.waitFor('conference_joined');
    const human = inbound('/human');
    await human.waitFor('conference_joined');
    human.hangup('caller');
    expect((await caller.waitFor('conference_left')).reason).toBe('conference ended');
    expect((await caller.waitFor('speak')).text).toBe('After');
  });

  it('a member left alone without stayAlone is put out too', async () => {
    await setup();
    app.on('/caller', () => xml('<Conference>case-3</Conference><Speak>Alone now</Speak>'));
    app.on('/human', () => xml('<Conference stayAlone="true">case-3</Conference>'));
    const human = inbound('/human');
    await human.waitFor('conference_joined');
    const caller = inbound('/caller');
    await caller.waitFor('conference_joined');
    human.hangup('caller');
    expect((await caller.waitFor('conference_left')).reason).toBe('alone');
    await caller.waitFor('speak');
  });

  it('reports ConferenceEnter/ConferenceExit with a numeric member id and first/last flags', async () => {
    await setup();
    app.on('/caller', () =>
      xml(`<Conference stayAlone="true" callbackUrl="${app.url}/conf">case-4</Conference>`),
    );
    const caller = inbound('/caller');
    const enter = await app.waitFor((r) => r.path === '/conf' && r.params.Event === 'ConferenceEnter');
    expect(enter.params).toMatchObject({
      ConferenceAction: 'enter',
      ConferenceName: 'case-4',
      ConferenceFirstMember: 'true',
      CallUUID: caller.uuid,
    });
    expect(enter.params.ConferenceMemberID).toMatch(/^\d+$/);
    caller.hangup('caller');
    const exit = await app.waitFor((r) => r.path === '/conf' && r.params.Event === 'ConferenceExit');
    expect(exit.params).toMatchObject({
      ConferenceAction: 'exit',
      ConferenceLastMember: 'true',
      ConferenceMemberID: enter.params.ConferenceMemberID,
    });
  });
});

describe('Conference REST API', () => {
  async function room() {
    await setup();
    app.on('/member', () => xml('<Conference stayAlone="true">Sales Room</Conference><Speak>Out</Speak>'));
    const a = inbound('/member');
    const b = inbound('/member');
    const ja = await a.waitFor('conference_joined');
    const jb = await b.waitFor('conference_joined');
    return {
      a,
      b,
      ida: ja.memberId,
      idb: jb.memberId,
      path: `${account()}/Conference/${encodeURIComponent('Sales Room')}`,
    };
  }

  it('lists room names and describes a room with its members', async () => {
    const { a, ida, idb, path } = await room();
    const list = await api(`${account()}/Conference/`);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { conferences: string[] }).conferences).toEqual(['Sales Room']);
    const get = await api(`${path}/`);
    expect(get.status).toBe(200);
    const body = (await get.json()) as {
      conference_name: string;
      conference_member_count: string;
      members: Array<{ member_id: string; call_uuid: string; muted: boolean; deaf: boolean; from: string }>;
    };
    expect(body.conference_name).toBe('Sales Room');
    expect(body.conference_member_count).toBe('2');
    expect(body.members.map((m) => m.member_id).sort()).toEqual([ida, idb].sort());
    expect(body.members.find((m) => m.member_id === ida)).toMatchObject({
      call_uuid: a.uuid,
      muted: false,
      deaf: false,
      from: '919000000001',
    });
    expect((await api(`${account()}/Conference/nope/`)).status).toBe(404);
  });

  it('mutes and deafens with 202 and member_id as an array, undoes with 204', async () => {
    const { a, ida, idb, path } = await room();
    const mute = await api(`${path}/Member/${ida}/Mute/`, { method: 'POST' });
    expect(mute.status).toBe(202);
    expect(await mute.json()).toMatchObject({ message: 'muted', member_id: [ida] });
    const deaf = await api(`${path}/Member/all/Deaf/`, { method: 'POST' });
    expect(deaf.status).toBe(202);
    expect(await deaf.json()).toMatchObject({ message: 'deaf', member_id: ['all'] });
    let members = (
      (await (await api(`${path}/`)).json()) as {
        members: Array<{ member_id: string; muted: boolean; deaf: boolean }>;
      }
    ).members;
    expect(members.find((m) => m.member_id === ida)).toMatchObject({ muted: true, deaf: true });
    expect(members.find((m) => m.member_id === idb)).toMatchObject({ muted: false, deaf: true });
    expect((await api(`${path}/Member/${ida}/Mute/`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`${path}/Member/${ida},${idb}/Deaf/`, { method: 'DELETE' })).status).toBe(204);
    members = (
      (await (await api(`${path}/`)).json()) as {
        members: Array<{ member_id: string; muted: boolean; deaf: boolean }>;
      }
    ).members;
    expect(members.every((m) => !m.muted && !m.deaf)).toBe(true);
    expect(a.events('conference_control').map((e) => e.action)).toEqual(['mute', 'deaf', 'unmute', 'undeaf']);
  });

  it('plays and speaks to the named member only', async () => {
    const { a, b, ida, path } = await room();
    const play = await api(`${path}/Member/${ida}/Play/`, {
      method: 'POST',
      body: { url: 'https://example.com/a.mp3' },
    });
    expect(play.status).toBe(202);
    const speak = await api(`${path}/Member/${ida}/Speak/`, {
      method: 'POST',
      body: { text: 'Only you hear this' },
    });
    expect(speak.status).toBe(202);
    expect(await speak.json()).toMatchObject({ member_id: [ida] });
    expect(a.events('conference_control')).toMatchObject([
      { action: 'play', url: 'https://example.com/a.mp3' },
      { action: 'speak', text: 'Only you hear this' },
    ]);
    expect(b.events('conference_control')).toHaveLength(0);
    expect((await api(`${path}/Member/${ida}/Speak/`, { method: 'POST', body: {} })).status).toBe(400);
    expect((await api(`${path}/Member/${ida}/Play/`, { method: 'DELETE' })).status).toBe(204);
    expect(
      (await api(`${path}/Member/999999/Play/`, { method: 'POST', body: { url: 'https://x/a.mp3' } })).status,
    ).toBe(404);
  });

  it('kicks a member out of the room (its XML continues) and hangs up another', async () => {
    const { a, b, ida, idb, path } = await room();
    const kick = await api(`${path}/Member/${ida}/Kick/`, { method: 'POST' });
    expect(kick.status).toBe(202);
    expect(await kick.json()).toMatchObject({ message: 'kicked', member_id: [ida] });
    expect((await a.waitFor('conference_left')).reason).toBe('kicked');
    expect((await a.waitFor('speak')).text).toBe('Out');
    expect((await api(`${path}/Member/${idb}/`, { method: 'DELETE' })).status).toBe(204);
    await b.waitFor('hangup');
    expect(b.hangupInfo?.source).toBe('API Request');
    expect((await api(`${path}/`)).status).toBe(404);
  });

  it('ends the whole room with DELETE /Conference/{name}/', async () => {
    const { a, b, path } = await room();
    expect((await api(`${path}/`, { method: 'DELETE' })).status).toBe(204);
    await a.waitFor('hangup');
    await b.waitFor('hangup');
    expect(
      ((await (await api(`${account()}/Conference/`)).json()) as { conferences: string[] }).conferences,
    ).toEqual([]);
  });

  it('can answer a live room with the 200 {"error":"failed"} Vobiz was observed to send', async () => {
    await setup({ conferenceDetails: 'failed' });
    app.on('/member', () => xml('<Conference stayAlone="true">r</Conference>'));
    await inbound('/member').waitFor('conference_joined');
    const res = await api(`${account()}/Conference/r/`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ error: 'failed' });
  });
});

describe('call recording API', () => {
  it('starts recordings, stops one by URL and the rest with the call, each reporting to its callback', async () => {
    await setup();
    const call = inbound('/answer');
    await call.waitFor('wait');
    const start = (body: Record<string, unknown>) =>
      api(`${account()}/Call/${call.uuid}/Record/`, { method: 'POST', body });
    const first = await start({ file_format: 'wav', callback_url: `${app.url}/rec`, time_limit: 600 });
    expect(first.status).toBe(200);
    const one = (await first.json()) as { message: string; recording_id: string; url: string };
    expect(one.message).toBe('recording started');
    expect(one.url).toMatch(/\.wav$/);
    const two = (await (await start({ callback_url: `${app.url}/rec`, time_limit: 600 })).json()) as {
      recording_id: string;
    };
    expect((await start({ file_format: 'ogg' })).status).toBe(400);

    const stop = await api(`${account()}/Call/${call.uuid}/Record/`, {
      method: 'DELETE',
      body: { URL: one.url },
    });
    expect(stop.status).toBe(204);
    const done = await app.waitFor((r) => r.path === '/rec');
    expect(done.params).toMatchObject({
      recording_id: one.recording_id,
      record_url: one.url,
      call_uuid: call.uuid,
    });
    expect((await fetch(one.url)).status).toBe(200);

    call.hangup('caller');
    const last = await app.waitFor((r) => r.path === '/rec' && r.params.recording_id === two.recording_id);
    expect(last.params.recording_end_reason).toBe('call_ended');
    expect((await start({})).status).toBe(404);
  });
});

describe('stream, DTMF and CDR shapes', () => {
  it("starts a REST stream from the SDK's audio_format and answers 202", async () => {
    await setup();
    const ws = await startWsServer();
    try {
      const call = inbound('/answer');
      await call.waitFor('wait');
      const res = await api(`${account()}/Call/${call.uuid}/Stream/`, {
        method: 'POST',
        body: {
          service_url: `${ws.url}/fork`,
          bidirectional: true,
          audio_track: 'inbound',
          audio_format: 'mulaw',
        },
      });
      expect(res.status).toBe(202);
      const conn = await ws.waitForConnection();
      const start = await conn.waitForMessage((m) => m.event === 'start');
      expect(start.data.start).toMatchObject({
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
      });
      const bad = await api(`${account()}/Call/${call.uuid}/Stream/`, {
        method: 'POST',
        body: { service_url: `${ws.url}/fork`, audio_format: 'opus' },
      });
      expect(bad.status).toBe(400);
    } finally {
      await ws.close();
    }
  });

  it('sends DTMF with leg "both"', async () => {
    await setup();
    const call = inbound('/answer');
    await call.waitFor('wait');
    const res = await api(`${account()}/Call/${call.uuid}/DTMF/`, {
      method: 'POST',
      body: { digits: '12#', leg: 'both' },
    });
    expect(res.status).toBe(202);
    expect(call.events('api_dtmf')).toMatchObject([{ digits: '12#', leg: 'both' }]);
    const bad = await api(`${account()}/Call/${call.uuid}/DTMF/`, {
      method: 'POST',
      body: { digits: '1', leg: 'cleg' },
    });
    expect(bad.status).toBe(400);
  });

  it('answers the CDR as {data, success} with ISO times, billsec and the number forms Vobiz uses', async () => {
    await setup();
    app.on('/short', () => xml('<Speak>Hi</Speak>'));
    const call = inbound('/short');
    await call.waitFor('hangup');
    const res = await api(`/account/${sandbox.authId}/cdr/${call.uuid}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { success: boolean; data: Record<string, unknown> };
    expect(body.success).toBe(true);
    expect(body.data).toMatchObject({
      uuid: call.uuid,
      call_direction: 'inbound',
      caller_id_number: '+919000000001',
      destination_number: '918000000000',
      hangup_cause_code: 4010,
      hangup_cause_name: 'End Of XML Instructions',
      hangup_source: 'Vobiz',
      total_cost: 0,
    });
    expect(body.data.answer_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(typeof body.data.billsec).toBe('number');
    expect(typeof body.data.duration).toBe('number');
  });
});

describe('Transfer API with legs=bleg', () => {
  it('moves the human to new XML and leaves the caller to the rest of its own document', async () => {
    await setup({ endpoints: { '+919800000001': { kind: 'answer', afterMs: 10 } } });
    app.on('/caller', () =>
      xml(
        '<Dial timeout="600"><Number>+919800000001</Number></Dial><Speak>Still with you</Speak><Wait length="600"/>',
      ),
    );
    app.on('/human-next', () => xml('<Speak>New task for the human</Speak><Wait length="600"/>'));
    const caller = inbound('/caller');
    const bridged = await caller.waitFor('bridged');
    const res = await api(`${account()}/Call/${caller.uuid}/`, {
      method: 'POST',
      body: { legs: 'bleg', bleg_url: `${app.url}/human-next` },
    });
    expect(res.status).toBe(202);
    expect((await caller.waitFor('speak')).text).toBe('Still with you');
    expect(caller.ended).toBe(false);
    const human = await sandbox.waitForCall({ to: '+919800000001' });
    expect(human.uuid).toBe(bridged.bLegUuid);
    expect((await human.waitFor('speak')).text).toBe('New task for the human');
    const fetched = await app.waitFor((r) => r.path === '/human-next');
    expect(fetched.params).toMatchObject({ Event: 'Transfer', CallUUID: bridged.bLegUuid });
    expect(caller.dialLegs[0]?.status).toBe('transferred');
  });
});

describe('machine detection on make-call', () => {
  const make = (body: Record<string, unknown>) =>
    api(`${account()}/Call/`, {
      method: 'POST',
      body: {
        from: '+918000000000',
        answer_url: `${app.url}/answer`,
        hangup_url: `${app.url}/hangup`,
        ...body,
      },
    });

  const endpoints = {
    '+919811100001': { kind: 'answer', afterMs: 10 },
    '+919811100002': { kind: 'voicemail', afterMs: 10 },
    '+919811100003': { kind: 'ivr', afterMs: 10 },
  } as const;

  it('synchronous: answer_url waits for the analysis and carries Machine=true|false', async () => {
    await setup({ endpoints });
    await make({ to: '+919811100001', machine_detection: 'true', machine_detection_time: 3000 });
    await make({ to: '+919811100002', machine_detection: 'true' });
    const human = await app.waitFor((r) => r.path === '/answer' && r.params.To === '919811100001');
    const machine = await app.waitFor((r) => r.path === '/answer' && r.params.To === '919811100002');
    expect(human.params.Machine).toBe('false');
    expect(machine.params.Machine).toBe('true');
    const call = await sandbox.waitForCall({ to: '+919811100002' });
    expect(call.events('answered')[0]?.answeredBy).toBe('voicemail');
  });

  it('synchronous hangup: a machine is hung up before answer_url, a human is not', async () => {
    await setup({ endpoints });
    await make({ to: '+919811100003', machine_detection: 'hangup' });
    await make({ to: '+919811100001', machine_detection: 'hangup' });
    const hangup = await app.waitFor((r) => r.path === '/hangup' && r.params.To === '919811100003');
    expect(hangup.params.HangupCauseName).toBe('Machine Detected');
    await app.waitFor((r) => r.path === '/answer' && r.params.To === '919811100001');
    expect(app.requests.some((r) => r.path === '/answer' && r.params.To === '919811100003')).toBe(false);
  });

  it('asynchronous: answer_url at once, machine_detection_url reports a voicemail or IVR with Machine=true', async () => {
    await setup({ endpoints });
    for (const to of Object.keys(endpoints)) {
      const res = await make({
        to,
        machine_detection: 'true',
        machine_detection_url: `${app.url}/amd`,
        machine_detection_method: 'POST',
      });
      expect(res.status).toBe(201);
    }
    const ivr = await app.waitFor((r) => r.path === '/amd' && r.params.To === '919811100003');
    expect(ivr.params).toMatchObject({
      Event: 'MachineDetection',
      Machine: 'true',
      IfMachine: 'continue',
      CallStatus: 'in-progress',
    });
    await app.waitFor((r) => r.path === '/amd' && r.params.To === '919811100002');
    const human = await sandbox.waitForCall({ to: '+919811100001' });
    await human.waitFor('machine_detection');
    await new Promise((r) => setTimeout(r, 50));
    expect(app.requests.some((r) => r.path === '/amd' && r.params.To === '919811100001')).toBe(false);
    expect(
      app.requests.find((r) => r.path === '/answer' && r.params.To === '919811100001')?.params.Machine,
    ).toBeUndefined();
  });

  it('the other reading: machineDetectionReports "every" reports humans with Machine=false', async () => {
    await setup({ endpoints, machineDetectionReports: 'every' });
    await make({ to: '+919811100001', machine_detection: 'true', machine_detection_url: `${app.url}/amd` });
    const human = await app.waitFor((r) => r.path === '/amd');
    expect(human.params.Machine).toBe('false');
  });

  it('rejects values outside the documented ranges', async () => {
    await setup({ endpoints });
    expect((await make({ to: '+919811100001', machine_detection: 'maybe' })).status).toBe(400);
    expect(
      (await make({ to: '+919811100001', machine_detection: 'true', machine_detection_time: 500 })).status,
    ).toBe(400);
  });
});
