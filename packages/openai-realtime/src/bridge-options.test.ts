import { createHandoff, HandoffError } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { createRealtimeBridge } from './bridge.js';

describe('createRealtimeBridge options (issue 14, item 8)', () => {
  const handoff = createHandoff({
    transfer: new FakeTransferProvider(),
    destinations: { support: { number: '+919800000001', label: 'Support' } },
  });
  const unset: string | undefined = process.env.HANDOFF_TEST_NEVER_SET;

  it.each([
    ['unset', unset],
    ['blank', ' '],
  ])('refuses an %s openai.apiKey at construction, naming it', (_case, apiKey) => {
    const build = () => createRealtimeBridge({ handoff, openai: { apiKey: apiKey as string } });
    expect(build).toThrow(HandoffError);
    expect(build).toThrow('`openai.apiKey`');
  });
});
