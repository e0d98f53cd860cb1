import { normaliseMethod } from './callbacks.js';
import { Interrupted } from './clock.js';
import { type Exec, type Flow, followXml, NEXT, raceSignal } from './flow.js';
import { logPrompt, runPrompt } from './prompts.js';
import { boolAttr, numAttr, type XmlElement } from './xml-parse.js';

/**
 * `<Gather>` (DTMF only): plays its prompts, which a key press interrupts, then collects digits
 * pushed with `call.pressDigits()` until numDigits, finishOnKey or a timeout.
 */
export async function runGather(exec: Exec, el: XmlElement): Promise<Flow> {
  const { runner, signal } = exec;
  const { rec, ctx } = runner;
  const numDigits = Math.max(1, Math.floor(numAttr(el, 'numDigits', 99)));
  const finishOnKey = el.attrs.finishOnKey ?? '#';
  const executionTimeoutMs = ctx.scaled(numAttr(el, 'executionTimeout', 15));
  const digitEndTimeoutMs = ctx.scaled(
    el.attrs.digitEndTimeout === 'auto' ? 5 : numAttr(el, 'digitEndTimeout', 5),
  );
  rec.push('gather_started', { numDigits, finishOnKey });

  let digits = '';
  let timer: NodeJS.Timeout | undefined;
  let finish: (reason: string) => void = () => undefined;
  const done = new Promise<string>((resolve) => {
    finish = resolve;
  });
  const arm = (ms: number, reason: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => finish(reason), ms);
  };
  const stopPrompts = new AbortController();
  const onDigit = (digit: string) => {
    stopPrompts.abort(new Interrupted('key pressed'));
    if (finishOnKey !== '' && digit === finishOnKey) return finish('finish_key');
    digits += digit;
    if (digits.length >= numDigits) return finish('num_digits');
    arm(digitEndTimeoutMs, 'digit_end_timeout');
  };
  rec.digitListeners.add(onDigit);
  let reason: string;
  try {
    const promptSignal = AbortSignal.any([stopPrompts.signal, signal]);
    try {
      for (const child of el.children) {
        await runPrompt(ctx, child, promptSignal, (heard) => logPrompt(rec, child, heard));
      }
    } catch (err) {
      if (signal.aborted) throw err;
    }
    if (digits === '') arm(executionTimeoutMs, 'timeout');
    reason = await raceSignal(done, signal);
  } finally {
    clearTimeout(timer);
    rec.digitListeners.delete(onDigit);
  }
  rec.push('gather_ended', { digits, reason });

  const action = el.attrs.action;
  // No input: like Twilio's, the document simply continues after <Gather>.
  if (digits === '' || !action) return NEXT;
  const method = normaliseMethod(el.attrs.method);
  const params = {
    ...runner.baseParams(),
    Digits: digits,
    InputType: 'dtmf',
    Speech: '',
    SpeechConfidenceScore: '',
  };
  if (!boolAttr(el, 'redirect', true)) {
    runner.notify('gather_action', action, method, params);
    return NEXT;
  }
  return followXml(exec, 'gather_action', action, method, params, 'next');
}
