import { describe, expect, it } from 'vitest';
import { linearToMulaw, mulawToLinear, parseContentType } from './codec.js';
import { parseKeyValueList, parseVobizXml } from './xml-parse.js';

describe('parseVobizXml', () => {
  it('reads verbs in order with string attributes and entity-decoded text', () => {
    const result = parseVobizXml(`<?xml version="1.0"?>
      <Response>
        <Speak voice="MAN" loop="2">Tom &amp; Jerry</Speak>
        <Stream bidirectional="true" keepCallAlive="true">
          wss://app.example/media?a=1&amp;b=2
        </Stream>
        <Dial timeout="30"><Number>+919800000001</Number><User>sip:a@b</User></Dial>
        <Hangup/>
      </Response>`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.elements.map((e) => e.name)).toEqual(['Speak', 'Stream', 'Dial', 'Hangup']);
    expect(result.elements[0]).toMatchObject({ attrs: { voice: 'MAN', loop: '2' }, text: 'Tom & Jerry' });
    expect(result.elements[1]?.text).toBe('wss://app.example/media?a=1&b=2');
    expect(result.elements[2]?.children.map((c) => [c.name, c.text])).toEqual([
      ['Number', '+919800000001'],
      ['User', 'sip:a@b'],
    ]);
  });

  it('keeps the words of SSML inside <Speak>', () => {
    const result = parseVobizXml(
      '<Response><Speak>Hello <break time="1s"/><emphasis>there</emphasis></Speak></Response>',
    );
    expect(result.ok && result.elements[0]?.text).toBe('Hello there');
  });

  it.each([
    ['<Response><Speak>a & b</Speak></Response>', /&|char/i],
    ['<Speak>hi</Speak>', /<Speak>, expected <Response>/],
    ['<Response><Speak>hi</Speak></Response><Response/>', /exactly one root|Multiple/i],
    ['<Response><Gather><Dial>1</Dial></Gather></Response>', /<Dial> is not allowed inside <Gather>/],
    ['<Response><Dial><Speak>x</Speak></Dial></Response>', /<Speak> is not allowed inside <Dial>/],
    ['<Response><Reject/></Response>', /unknown element <Reject>/],
    ['   ', /empty/],
  ])('rejects %s', (body, reason) => {
    const result = parseVobizXml(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('rejects documents over 100 KB', () => {
    const big = `<Response><Speak>${'a'.repeat(101 * 1024)}</Speak></Response>`;
    expect(parseVobizXml(big)).toEqual({ ok: false, reason: 'document larger than 100 KB' });
  });
});

describe('parseKeyValueList', () => {
  it('keeps [A-Za-z0-9] pairs and reports the rest', () => {
    expect(parseKeyValueList('handoffId=abc123, reason=billing,bad-key=1,x=a b')).toEqual({
      values: { handoffId: 'abc123', reason: 'billing' },
      rejected: ['bad-key=1', 'x=a b'],
    });
  });
});

describe('codec', () => {
  it('parses the content types Vobiz accepts and nothing else', () => {
    expect(parseContentType('audio/x-mulaw;rate=8000')).toEqual({
      encoding: 'audio/x-mulaw',
      sampleRate: 8000,
    });
    expect(parseContentType('audio/x-l16;rate=16000')).toEqual({
      encoding: 'audio/x-l16',
      sampleRate: 16000,
    });
    expect(parseContentType('audio/x-mulaw;rate=16000')).toBeUndefined();
    expect(parseContentType('audio/pcm')).toBeUndefined();
  });

  it('round-trips μ-law within its quantisation step', () => {
    for (const sample of [0, 100, -100, 1000, -8000, 32000]) {
      const back = mulawToLinear(linearToMulaw(sample));
      expect(Math.abs(back - sample)).toBeLessThanOrEqual(Math.max(8, Math.abs(sample) * 0.07));
    }
    expect(mulawToLinear(0xff)).toBe(0);
  });
});
