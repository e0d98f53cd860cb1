export { compactCallUuid, restoreCallUuid } from './call-uuid.js';
export { CALLBACK_CALL_PREFIX, isCallbackCall } from './callback-calls.js';
export type { CallbackRequest, VoicemailRecord } from './follow-ups.js';
export { createGateway, type Gateway } from './gateway.js';
export type { MediaCall } from './media-tokens.js';
export type { AnswerRoute, GatewayOptions, WebhookEventType, WebhookTarget } from './options.js';
export type { UpgradeHandler, UpgradeOptions } from './upgrades.js';
export { signWebhook, type VerifyWebhookOptions, verifyWebhookSignature } from './webhook-signature.js';
export type { DeadLetter } from './webhooks.js';
