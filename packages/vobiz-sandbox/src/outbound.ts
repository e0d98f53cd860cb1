import type { CallRunner } from './call-runner.js';
import { sleep } from './clock.js';
import { answeredBy, hangupAfterMs, type RingOutcome, ring } from './endpoints.js';
import {
  busyLine,
  machineDetected,
  outOfService,
  rejected,
  ringTimeout,
  scheduledHangup,
} from './hangup-causes.js';
import type { HttpMethod } from './types.js';

/** An outbound call from ringing to its answer XML: ring timeout, time limit, answering-machine detection. */

export interface MachineDetection {
  /** `true` continues the call when a machine answers; `hangup` ends it. */
  mode: 'true' | 'hangup';
  /** Analysis window (Vobiz milliseconds, scaled by timeScale). */
  timeMs: number;
  /** Set: asynchronous detection, reported here. Unset: synchronous, reported to answer_url. */
  url: string | undefined;
  method: HttpMethod;
}

export interface OutboundOptions {
  ringTimeoutS: number;
  timeLimitS: number | undefined;
  machineDetection: MachineDetection | undefined;
}

/** Rings the callee, then runs the answer URL (after or alongside machine detection) once answered. */
export async function ringOutbound(runner: CallRunner, options: OutboundOptions): Promise<void> {
  const { rec, ctx } = runner;
  const { setup } = rec;
  rec.push('created', { direction: 'outbound', from: setup.from, to: setup.to });
  rec.status = 'ringing';
  rec.push('ringing', { to: setup.to });
  if (setup.ringUrl)
    runner.notify('ring', setup.ringUrl, setup.ringMethod, { ...runner.baseParams(), Event: 'Ring' });
  const behaviour = ctx.endpoints.resolve(setup.to);
  const stopRinging = new AbortController();
  const signal = AbortSignal.any([stopRinging.signal, rec.ended.signal]);
  let outcome: RingOutcome | 'timeout';
  try {
    outcome = await Promise.race([
      ring(behaviour, signal),
      sleep(ctx.scaled(options.ringTimeoutS), signal).then(() => 'timeout' as const),
    ]);
  } catch {
    return; // ended while ringing (API cancel, sandbox closing)
  } finally {
    stopRinging.abort();
  }
  if (outcome === 'busy') return runner.end(busyLine, 'busy');
  if (outcome === 'rejected') return runner.end(rejected, 'busy');
  if (outcome === 'failed') return runner.end(outOfService, 'failed');
  if (outcome === 'timeout') return runner.end(ringTimeout, 'no-answer');

  const machine = outcome === 'machine';
  rec.status = 'in-progress';
  rec.answeredAt = rec.now();
  rec.push('answered', { machine, answeredBy: answeredBy(behaviour) });
  const remoteHangup = hangupAfterMs(behaviour);
  if (remoteHangup !== undefined) runner.after(remoteHangup, () => runner.hangup('caller'));
  if (options.timeLimitS !== undefined)
    runner.after(ctx.scaled(options.timeLimitS), () => runner.end(scheduledHangup));
  const detection = options.machineDetection;
  if (!detection) {
    await runner.runFromUrl('answer', setup.answerUrl, setup.answerMethod, { Event: 'StartApp' });
    return;
  }
  const ifMachine = detection.mode === 'hangup' ? 'hangup' : 'continue';
  const analysed = () => sleep(ctx.scaled(detection.timeMs / 1000), rec.ended.signal);
  if (!detection.url) {
    // Synchronous: the answer URL waits for the analysis and carries its result.
    try {
      await analysed();
    } catch {
      return;
    }
    rec.push('machine_detection', { machine, mode: 'sync', ifMachine });
    if (machine && ifMachine === 'hangup') return runner.end(machineDetected);
    await runner.runFromUrl('answer', setup.answerUrl, setup.answerMethod, {
      Event: 'StartApp',
      Machine: String(machine),
    });
    return;
  }
  // Asynchronous: the call runs its answer XML while the analysis goes on in the background.
  const url = detection.url;
  analysed().then(
    () => {
      rec.push('machine_detection', { machine, mode: 'async', ifMachine });
      if (machine || ctx.machineDetectionReports === 'every') {
        runner.notify('machine_detection', url, detection.method, {
          ...runner.baseParams(),
          Event: 'MachineDetection',
          Machine: String(machine),
          IfMachine: ifMachine,
        });
      }
      if (machine && ifMachine === 'hangup') runner.end(machineDetected);
    },
    () => undefined,
  );
  await runner.runFromUrl('answer', setup.answerUrl, setup.answerMethod, { Event: 'StartApp' });
}
