import { randomUUID } from 'node:crypto';
import { normaliseMethod } from './callbacks.js';
import { Interrupted } from './clock.js';
import { type Exec, type Flow, followXml, NEXT, raceSignal } from './flow.js';
import { boolAttr, numAttr, type XmlElement } from './xml-parse.js';

/**
 * `<Record>`: no audio is captured; the sandbox reports a recording at a local URL with the
 * timings a real one would have, so action/callback handlers can be exercised.
 */
export async function runRecord(exec: Exec, el: XmlElement): Promise<Flow> {
  const { runner, signal } = exec;
  const { rec, ctx } = runner;
  const recordingId = randomUUID();
  const session = boolAttr(el, 'recordSession', false);
  const action = el.attrs.action;
  const method = normaliseMethod(el.attrs.method);
  const callbackUrl = el.attrs.callbackUrl;
  const callbackMethod = normaliseMethod(el.attrs.callbackMethod);
  const format = el.attrs.fileFormat?.toLowerCase() === 'wav' ? 'wav' : 'mp3';
  const startedAt = rec.now();
  rec.push('record_started', { recordingId, session });

  const params = (endedAt: number, extra: Record<string, string>) => ({
    ...runner.baseParams(),
    RecordUrl: `${ctx.url()}/recordings/${recordingId}.${format}`,
    RecordingID: recordingId,
    RecordingDuration: String(Math.round((endedAt - startedAt) / 1000)),
    RecordingDurationMs: String(endedAt - startedAt),
    RecordingStartMs: String(startedAt),
    RecordingEndMs: String(endedAt),
    ...extra,
  });

  if (session) {
    rec.ended.signal.addEventListener(
      'abort',
      () => {
        const endedAt = rec.now();
        rec.push('record_stopped', { recordingId, durationMs: endedAt - startedAt, reason: 'call_ended' });
        const target = callbackUrl ?? action;
        if (!target) return;
        // Vobiz reports RecordStop last, after hangup_url and the Dial action; let those queue first.
        setImmediate(() =>
          runner.notify(
            'record_callback',
            target,
            callbackUrl ? callbackMethod : method,
            params(endedAt, { Event: 'RecordStop' }),
          ),
        );
      },
      { once: true },
    );
    return NEXT;
  }

  const maxLengthMs = ctx.scaled(numAttr(el, 'maxLength', 60));
  const finishOnKey = el.attrs.finishOnKey ?? '1234567890*#';
  let key = '';
  let cleanup: () => void = () => undefined;
  const stopped = new Promise<string>((resolve) => {
    const timer = setTimeout(() => resolve('max_length'), maxLengthMs);
    const onDigit = (digit: string) => {
      if (!finishOnKey.includes(digit)) return;
      key = digit;
      resolve('finish_key');
    };
    rec.digitListeners.add(onDigit);
    cleanup = () => {
      clearTimeout(timer);
      rec.digitListeners.delete(onDigit);
    };
  });
  let reason: string;
  try {
    reason = await raceSignal(stopped, signal);
  } catch (err) {
    // A caller hanging up mid-recording still produces a recording: notify the action.
    if (err instanceof Interrupted && rec.isEnded) {
      const endedAt = rec.now();
      rec.push('record_stopped', { recordingId, durationMs: endedAt - startedAt, reason: 'hangup' });
      if (action)
        runner.notify(
          'record_action',
          action,
          method,
          params(endedAt, { Event: 'Record', Digits: 'hangup' }),
        );
    }
    throw err;
  } finally {
    cleanup();
  }
  const endedAt = rec.now();
  rec.push('record_stopped', { recordingId, durationMs: endedAt - startedAt, reason });
  if (callbackUrl) {
    runner.notify(
      'record_callback',
      callbackUrl,
      callbackMethod,
      params(endedAt, { Event: 'RecordStop', Digits: key }),
    );
  }
  if (!action) return NEXT;
  const actionParams = params(endedAt, { Event: 'Record', Digits: key });
  if (!boolAttr(el, 'redirect', true)) {
    runner.notify('record_action', action, method, actionParams);
    return NEXT;
  }
  return followXml(exec, 'record_action', action, method, actionParams, 'next');
}
