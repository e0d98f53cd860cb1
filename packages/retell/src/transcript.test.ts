import { describe, expect, it } from 'vitest';
import { fixture } from './__fixtures__/retell.js';
import { findCallUuid, restoreCallUuid } from './call-id.js';
import { callObject } from './payloads.js';
import { turnsFromCall } from './transcript.js';

const CALL = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('turnsFromCall', () => {
  it('anchors word times (seconds of call audio) on start_timestamp and numbers utterances', () => {
    const body = fixture('custom-function-call', { callUuid: CALL, startTimestamp: 1_764_600_000_000 });
    const turns = turnsFromCall(callObject.parse(body.call));
    expect(turns).toHaveLength(4);
    expect(turns[0]).toEqual({
      role: 'agent',
      text: 'Welcome to Sahayak Bank. How can I help you today?',
      sourceId: 'retell:call_3f2a9c41d07b4e8a9e2b51c6d0a7f4e2:0',
      at: 1_764_600_000_420,
      endAt: 1_764_600_003_050,
    });
    expect(turns[3]).toMatchObject({ role: 'caller', at: 1_764_600_010_000, endAt: 1_764_600_013_400 });
  });

  it('numbers transcript_with_tool_calls the same way, skipping tool, node and transfer-target items', () => {
    const call = callObject.parse({
      call_id: 'c1',
      transcript_with_tool_calls: [
        { role: 'agent', content: 'Hello', words: [] },
        { role: 'tool_call_invocation', tool_call_id: 't', name: 'x', arguments: '{}' },
        { role: 'node_transition', former_node_id: 'a', new_node_id: 'b' },
        { role: 'user', content: '  I need   help ' },
        { role: 'transfer_target', content: 'Hi, this is Priya.' },
        { role: 'dtmf', digit: '1' },
      ],
    });
    expect(turnsFromCall(call)).toEqual([
      { role: 'agent', text: 'Hello', sourceId: 'retell:c1:0' },
      { role: 'caller', text: 'I need   help', sourceId: 'retell:c1:1' },
    ]);
  });

  it('tolerates a missing transcript, nulls and a missing start time', () => {
    expect(turnsFromCall(callObject.parse({ call_id: 'c1', transcript_object: null }))).toEqual([]);
    const turns = turnsFromCall(
      callObject.parse({
        call_id: 'c1',
        start_timestamp: null,
        transcript_object: [{ role: 'user', content: 'Hi', words: [{ word: 'Hi', start: 1, end: null }] }],
      }),
    );
    expect(turns).toEqual([{ role: 'caller', text: 'Hi', sourceId: 'retell:c1:0' }]);
  });
});

describe('the Vobiz call UUID', () => {
  it('is restored from the 32 hex digits of the SIP header, and other ids pass unchanged', () => {
    expect(restoreCallUuid(CALL.replace(/-/g, ''))).toBe(CALL);
    expect(restoreCallUuid(` ${CALL} `)).toBe(CALL);
    expect(restoreCallUuid('call-42')).toBe('call-42');
  });

  it('ignores unresolved dynamic variables and values Vobiz could not have sent', () => {
    expect(findCallUuid({ custom_sip_headers: { 'VH-handoffCall': '{{VH-handoffCall}}' } })).toBeUndefined();
    expect(findCallUuid({ custom_sip_headers: { 'VH-handoffCall': 'a b' } })).toBeUndefined();
    expect(findCallUuid({ custom_sip_headers: { 'X-Other': CALL } })).toBeUndefined();
    expect(
      findCallUuid({
        custom_sip_headers: { 'VH-handoffCall': '' },
        retell_llm_dynamic_variables: { 'x-vh-HandoffCall': CALL.replace(/-/g, '') },
      }),
    ).toBe(CALL);
  });
});
