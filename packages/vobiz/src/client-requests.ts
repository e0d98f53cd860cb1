import type {
  CallLegs,
  MakeCallOptions,
  PlayOptions,
  SendDigitsOptions,
  SpeakOptions,
  StartStreamOptions,
  TransferCallOptions,
} from './client-types.js';
import { VobizError } from './errors.js';
import {
  AUDIO_TRACKS,
  absoluteUrl,
  dtmfDigits,
  type Fail,
  HTTP_METHODS,
  type HttpMethod,
  integer,
  keyValueList,
  nonEmpty,
  oneOf,
  REST_STREAM_CONTENT_TYPES,
} from './validate.js';

// The wire bodies of `VobizClient`'s requests, checked before anything is sent: a bad option fails
// with `invalid_request` and no request leaves.

export const failRequest: Fail = (message) => {
  throw new VobizError({ status: 0, code: 'invalid_request', message: `Invalid Vobiz request: ${message}` });
};

/** Drops undefined fields so the wire body carries only what the caller set. */
function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/** The transfer's body: each leg named in `legs` needs its URL. */
export function transferBody(options: TransferCallOptions): Record<string, unknown> {
  const legs = oneOf(options.legs ?? 'aleg', ['aleg', 'bleg', 'both'] as const, 'legs', failRequest);
  const body: Record<string, unknown> = { legs };
  if (legs === 'aleg' || legs === 'both') {
    body.aleg_url = absoluteUrl(options.alegUrl, `alegUrl (required for legs="${legs}")`, failRequest);
    body.aleg_method = oneOf(options.alegMethod ?? 'POST', HTTP_METHODS, 'alegMethod', failRequest);
  }
  if (legs === 'bleg' || legs === 'both') {
    body.bleg_url = absoluteUrl(options.blegUrl, `blegUrl (required for legs="${legs}")`, failRequest);
    body.bleg_method = oneOf(options.blegMethod ?? 'POST', HTTP_METHODS, 'blegMethod', failRequest);
  }
  return body;
}

export function makeCallBody(options: MakeCallOptions): Record<string, unknown> {
  const to = typeof options.to === 'string' ? [options.to] : [...options.to];
  if (to.length === 0 || to.length > 1000) failRequest('to must hold between 1 and 1000 destinations');
  for (const destination of to) {
    if (nonEmpty(destination, 'to', failRequest).includes('<')) {
      failRequest('a destination may not contain "<"');
    }
  }
  if (options.callerName !== undefined && [...options.callerName].length > 50) {
    failRequest('callerName may be at most 50 characters');
  }
  const url = (value: string | undefined, label: string) =>
    value === undefined ? undefined : absoluteUrl(value, label, failRequest);
  const method = (value: HttpMethod | undefined, label: string) =>
    value === undefined ? undefined : oneOf(value, HTTP_METHODS, label, failRequest);
  const count = (value: number | undefined, label: string) =>
    value === undefined ? undefined : integer(value, label, failRequest);

  return {
    ...options.extra,
    ...definedOnly({
      from: nonEmpty(options.from, 'from', failRequest),
      to: to.join('<'),
      answer_url: absoluteUrl(options.answerUrl, 'answerUrl', failRequest),
      answer_method: oneOf(options.answerMethod ?? 'POST', HTTP_METHODS, 'answerMethod', failRequest),
      ring_url: url(options.ringUrl, 'ringUrl'),
      ring_method: method(options.ringMethod, 'ringMethod'),
      hangup_url: url(options.hangupUrl, 'hangupUrl'),
      hangup_method: method(options.hangupMethod, 'hangupMethod'),
      fallback_url: url(options.fallbackUrl, 'fallbackUrl'),
      fallback_method: method(options.fallbackMethod, 'fallbackMethod'),
      caller_name: options.callerName,
      send_digits:
        options.sendDigits === undefined
          ? undefined
          : dtmfDigits(options.sendDigits, 'sendDigits', failRequest),
      send_on_preanswer: options.sendOnPreanswer,
      time_limit: count(options.timeLimit, 'timeLimit'),
      ring_timeout: count(options.ringTimeout, 'ringTimeout'),
      hangup_on_ring: count(options.hangupOnRing, 'hangupOnRing'),
      machine_detection:
        options.machineDetection === undefined || options.machineDetection === false
          ? undefined
          : options.machineDetection === true
            ? 'true'
            : oneOf(options.machineDetection, ['hangup'] as const, 'machineDetection', failRequest),
      machine_detection_time: count(options.machineDetectionTime, 'machineDetectionTime'),
      machine_detection_url: url(options.machineDetectionUrl, 'machineDetectionUrl'),
      machine_detection_method: method(options.machineDetectionMethod, 'machineDetectionMethod'),
      sip_headers:
        options.sipHeaders === undefined
          ? undefined
          : keyValueList(options.sipHeaders, 'sipHeaders', failRequest),
    }),
  };
}

