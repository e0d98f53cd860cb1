import { HandoffError, isHandoffError } from '@handoff/core';
import { describe, expect, it } from 'vitest';
import { MAX_XML_BYTES, vobizXml as x } from './xml.js';

function thrown(fn: () => unknown): HandoffError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HandoffError);
    return error as HandoffError;
  }
  throw new Error('expected a throw');
}

describe('vobizXml', () => {
  it('renders the recommended handoff document (vobiz-api.md §2.3) exactly', () => {
    const xml = x
      .response([
        x.speak('Connecting you to an agent.'),
        x.dial(
          {
            callerId: '+918000000000',
            timeout: 30,
            timeLimit: 3600,
            action: 'https://app/dial-result',
            method: 'POST',
            redirect: true,
            callbackUrl: 'https://app/dial-events',
            callbackMethod: 'POST',
            confirmSound: 'https://app/whisper',
          },
          [x.number('+919800000000'), x.user('sip:agent42@registrar.vobiz.ai')],
        ),
        x.speak('Sorry, no agent is available.'),
        x.hangup(),
      ])
      .toString();
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<Response>' +
        '<Speak>Connecting you to an agent.</Speak>' +
        '<Dial callerId="+918000000000" timeout="30" timeLimit="3600" action="https://app/dial-result" ' +
        'method="POST" redirect="true" callbackUrl="https://app/dial-events" callbackMethod="POST" ' +
        'confirmSound="https://app/whisper">' +
        '<Number>+919800000000</Number>' +
        '<User>sip:agent42@registrar.vobiz.ai</User>' +
        '</Dial>' +
        '<Speak>Sorry, no agent is available.</Speak>' +
        '<Hangup/>' +
        '</Response>',
    );
  });

  it('renders the canonical AI stream document with every Stream attribute', () => {
    const xml = x
      .response([
        x.stream('wss://app.example.com/media/s3cr3t?call=1&leg=a', {
          bidirectional: true,
          audioTrack: 'inbound',
          keepCallAlive: true,
          contentType: 'audio/x-mulaw;rate=8000',
          statusCallbackUrl: 'https://app/stream-status',
          statusCallbackMethod: 'POST',
          maxRetries: 2,
          streamTimeout: 600,
          extraHeaders: { handoffId: 'abc123' },
        }),
        x.redirect('https://app/after-stream', { method: 'POST' }),
      ])
      .toString();
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response>' +
        '<Stream bidirectional="true" audioTrack="inbound" keepCallAlive="true" contentType="audio/x-mulaw;rate=8000" ' +
        'statusCallbackUrl="https://app/stream-status" statusCallbackMethod="POST" maxRetries="2" streamTimeout="600" ' +
        'extraHeaders="handoffId=abc123">wss://app.example.com/media/s3cr3t?call=1&amp;leg=a</Stream>' +
        '<Redirect method="POST">https://app/after-stream</Redirect>' +
        '</Response>',
    );
  });

  it('escapes & < > " \' in text and attributes, so a bare & never reaches Vobiz', () => {
    const xml = x
      .response([
        x.speak(`Tom & Jerry's <"best"> offer`),
        x.dial({ action: 'https://gw.example/dial?h=1&t=abc"x' }, [x.number('+919800000000')]),
        x.play('https://cdn.example/a.mp3?x=1&y=2'),
      ])
      .toString();
    expect(xml).toContain('<Speak>Tom &amp; Jerry&apos;s &lt;&quot;best&quot;&gt; offer</Speak>');
    expect(xml).toContain('action="https://gw.example/dial?h=1&amp;t=abc&quot;x"');
    expect(xml).toContain('<Play>https://cdn.example/a.mp3?x=1&amp;y=2</Play>');
    expect(xml.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toMatch(/&/);
  });

  it('strips characters that are invalid in XML 1.0', () => {
    const xml = x.response([x.speak('a\u0000b\u0007c\uFFFEd\uD800e\u{1F600}\tf')]).toString();
    expect(xml).toContain('<Speak>abcde\u{1F600}\tf</Speak>');
  });

  it('serialises booleans as true/false and numbers as integers', () => {
    const el = x.conference('case-123', {
      startConferenceOnEnter: false,
      endConferenceOnExit: true,
      stayAlone: true,
      maxParticipants: 3,
      waitSound: 'https://app/hold',
      waitMethod: 'GET',
      beep: false,
      relayDTMF: false,
    });
    expect(el.toString()).toBe(
      '<Conference startConferenceOnEnter="false" endConferenceOnExit="true" stayAlone="true" maxParticipants="3" ' +
        'waitSound="https://app/hold" waitMethod="GET" beep="false" relayDTMF="false">case-123</Conference>',
    );
  });

  it('uses the documented attribute names on every element', () => {
    expect(x.wait({ length: 5, silence: true, minSilence: 2000, beep: true }).toString()).toBe(
      '<Wait length="5" silence="true" minSilence="2000" beep="true"/>',
    );
    expect(x.number('+919800000000', { sendDigits: 'wwww2410', sendOnPreanswer: true }).toString()).toBe(
      '<Number sendDigits="wwww2410" sendOnPreanswer="true">+919800000000</Number>',
    );
    expect(x.user('sip:a@b.example', { sipHeaders: { handoffId: 'h1', reason: 'billing' } }).toString()).toBe(
      '<User sipHeaders="handoffId=h1,reason=billing">sip:a@b.example</User>',
    );
    expect(
      x
        .dial(
          {
            hangupOnStar: true,
            dialMusic: 'real',
            confirmKey: '1',
            confirmTimeout: 10,
            digitsMatch: ['12', '*9'],
            digitsMatchBLeg: '0#',
            callerName: 'Support',
            sipHeaders: 'handoffCall=abc123',
          },
          [x.number('919800000000')],
        )
        .toString(),
    ).toBe(
      '<Dial hangupOnStar="true" dialMusic="real" confirmKey="1" confirmTimeout="10" digitsMatch="12,*9" ' +
        'digitsMatchBLeg="0#" callerName="Support" sipHeaders="handoffCall=abc123"><Number>919800000000</Number></Dial>',
    );
    expect(x.hangup({ reason: 'busy', schedule: 60 }).toString()).toBe(
      '<Hangup reason="busy" schedule="60"/>',
    );
    expect(
      x
        .record({
          action: 'https://app/rec',
          fileFormat: 'mp3',
          recordSession: true,
          redirect: false,
          maxLength: 3600,
          playBeep: false,
          finishOnKey: '#',
          transcriptionType: 'auto',
          transcriptionUrl: 'https://app/tx',
          callbackUrl: 'https://app/rec-cb',
          callbackMethod: 'POST',
        })
        .toString(),
    ).toBe(
      '<Record action="https://app/rec" fileFormat="mp3" recordSession="true" redirect="false" maxLength="3600" ' +
        'playBeep="false" finishOnKey="#" transcriptionType="auto" transcriptionUrl="https://app/tx" ' +
        'callbackUrl="https://app/rec-cb" callbackMethod="POST"/>',
    );
    expect(x.dtmf('1ww2#', { async: false }).toString()).toBe('<DTMF async="false">1ww2#</DTMF>');
    expect(x.speak('Hi', { voice: 'MAN', language: 'en-IN', loop: 2 }).toString()).toBe(
      '<Speak voice="MAN" language="en-IN" loop="2">Hi</Speak>',
    );
  });

  it('nests Speak/Play in Gather and Speak/Play/Wait in PreAnswer', () => {
    const gather = x.gather(
      {
        action: 'https://app/menu',
        method: 'POST',
        inputType: 'dtmf speech',
        numDigits: 1,
        executionTimeout: 10,
        digitEndTimeout: 'auto',
        finishOnKey: '',
        language: 'en-IN',
        hints: ['billing', 'loans'],
        redirect: true,
      },
      [x.speak('Press 1'), x.play('https://app/menu.mp3')],
    );
    expect(gather.toString()).toBe(
      '<Gather action="https://app/menu" method="POST" inputType="dtmf speech" numDigits="1" executionTimeout="10" ' +
        'digitEndTimeout="auto" finishOnKey="" language="en-IN" hints="billing,loans" redirect="true">' +
        '<Speak>Press 1</Speak><Play>https://app/menu.mp3</Play></Gather>',
    );
    expect(
      x.preAnswer([x.speak('One moment'), x.wait({ length: 1 }), x.play('https://app/r.mp3')]).toString(),
    ).toBe(
      '<PreAnswer><Speak>One moment</Speak><Wait length="1"/><Play>https://app/r.mp3</Play></PreAnswer>',
    );
  });

  it('rejects wrong children at compile time and at run time', () => {
    // @ts-expect-error Dial takes only Number and User.
    expect(thrown(() => x.dial([x.speak('no')])).code).toBe('invalid_xml');
    // @ts-expect-error Number belongs inside Dial, not directly in Response.
    expect(thrown(() => x.response([x.number('+919800000000')])).message).toMatch(
      /<Response> may contain only/,
    );
    // @ts-expect-error Gather takes only Speak and Play.
    expect(thrown(() => x.gather({}, [x.hangup()])).code).toBe('invalid_xml');
    // @ts-expect-error PreAnswer takes only Speak, Play and Wait.
    expect(thrown(() => x.preAnswer([x.dial([x.number('+919800000000')])])).code).toBe('invalid_xml');
    expect(thrown(() => x.response([{ tag: 'Speak' } as never])).code).toBe('invalid_xml');
    expect(thrown(() => x.dial({ callerId: '+91' }, [])).message).toMatch(/at least one/);
  });

  it('validates enums and values with clear typed errors', () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => x.stream('wss://a.example', { audioTrack: 'left' as never }), /audioTrack/],
      [() => x.stream('wss://a.example', { contentType: 'audio/x-l16;rate=24000' as never }), /24 kHz/],
      [() => x.stream('wss://a.example', { contentType: 'audio/wav' as never }), /contentType/],
      [() => x.stream('wss://a.example', { keepCallAlive: true }), /requires bidirectional/],
      [
        () => x.stream('wss://a.example', { bidirectional: true, audioTrack: 'both' }),
        /only with audioTrack="inbound"/,
      ],
      [() => x.stream('https://a.example'), /wss or ws/],
      [() => x.stream('wss://a.example', { maxRetries: 11 }), /maxRetries/],
      [() => x.dial({ confirmKey: '12' }, [x.number('+919800000000')]), /confirmKey/],
      [() => x.dial({ confirmKey: 'a' }, [x.number('+919800000000')]), /confirmKey/],
      [() => x.dial({ timeout: 2.5 }, [x.number('+919800000000')]), /timeout/],
      [() => x.dial({ method: 'PUT' as never }, [x.number('+919800000000')]), /method/],
      [() => x.dial({ action: 'dial-result' }, [x.number('+919800000000')]), /absolute URL/],
      [() => x.dial({ sipHeaders: { 'handoff-id': 'x' } }, [x.number('+919800000000')]), /sipHeaders> key/],
      [() => x.dial({ sipHeaders: { id: 'a b' } }, [x.number('+919800000000')]), /sipHeaders> value/],
      [() => x.dial({ redirect: 'yes' as never }, [x.number('+919800000000')]), /true or false/],
      [() => x.dial({ digitsMatch: '12,ab' }, [x.number('+919800000000')]), /digitsMatch/],
      [() => x.number('call me'), /E\.164/],
      [() => x.user('agent42@host'), /SIP URI/],
      [() => x.hangup({ reason: 'nope' as never }), /reason/],
      [() => x.speak(''), /Speak/],
      [() => x.dtmf('12x'), /DTMF/],
      [() => x.speak('hi', { pitch: 3 } as never), /no attribute "pitch"/],
    ];
    for (const [fn, message] of cases) {
      const error = thrown(fn);
      expect(error.code).toBe('invalid_xml');
      expect(error.message).toMatch(message);
    }
  });

  it('throws xml_too_large past 100 KB of UTF-8', () => {
    const header = '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Speak></Speak></Response>'.length;
    const fits = x.response([x.speak('a'.repeat(MAX_XML_BYTES - header))]).toString();
    expect(Buffer.byteLength(fits)).toBe(MAX_XML_BYTES);
    expect(
      isHandoffError(
        thrown(() => x.response([x.speak('a'.repeat(MAX_XML_BYTES - header + 1))]).toString()),
        'xml_too_large',
      ),
    ).toBe(true);
    // Multi-byte characters count as bytes, not characters.
    const error = thrown(() => x.response([x.speak('€'.repeat(40_000))]).toString());
    expect(error.code).toBe('xml_too_large');
  });

  it('renders an empty response as an open/close pair', () => {
    expect(x.response().toString()).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<Response></Response>');
  });
});
