import type { Handoff } from '@handoff/core';
import type { MiddlewareHandler } from 'hono';
import type { CallbackCalls } from './callback-calls.js';
import type { ConferenceTransfers } from './conference-carrier.js';
import type { FollowUps } from './follow-ups.js';
import type { XmlSettings } from './handoff-xml.js';
import type { MediaTokens } from './media-tokens.js';
import type { GatewayMetrics } from './metrics.js';
import type { PublicUrls } from './public-urls.js';
import type { SseHub } from './sse.js';
import type { DocumentCache } from './vobiz-document-cache.js';
import type { WebhookDispatcher } from './webhooks.js';

export type Logger = Pick<Console, 'info' | 'warn' | 'error'>;

/** Everything the routes share: built once by `createGateway`. */
export interface GatewayContext {
  handoff: Handoff;
  urls: PublicUrls;
  xml: XmlSettings;
  media: MediaTokens;
  followUps: FollowUps;
  callbacks: CallbackCalls;
  /** The conference strategy, when `transferStrategy: 'conference'`. */
  conference?: ConferenceTransfers;
  webhooks: WebhookDispatcher;
  sse: SseHub;
  /** The Vobiz documents rendered per record version; a settled handoff's are dropped (`createGateway`). */
  documents: DocumentCache;
  /** The platform name sessions of inbound calls get (`vobiz` unless the answer route names one). */
  platform: string;
  maxBodyBytes: number;
  sseHeartbeatMs: number;
  apiKeys: readonly string[];
  signatureGuard: MiddlewareHandler;
  logger?: Logger;
  /** Prometheus metrics served at `/metrics`, unless `metrics: false`. */
  metrics?: GatewayMetrics;
}
