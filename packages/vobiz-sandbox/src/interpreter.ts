import { normaliseMethod } from './callbacks.js';
import { sleep, throwIfInterrupted } from './clock.js';
import { DEFAULT_CONTENT_TYPE } from './codec.js';
import { runConference } from './conference.js';
import { runDial } from './dial.js';
import { type Exec, type Flow, followXml, NEXT, raceSignal } from './flow.js';
import { runGather } from './gather.js';
import { busyLine, endOfXml, normalHangup, rejected as rejectedCause } from './hangup-causes.js';
import { logPrompt, runPrompt } from './prompts.js';
import { runRecord } from './record.js';
import type { AudioTrack } from './stream-client.js';
import type { HangupInfo } from './types.js';
import { boolAttr, numAttr, parseKeyValueList, type XmlElement } from './xml-parse.js';

/**
 * Runs a VobizXML document element by element until it ends (→ "End Of XML Instructions"), a verb
 * hangs up, or the program is interrupted (throws Interrupted). Redirects and action documents
 * replace the remaining elements.
 */
export async function runElements(exec: Exec, elements: XmlElement[]): Promise<HangupInfo> {
  let list = elements;
  let index = 0;
  while (index < list.length) {
    throwIfInterrupted(exec.signal);
    const el = list[index++]!;
    exec.runner.rec.push('element', { name: el.name, attrs: { ...el.attrs } });
    const flow = await executeElement(exec, el);
    throwIfInterrupted(exec.signal);
    if (flow.kind === 'replace') {
      list = flow.elements;
      index = 0;
    } else if (flow.kind === 'hangup') {
      return flow.info;
    }
  }
  return endOfXml;
}

function executeElement(exec: Exec, el: XmlElement): Promise<Flow> {
  switch (el.name) {
    case 'Speak':
    case 'Play':
    case 'Wait':
      return prompt(exec, el);
    case 'PreAnswer':
      return preAnswer(exec, el);
    case 'DTMF':
      return dtmf(exec, el);
    case 'Hangup':
      return Promise.resolve(hangup(exec, el));
    case 'Redirect':
      return redirect(exec, el);
    case 'Stream':
      return stream(exec, el);
    case 'Dial':
      return runDial(exec, el);
    case 'Record':
      return runRecord(exec, el);
    case 'Gather':
      return runGather(exec, el);
    case 'Conference':
      return runConference(exec, el);
    default:
      // Unreachable: parseVobizXml rejects unknown verbs.
      return Promise.resolve(NEXT);
  }
}

async function prompt(exec: Exec, el: XmlElement): Promise<Flow> {
  const { runner } = exec;
  await runPrompt(runner.ctx, el, exec.signal, (heard) => logPrompt(runner.rec, el, heard));
  return NEXT;
}

async function preAnswer(exec: Exec, el: XmlElement): Promise<Flow> {
  for (const child of el.children) await prompt(exec, child);
  return NEXT;
}

async function dtmf(exec: Exec, el: XmlElement): Promise<Flow> {
  const digits = el.text;
  exec.runner.rec.push('dtmf_sent', { digits });
  // Each tone ~0.1 s; 'w' waits 0.5 s and 'W' 1 s, as in sendDigits.
  let seconds = 0;
  for (const c of digits) seconds += c === 'w' ? 0.5 : c === 'W' ? 1 : 0.1;
  await sleep(exec.runner.ctx.scaled(seconds), exec.signal);
  return NEXT;
}

function hangup(exec: Exec, el: XmlElement): Flow {
  const reason = el.attrs.reason?.toLowerCase();
  const info: HangupInfo =
    reason === 'rejected'
      ? { ...rejectedCause, source: 'Answer XML' }
      : reason === 'busy'
        ? { ...busyLine, source: 'Answer XML' }
        : normalHangup('Answer XML');
  const schedule = numAttr(el, 'schedule', 0);
  if (schedule > 0) {
    // A scheduled hang-up lets the following elements run until it fires.
    exec.runner.after(exec.runner.ctx.scaled(schedule), () => exec.runner.end(info));
    return NEXT;
  }
  return { kind: 'hangup', info };
}

async function redirect(exec: Exec, el: XmlElement): Promise<Flow> {
  const { runner } = exec;
  const url = el.text;
  const method = normaliseMethod(el.attrs.method);
  runner.rec.push('redirect', { url, method });
  return followXml(exec, 'redirect', url, method, { ...runner.baseParams(), Event: 'Redirect' }, 'invalid');
}

async function stream(exec: Exec, el: XmlElement): Promise<Flow> {
  const { runner } = exec;
  const url = el.text;
  if (!/^wss?:\/\/\S+$/i.test(url)) {
    // Vobiz does not reject the document; the stream just never starts and the XML moves on.
    runner.rec.push('stream_failed', {
      streamId: '',
      url,
      error: 'no ws:// or wss:// URL in the <Stream> text',
    });
    return NEXT;
  }
  const bidirectional = boolAttr(el, 'bidirectional', false);
  const audioTrack = (el.attrs.audioTrack ?? 'inbound') as AudioTrack;
  if (!['inbound', 'outbound', 'both'].includes(audioTrack)) {
    runner.rec.push('stream_failed', { streamId: '', url, error: `audioTrack="${audioTrack}" is not valid` });
    return NEXT;
  }
  if (bidirectional && audioTrack !== 'inbound') {
    // Documented Vobiz behaviour: a bidirectional stream on any track but inbound ends the call.
    runner.rec.push('stream_failed', {
      streamId: '',
      url,
      error: 'bidirectional streams need audioTrack="inbound"',
    });
    return { kind: 'hangup', info: endOfXml };
  }
  const { values: extraHeaders } = parseKeyValueList(el.attrs.extraHeaders);
  // keepCallAlive only holds the document when the stream is bidirectional.
  const keepCallAlive = boolAttr(el, 'keepCallAlive', false) && bidirectional;
  const session = runner.startStream(
    {
      url,
      bidirectional,
      audioTrack,
      contentType: el.attrs.contentType ?? DEFAULT_CONTENT_TYPE,
      keepCallAlive,
      streamTimeoutS: numAttr(el, 'streamTimeout', 86400),
      maxRetries: streamRetries(numAttr(el, 'maxRetries', 0)),
      statusCallbackUrl: el.attrs.statusCallbackUrl,
      statusCallbackMethod: normaliseMethod(el.attrs.statusCallbackMethod),
      extraHeaders,
      source: 'xml',
    },
    exec.program,
  );
  if (keepCallAlive) await raceSignal(session.done, exec.signal);
  return NEXT;
}

/** Documented clamping: below 0 → 0, above 10 → 10, non-integers → 0. */
function streamRetries(n: number): number {
  return Number.isInteger(n) ? Math.max(0, Math.min(10, n)) : 0;
}
