import type { CallbackPurpose } from './callbacks.js';
import type { CallDirection, HangupInfo } from './types.js';

export type XmlPurpose =
  | 'answer'
  | 'fallback'
  | 'redirect'
  | 'transfer'
  | 'dial_action'
  | 'confirm_sound'
  | 'dial_music'
  | 'record_action'
  | 'gather_action'
  | 'bleg_transfer'
  | 'wait_sound';

export type StreamEndReason =
  | 'stop'
  | 'dropped'
  | 'connect_failed'
  | 'timeout'
  | 'hangup'
  | 'transfer'
  | 'api'
  | 'shutdown';

export type DialStatus = 'completed' | 'busy' | 'failed' | 'cancel' | 'timeout' | 'no-answer';

/** Payloads of every event a call can log, keyed by event type. */
export interface CallEventMap {
  created: { direction: CallDirection; from: string; to: string };
  ringing: { to: string };
  answered: { machine: boolean; answeredBy?: 'human' | 'voicemail' | 'ivr' };
  machine_detection: { machine: boolean; mode: 'sync' | 'async'; ifMachine: 'continue' | 'hangup' };
  rejected: { reason: string };
  xml_fetched: { purpose: XmlPurpose; url: string; method: string; status: number | undefined; body: string };
  xml_invalid: { purpose: XmlPurpose; url: string; reason: string };
  element: { name: string; attrs: Record<string, string> };
  speak: { text: string; voice: string; language: string; loop: number; durationMs: number };
  play: { url: string; loop: number; durationMs: number };
  wait: { seconds: number; durationMs: number };
  dtmf_sent: { digits: string };
  redirect: { url: string; method: string };
  transfer: { legs: string; alegUrl: string | undefined; blegUrl: string | undefined };
  digits_pressed: { digits: string };
  stream_connecting: { streamId: string; url: string; attempt: number };
  stream_connected: { streamId: string; url: string };
  stream_start_sent: { streamId: string; message: Record<string, unknown> };
  stream_failed: { streamId: string; url: string; error: string };
  stream_no_media: { streamId: string; reason: string };
  stream_play_audio: {
    streamId: string;
    bytes: number;
    durationMs: number;
    contentType: string;
    sampleRate: number;
  };
  stream_audio_played: { streamId: string; bytes: number; durationMs: number };
  stream_checkpoint: { streamId: string; name: string };
  stream_played: { streamId: string; name: string };
  stream_cleared: { streamId: string; droppedBytes: number; skippedCheckpoints: string[] };
  stream_dtmf_sent: { streamId: string; digit: string };
  stream_stop_received: { streamId: string };
  stream_message_ignored: { streamId: string; event: string; reason: string };
  stream_closed: { streamId: string; reason: StreamEndReason; sentStop: false };
  dial_started: {
    targets: Array<{ kind: 'number' | 'user'; address: string }>;
    callerId: string;
    attrs: Record<string, string>;
    sipHeaders: Record<string, string>;
  };
  dial_ringing: { bLegUuid: string; to: string; position: number; sipHeaders: Record<string, string> };
  dial_answered: { bLegUuid: string; to: string; position: number; machine: boolean };
  dial_leg_ended: { bLegUuid: string; to: string; position: number; hangup: HangupInfo };
  dial_music: { verb: string; text?: string; url?: string };
  whisper: {
    verb: 'Speak' | 'Play' | 'Wait';
    text?: string;
    url?: string;
    bLegUuid: string;
    durationMs: number;
  };
  bridged: { bLegUuid: string; to: string };
  unbridged: { bLegUuid: string; to: string; by: string };
  dial_result: { status: DialStatus; bLegUuid: string; hangupCause: string };
  bleg_transferred: { bLegUuid: string; url: string };
  record_started: { recordingId: string; session: boolean };
  record_stopped: { recordingId: string; durationMs: number; reason: string };
  gather_started: { numDigits: number; finishOnKey: string };
  gather_ended: { digits: string; reason: string };
  conference_joined: { room: string; memberId: string; size: number; started: boolean };
  conference_left: { room: string; memberId: string; size: number; reason: string };
  conference_wait_sound: { room: string; verb: 'Speak' | 'Play' | 'Wait'; text?: string; url?: string };
  /** A REST Conference member action that reached this call (mute, deaf, play, speak, kick...). */
  conference_control: { room: string; memberId: string; action: string; text?: string; url?: string };
  api_speak: { text: string; legs: string };
  api_speak_stopped: Record<string, never>;
  api_play: { urls: string[]; legs: string };
  api_play_stopped: Record<string, never>;
  api_dtmf: { digits: string; leg: string };
  callback: {
    purpose: CallbackPurpose;
    url: string;
    method: string;
    event: string | undefined;
    attempt: number;
    status: number | undefined;
    ok: boolean;
    error?: string;
    params: Record<string, string>;
  };
  hangup: HangupInfo & { durationS: number };
}

export type CallEventType = keyof CallEventMap;

export type CallEventOf<K extends CallEventType> = { type: K; at: number; seq: number } & CallEventMap[K];

/** One entry of `call.log`: `at` is the sandbox clock in ms, `seq` the position in the log. */
export type CallEvent = { [K in CallEventType]: CallEventOf<K> }[CallEventType];