/** Which legs hear it: Vobiz's default when unset. */
function legsOf(legs: CallLegs | undefined): CallLegs | undefined {
  return legs === undefined ? undefined : oneOf(legs, ['aleg', 'bleg', 'both'] as const, 'legs', failRequest);
}

export function speakBody(options: SpeakOptions): Record<string, unknown> {
  return definedOnly({
    text: nonEmpty(options.text, 'text', failRequest),
    voice: options.voice,
    language: options.language,
    legs: legsOf(options.legs),
    loop: options.loop,
    mix: options.mix,
  });
}

export function playBody(options: PlayOptions): Record<string, unknown> {
  const urls = typeof options.urls === 'string' ? [options.urls] : [...options.urls];
  if (urls.length === 0) failRequest('urls must hold at least one URL');
  return definedOnly({
    // A comma inside one URL would split it in two on Vobiz's side.
    urls: urls.map((u) => absoluteUrl(u, 'urls', failRequest).replaceAll(',', '%2C')).join(','),
    legs: legsOf(options.legs),
    loop: options.loop,
    mix: options.mix,
  });
}

export function sendDigitsBody(options: SendDigitsOptions): Record<string, unknown> {
  return definedOnly({
    digits: dtmfDigits(options.digits, 'digits', failRequest),
    leg: options.leg === undefined ? undefined : oneOf(options.leg, ['aleg', 'bleg'], 'leg', failRequest),
  });
}

export function startStreamBody(options: StartStreamOptions): Record<string, unknown> {
  if (typeof options.bidirectional !== 'boolean') failRequest('bidirectional must be a boolean');
  return definedOnly({
    service_url: absoluteUrl(options.serviceUrl, 'serviceUrl', failRequest, ['ws:', 'wss:']),
    // Sent as the string "true"/"false": Vobiz's own warm-transfer reference reports that the
    // server compares against the string and a JSON boolean silently yields a one-way stream.
    bidirectional: options.bidirectional ? 'true' : 'false',
    audio_track: oneOf(options.audioTrack, AUDIO_TRACKS, 'audioTrack', failRequest),
    content_type: oneOf(options.contentType, REST_STREAM_CONTENT_TYPES, 'contentType', failRequest),
    stream_timeout:
      options.streamTimeout === undefined
        ? undefined
        : integer(options.streamTimeout, 'streamTimeout', failRequest, { min: 1 }),
    status_callback_url:
      options.statusCallbackUrl === undefined
        ? undefined
        : absoluteUrl(options.statusCallbackUrl, 'statusCallbackUrl', failRequest),
    status_callback_method:
      options.statusCallbackMethod === undefined
        ? undefined
        : oneOf(options.statusCallbackMethod, HTTP_METHODS, 'statusCallbackMethod', failRequest),
    extra_headers:
      options.extraHeaders === undefined
        ? undefined
        : keyValueList(options.extraHeaders, 'extraHeaders', failRequest, 512),
  });
}
