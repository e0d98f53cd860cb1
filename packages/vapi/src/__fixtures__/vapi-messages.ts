import { readFileSync } from 'node:fs';

type Json = Record<string, unknown>;

/** A recorded server message from this folder, as parsed JSON (`_source` says where its shape is from). */
export function fixture(name: string): { message: Json; _source: string } {
  return JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8'));
}

export interface CallShape {
  vapiCallId: string;
  /** The Vobiz call UUID the gateway's SIP leg carries; omitted for a VAPI-native number. */
  vobizCallId?: string;
  controlUrl?: string;
  from?: string;
  startedAt?: number;
}

/** A VAPI `call` object as the recorded fixtures have it, for a given call. */
export function vapiCall(shape: CallShape): Json {
  const started = new Date(shape.startedAt ?? Date.now()).toISOString();
  return {
    id: shape.vapiCallId,
    orgId: 'eb166faa-7145-46ef-8044-589b47ae3b56',
    type: 'inboundPhoneCall',
    status: 'in-progress',
    createdAt: started,
    updatedAt: started,
    startedAt: started,
    phoneCallProvider: 'vapi',
    phoneCallTransport: 'sip',
    ...(shape.vobizCallId
      ? {
          phoneCallProviderDetails: {
            sip: { headers: { 'X-VH-handoffCall': shape.vobizCallId.replace(/-/gu, '') } },
          },
        }
      : {}),
    ...(shape.controlUrl ? { monitor: { controlUrl: shape.controlUrl } } : {}),
    customer: { number: shape.from ?? '+919811111111' },
  };
}

/** `fixture(name)` with its call replaced by `call` and top-level fields overridden. */
export function recorded(name: string, call: Json, fields: Json = {}): { message: Json } {
  const { message } = fixture(name);
  return { message: { ...message, call, ...fields } };
}

/** A user or bot message of VAPI's history (`UserMessage` / `BotMessage`). */
export function historyMessage(
  role: 'user' | 'bot',
  text: string,
  time: number,
  startedAt: number,
  confidence?: number,
): Json {
  const words = text.split(/\s+/u).filter(Boolean);
  const duration = words.length * 400;
  return {
    role,
    message: text,
    time,
    endTime: time + duration,
    secondsFromStart: (time - startedAt) / 1000,
    duration,
    ...(role === 'user' && confidence !== undefined
      ? {
          metadata: {
            wordLevelConfidence: words.map((word, i) => ({
              word: word.toLowerCase(),
              start: (time - startedAt) / 1000 + i * 0.4,
              end: (time - startedAt) / 1000 + (i + 1) * 0.4,
              confidence,
              punctuated_word: word,
            })),
          },
        }
      : {}),
  };
}
