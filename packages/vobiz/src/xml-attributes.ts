import type { AudioTrack, HttpMethod, KeyValues, StreamContentType } from './validate.js';

/** The attributes each VobizXML element accepts, as the builder in `xml.ts` takes them. */

export interface SpeakAttributes {
  voice?: 'WOMAN' | 'MAN' | (string & {});
  language?: string;
  /** 0 repeats until something else happens. */
  loop?: number;
}

export interface PlayAttributes {
  loop?: number;
}

export interface WaitAttributes {
  length?: number;
  silence?: boolean;
  minSilence?: number;
  beep?: boolean;
}

export interface DialAttributes {
  action?: string;
  method?: HttpMethod;
  redirect?: boolean;
  callbackUrl?: string;
  callbackMethod?: HttpMethod;
  /** Set it to a DID the account owns; an omitted callerId can make the B-leg fail. */
  callerId?: string;
  callerName?: string;
  timeout?: number;
  timeLimit?: number;
  hangupOnStar?: boolean;
  /** `real` (normal ringback) or a URL returning Play/Speak/Wait. */
  dialMusic?: string;
  confirmSound?: string;
  /** Vobiz calls enforcement of this "currently unverified"; do not rely on it as a gate. */
  confirmKey?: string;
  confirmTimeout?: number;
  digitsMatch?: string | readonly string[];
  digitsMatchBLeg?: string | readonly string[];
  sipHeaders?: KeyValues | string;
}

export interface NumberAttributes {
  sendDigits?: string;
  sendOnPreanswer?: boolean;
}

export interface UserAttributes extends NumberAttributes {
  sipHeaders?: KeyValues | string;
}

export interface StreamAttributes {
  bidirectional?: boolean;
  /** With `bidirectional`, only `inbound` works. */
  audioTrack?: AudioTrack;
  /** Inbound format. Vobiz's default is L16/8k, so set it. */
  contentType?: StreamContentType;
  /** Requires `bidirectional`. */
  keepCallAlive?: boolean;
  streamTimeout?: number;
  statusCallbackUrl?: string;
  statusCallbackMethod?: HttpMethod;
  extraHeaders?: KeyValues | string;
  maxRetries?: number;
}

export interface RedirectAttributes {
  method?: HttpMethod;
}

export interface HangupAttributes {
  reason?: 'rejected' | 'busy';
  schedule?: number;
}

export interface RecordAttributes {
  action?: string;
  method?: HttpMethod;
  fileFormat?: 'mp3' | 'wav';
  redirect?: boolean;
  /** Seconds of silence that end the recording. */
  timeout?: number;
  maxLength?: number;
  playBeep?: boolean;
  finishOnKey?: string;
  recordSession?: boolean;
  startOnDialAnswer?: boolean;
  transcriptionType?: 'auto' | 'hybrid';
  transcriptionUrl?: string;
  transcriptionMethod?: HttpMethod;
  callbackUrl?: string;
  callbackMethod?: HttpMethod;
}

export interface ConferenceAttributes {
  muted?: boolean;
  beep?: boolean;
  startConferenceOnEnter?: boolean;
  endConferenceOnExit?: boolean;
  /** Without it a lone member is removed from the room at once. */
  stayAlone?: boolean;
  maxParticipants?: number;
  waitSound?: string;
  waitMethod?: HttpMethod;
  timeLimit?: number;
  hangupOnStar?: boolean;
  record?: boolean;
  recordFileFormat?: 'mp3' | 'wav';
  action?: string;
  method?: HttpMethod;
  callbackUrl?: string;
  callbackMethod?: HttpMethod;
  digitsMatch?: string | readonly string[];
  redirect?: boolean;
  relayDTMF?: boolean;
  enterSound?: string;
  exitSound?: string;
}

export interface GatherAttributes {
  action?: string;
  method?: HttpMethod;
  inputType?: 'dtmf' | 'speech' | 'dtmf speech';
  numDigits?: number;
  /** Vobiz's Gather timeout (5-60 s); `<Gather>` has no `timeout` attribute. */
  executionTimeout?: number;
  digitEndTimeout?: number | 'auto';
  speechEndTimeout?: number | 'auto';
  finishOnKey?: string;
  language?: string;
  hints?: string | readonly string[];
  speechModel?: string;
  redirect?: boolean;
  profanityFilter?: boolean;
  log?: boolean;
  interimSpeechResultsCallback?: string;
  interimSpeechResultsCallbackMethod?: HttpMethod;
}

export interface DtmfAttributes {
  async?: boolean;
}
