import { randomUUID } from 'node:crypto';
import type { DialLeg } from './call.js';
import { normaliseMethod } from './callbacks.js';
import { webhookNumber } from './context.js';
import { DialAttempt, type DialOptions } from './dial-attempt.js';
import { type Exec, type Flow, NEXT } from './flow.js';
import { boolAttr, numAttr, parseKeyValueList, type XmlElement } from './xml-parse.js';

interface Target {
  kind: 'number' | 'user';
  address: string;
  sipHeaders: Record<string, string>;
}

const vh = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [`X-VH-${k}`, v]));

function dialTargets(el: XmlElement): Target[] {
  // A bare number as the text of <Dial> is accepted shorthand for one <Number>.
  if (el.children.length === 0) return el.text ? [{ kind: 'number', address: el.text, sipHeaders: {} }] : [];
  return el.children
    .map(
      (c): Target => ({
        kind: c.name === 'User' ? 'user' : 'number',
        address: c.text,
        sipHeaders: parseKeyValueList(c.attrs.sipHeaders).values,
      }),
    )
    .filter((t) => t.address !== '');
}

/**
 * `<Dial>`: rings every target at once, bridges the first to answer (after its confirmSound
 * whisper), reports B-leg events to callbackUrl and the result to action.
 */
export async function runDial(exec: Exec, el: XmlElement): Promise<Flow> {
  const { rec, ctx } = exec.runner;
  const targets = dialTargets(el);
  const dialHeaders = parseKeyValueList(el.attrs.sipHeaders);
  // Without callerId Vobiz presents the A-leg's number, which carriers may refuse.
  const callerId = webhookNumber(el.attrs.callerId ?? rec.setup.from);
  const options: DialOptions = {
    action: el.attrs.action,
    method: normaliseMethod(el.attrs.method),
    redirect: boolAttr(el, 'redirect', true),
    callbackUrl: el.attrs.callbackUrl,
    callbackMethod: normaliseMethod(el.attrs.callbackMethod),
    timeoutMs: ctx.scaled(numAttr(el, 'timeout', 120)),
    timeLimitMs: ctx.scaled(Math.min(numAttr(el, 'timeLimit', 14400), 86400)),
    hangupOnStar: boolAttr(el, 'hangupOnStar', false),
    confirmSound: el.attrs.confirmSound,
    confirmSoundMethod: normaliseMethod(el.attrs.confirmSoundMethod),
    dialMusic: el.attrs.dialMusic,
    digitsMatch: (el.attrs.digitsMatch ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  };
  rec.push('dial_started', {
    targets: targets.map(({ kind, address }) => ({ kind, address })),
    callerId,
    attrs: { ...el.attrs },
    sipHeaders: vh(dialHeaders.values),
  });
  if (targets.length === 0) return NEXT;
  const legs = targets.map(
    (t, i): DialLeg => ({
      uuid: randomUUID(),
      to: t.address,
      position: i + 1,
      status: 'ringing',
      sipHeaders: vh({ ...dialHeaders.values, ...t.sipHeaders }),
    }),
  );
  rec.dialLegs.push(...legs);
  return new DialAttempt(exec, options, legs, callerId).run();
}
