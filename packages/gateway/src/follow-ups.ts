import { type HandoffStore, isHandoffError, keyPrefix, storeKey } from '@handoff/core';

/** A caller the ladder promised a call back: someone should ring `number`. */
export interface CallbackRequest {
  handoffId: string;
  callId: string;
  /** The caller's number as Vobiz reported it (E.164), when known. */
  number?: string;
  destination?: string;
  /** What went wrong before the promise was made (`no_answer`, `busy`, …). */
  reason: string;
  status: 'pending';
  requestedAt: number;
}

/** A message left on the `voicemail` rung. */
export interface VoicemailRecord {
  handoffId: string;
  callId: string;
  recordUrl?: string;
  recordingId?: string;
  durationSec?: number;
  at: number;
}

const callbackKey = (handoffId: string) => storeKey('callback', handoffId);
const voicemailKey = (handoffId: string) => storeKey('voicemail', handoffId);

/** What the ladder left for people to do after the call: call-backs promised, messages left. */
export class FollowUps {
  constructor(private readonly store: HandoffStore) {}

  /** Records the promise once; a retried callback keeps the first one. */
  async requestCallback(request: CallbackRequest): Promise<void> {
    try {
      await this.store.put(callbackKey(request.handoffId), request, { expectedVersion: 0 });
    } catch (error) {
      if (!isHandoffError(error, 'store_conflict')) throw error;
    }
  }

  async callback(handoffId: string): Promise<CallbackRequest | undefined> {
    return (await this.store.get<CallbackRequest>(callbackKey(handoffId)))?.value;
  }

  async callbacks(): Promise<CallbackRequest[]> {
    const records = await this.store.list<CallbackRequest>(keyPrefix('callback'));
    return records.map((r) => r.value).sort((a, b) => b.requestedAt - a.requestedAt);
  }

  async saveVoicemail(record: VoicemailRecord): Promise<void> {
    await this.store.put(voicemailKey(record.handoffId), record);
  }

  async voicemail(handoffId: string): Promise<VoicemailRecord | undefined> {
    return (await this.store.get<VoicemailRecord>(voicemailKey(handoffId)))?.value;
  }
}
