import type { Handoff } from '@handoff/core';

/** How an inbound call reaches the AI agent. */
export type AnswerRoute =
  /** A WebSocket agent: Vobiz `<Stream>` to `<publicUrl>/media/<token>` (or your own `url`). */
  | {
      kind: 'stream';
      url?: string;
      contentType?: 'audio/x-mulaw;rate=8000' | 'audio/x-l16;rate=8000' | 'audio/x-l16;rate=16000';
      platform?: string;
    }
  /** A SIP agent (LiveKit, Retell, VAPI): `<Dial sipHeaders="handoffCall=…"><User>uri</User></Dial>`. */
  | { kind: 'sip'; uri: string; platform?: string; callerId?: string };

export interface WebhookTarget {
  url: string;
  /** HMAC-SHA256 key for the `X-Handoff-Signature` header. */
  secret: string;
  /** Event types to send; default all. */
  events?: Array<'handoff.created' | 'handoff.updated' | 'handoff.completed' | 'handoff.failed'>;
}

export interface GatewayOptions {
  handoff: Handoff;
  /** Public base URL Vobiz reaches this gateway at (used in XML and to verify signatures). */
  publicUrl: string;
  vobiz: {
    authToken: string;
    parentAuthToken?: string;
    /** `require` fails closed on a missing signature (default); `optional` accepts unsigned callbacks. */
    signatures?: 'require' | 'optional';
    /** Caller ID on `<Dial>` when the destination has none: a DID the account owns. */
    callerId?: string;
  };
  answer: AnswerRoute;
  /** Keys accepted by the `/v1` API (`Authorization: Bearer <key>`). */
  apiKeys?: string[];
  /** Token for the agent desk (`/desk`). */
  deskToken?: string;
  webhooks?: WebhookTarget[];
  /** Webhook delivery attempts before dead-lettering (default 5). */
  webhookAttempts?: number;
  /** Optional spoken line before the `<Dial>` (the AI usually said it already). */
  announce?: string;
  /** Hold audio URL for `<Dial dialMusic>`. */
  dialMusic?: string;
  /** Largest request body accepted, in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /** Where logs go; secrets and raw callback headers are never passed to it. */
  logger?: Pick<Console, 'info' | 'warn' | 'error'>;
}
