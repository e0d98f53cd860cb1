import type { CallSetup } from './call.js';
import type { CallRunner } from './call-runner.js';
import type { CallbackClient } from './callbacks.js';
import type { ConferenceRooms } from './conference.js';
import type { EndpointDirectory } from './endpoints.js';
import type { MediaTicker } from './media-ticker.js';
import type { Clock, StartShape } from './types.js';

/** Resolved options and shared services every part of one sandbox instance works with. */
export interface SandboxContext {
  readonly authId: string;
  readonly accountId: string;
  readonly clock: Clock;
  readonly timeScale: number;
  readonly playbackTimeScale: number;
  readonly playSeconds: number;
  readonly startShape: StartShape;
  readonly l16ByteOrder: 'little' | 'big';
  readonly dialActionEvent: 'DialAction' | 'Redirect';
  readonly ownedNumbers: ReadonlySet<string> | undefined;
  readonly consoleTimeZone: string;
  readonly conferenceStayAloneDefault: boolean;
  readonly conferenceDetails: 'documented' | 'failed';
  readonly machineDetectionReports: 'machine' | 'every';
  readonly wsHandshakeTimeoutMs: number;
  readonly callbacks: CallbackClient;
  readonly endpoints: EndpointDirectory;
  readonly ticker: MediaTicker;
  readonly conferences: ConferenceRooms;
  /** Aborted by `sandbox.close()`. */
  readonly shutdown: AbortSignal;
  readonly runners: Map<string, CallRunner>;
  /** Registers a new call the sandbox itself creates (a B-leg transferred out of its bridge). */
  spawn(setup: CallSetup): CallRunner;
  /** The sandbox's own origin, e.g. for RecordUrl. */
  url(): string;
  /** Vobiz seconds → real milliseconds under `timeScale`. */
  scaled(seconds: number): number;
}

export function webhookNumber(n: string): string {
  return n.trim().replace(/^\+/, '');
}
