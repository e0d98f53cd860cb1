import type { HandoffContext, LadderStep, PiiPolicy, ResolvedDestination } from '@handoff/core';
import { renderSipHeaders, toVobizSipHeaderAttr } from '@handoff/core';
import {
  compactCallUuid,
  type DialChild,
  type ResponseChild,
  type SpeakAttributes,
  type StreamElement,
  vobizXml,
} from '@handoff/vobiz';
import type { AnswerRoute } from './options.js';
import type { PublicUrls } from './public-urls.js';

/** What the XML builders need from the gateway's configuration. */
export interface XmlSettings {
  urls: PublicUrls;
  answer: AnswerRoute;
  callerId?: string;
  announce?: string;
  dialMusic?: string;
  ringTimeoutSec: number;
  voicemailMaxLengthSec: number;
  speak: SpeakAttributes;
  /** The handoff's PII policy: the human's phone and whisper never get unmasked card numbers. */
  pii: PiiPolicy | false | undefined;
}

const DEFAULT_CONTENT_TYPE = 'audio/x-mulaw;rate=8000';

/** `<Response/>`: what callbacks whose answer Vobiz ignores get, and "nothing more to do". */
export const EMPTY_XML = vobizXml.response().toString();

const XML_HEADERS = { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-store' };

/** A Vobiz XML document as the `/vobiz/*` routes answer it (never cached: it follows the record). */
export const xml = (body: string) => new Response(body, { headers: XML_HEADERS });

function speak(settings: XmlSettings, text: string | undefined): ResponseChild[] {
  const line = text?.trim();
  return line ? [vobizXml.speak(line, settings.speak)] : [];
}

/** The AI's audio socket: explicit content type, because Vobiz's default (L16) is not Plivo's (μ-law). */
export function streamElement(settings: XmlSettings, mediaToken: string): StreamElement {
  const route = settings.answer;
  const url = route.kind === 'stream' && route.url ? route.url : settings.urls.ws(`/media/${mediaToken}`);
  return vobizXml.stream(url, {
    bidirectional: true,
    keepCallAlive: true,
    audioTrack: 'inbound',
    contentType: route.kind === 'stream' ? (route.contentType ?? DEFAULT_CONTENT_TYPE) : DEFAULT_CONTENT_TYPE,
  });
}

/**
 * The SIP agent leg. The Vobiz call UUID rides along (without dashes: Vobiz allows only
 * `[A-Za-z0-9]`), so the agent's platform can report turns and transfers against it.
 */
function sipAgentDial(
  settings: XmlSettings,
  route: Extract<AnswerRoute, { kind: 'sip' }>,
  callUuid: string,
  extra: Record<string, string> = {},
) {
  const callerId = route.callerId ?? settings.callerId;
  return vobizXml.dial(
    { sipHeaders: { handoffCall: compactCallUuid(callUuid), ...extra }, ...(callerId ? { callerId } : {}) },
    [vobizXml.user(route.uri)],
  );
}

/** The answer document: the call goes to the AI, over a media stream or to a SIP agent. */
export function answerXml(settings: XmlSettings, callUuid: string, mediaToken: string | undefined): string {
  const route = settings.answer;
  if (route.kind === 'sip') return vobizXml.response([sipAgentDial(settings, route, callUuid)]).toString();
  return vobizXml.response([streamElement(settings, mediaToken ?? '')]).toString();
}

export interface DialTarget {
  handoffId: string;
  /** The handoff's URL token, already verified: every callback URL carries it. */
  token: string;
  attempt: number;
  destination: ResolvedDestination;
  context: HandoffContext;
}

/**
 * One attempt at a destination: every number and SIP user rings at once, and each callback URL
 * carries the token and the attempt number, so a late event from an earlier attempt is told apart.
 */
export function dialElement(settings: XmlSettings, target: DialTarget) {
  const { handoffId, token, attempt, destination } = target;
  const id = encodeURIComponent(handoffId);
  const children: DialChild[] = [
    ...destination.numbers.map((n) => vobizXml.number(n)),
    ...destination.sipUris.map((uri) => vobizXml.user(uri)),
  ];
  const callerId = destination.callerId ?? settings.callerId;
  const sipHeaders = toVobizSipHeaderAttr(renderSipHeaders(target.context, { pii: settings.pii }));
  return vobizXml.dial(
    {
      ...(callerId ? { callerId } : {}),
      timeout: destination.ringTimeoutSec ?? settings.ringTimeoutSec,
      action: settings.urls.http(`/vobiz/dial-result/${id}`, { t: token, a: String(attempt) }),
      method: 'POST',
      redirect: true,
      callbackUrl: settings.urls.http(`/vobiz/dial-events/${id}`, { t: token, a: String(attempt) }),
      callbackMethod: 'POST',
      confirmSound: settings.urls.http(`/vobiz/whisper/${id}`, { t: token, a: String(attempt) }),
      ...(settings.dialMusic ? { dialMusic: settings.dialMusic } : {}),
      ...(sipHeaders ? { sipHeaders } : {}),
    },
    children,
  );
}

/** What Vobiz runs when the transfer lands: an optional announcement, then the Dial. */
export function transferXml(settings: XmlSettings, target: DialTarget): string {
  return vobizXml.response([...speak(settings, settings.announce), dialElement(settings, target)]).toString();
}

/** The ladder's next destination: straight to the Dial, the caller already heard why. */
export function nextDialXml(settings: XmlSettings, target: DialTarget): string {
  return vobizXml.response([dialElement(settings, target)]).toString();
}

/** The brief for the human only: confirmSound documents may hold Speak/Play/Wait and nothing else. */
export function whisperXml(settings: XmlSettings, text: string): string {
  return vobizXml.response(speak(settings, text)).toString();
}

export interface StepTarget {
  handoffId: string;
  token: string;
  callUuid: string;
  /** For `back_to_ai` on stream routes: the token of the stream the call returns to. */
  resumeToken?: string;
}

/** The ladder's next rung after a failed attempt, as the document Vobiz runs next. */
export function stepXml(
  settings: XmlSettings,
  step: Exclude<LadderStep, { kind: 'next_destination' }>,
  target: StepTarget,
): string {
  const id = encodeURIComponent(target.handoffId);
  switch (step.kind) {
    case 'none':
      return vobizXml.response([vobizXml.hangup()]).toString();
    case 'back_to_ai': {
      const route = settings.answer;
      const back =
        route.kind === 'sip'
          ? sipAgentDial(settings, route, target.callUuid, {
              handoffId: target.handoffId,
              handoffReason: sipSafe(step.reason),
            })
          : streamElement(settings, target.resumeToken ?? '');
      return vobizXml.response([...speak(settings, step.sayToCaller), back]).toString();
    }
    case 'voicemail':
      return vobizXml
        .response([
          ...speak(settings, step.sayToCaller),
          vobizXml.record({
            action: settings.urls.http(`/vobiz/recording/${id}`, { t: target.token }),
            method: 'POST',
            redirect: true,
            maxLength: settings.voicemailMaxLengthSec,
            playBeep: true,
            finishOnKey: '#',
          }),
          // Reached only if the recording's action cannot be fetched.
          vobizXml.hangup(),
        ])
        .toString();
    case 'callback':
    case 'hangup':
      return vobizXml.response([...speak(settings, step.sayToCaller), vobizXml.hangup()]).toString();
  }
}

export function hangupXml(settings: XmlSettings, text?: string): string {
  return vobizXml.response([...speak(settings, text), vobizXml.hangup()]).toString();
}

/** `no_answer` → `noAnswer`: SIP header values must be `[A-Za-z0-9]`. */
export function sipSafe(value: string): string {
  return value.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) =>
    next ? next.toUpperCase() : '',
  );
}
