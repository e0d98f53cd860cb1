import { describe, expect, it } from 'vitest';
import { fixture } from './__fixtures__/retell.js';
import { callObject } from './payloads.js';
import { missingSdkField, sdkCall } from './sdk-call.js';

const CALL = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const received = () => {
  const body = fixture('webhook-call-started', { callUuid: CALL });
  return body.call as Record<string, unknown>;
};
const parse = (call: Record<string, unknown>) => callObject.parse(call);

describe('sdkCall', () => {
  it("hands over the call Retell sent, every field kept, when it is the SDK's CallResponse", () => {
    const call = parse({ ...received(), metadata: { crm: 'lead-7' } });
    expect(missingSdkField(call)).toBeUndefined();
    const typed = sdkCall(call);
    expect(typed).toBe(call);
    expect(typed?.agent_id).toBe('oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD');
    expect(typed?.metadata).toEqual({ crm: 'lead-7' });
  });

  it('names the first field the SDK type requires that the call lacks or holds wrongly', () => {
    for (const field of [
      'agent_id',
      'agent_version',
      'call_status',
      'call_type',
      'direction',
      'from_number',
    ]) {
      const call = parse({ ...received(), [field]: undefined });
      expect(missingSdkField(call), field).toBe(field);
      expect(sdkCall(call), field).toBeUndefined();
    }
    expect(missingSdkField(parse({ ...received(), to_number: null }))).toBe('to_number');
    expect(missingSdkField(parse({ ...received(), agent_version: '3' }))).toBe('agent_version');
    expect(missingSdkField(parse({ ...received(), call_status: 'ringing' }))).toBe('call_status');
    expect(missingSdkField(parse({ ...received(), direction: 'sideways' }))).toBe('direction');
  });

  it('takes a web call by its access token instead of numbers', () => {
    const web = { ...received(), call_type: 'web_call', from_number: null, to_number: null, direction: null };
    expect(missingSdkField(parse(web))).toBe('access_token');
    expect(sdkCall(parse({ ...web, access_token: 'tok' }))).toBeDefined();
  });
});
