export { handoffContextSchema, renderJson } from './context-schema.js';
export { describeCause } from './describe-cause.js';
export type { HandoffErrorCode } from './errors.js';
export { HandoffError, isHandoffError } from './errors.js';
export * from './extract/index.js';
export type { FieldsSchema, Zod3Object } from './fields-schema.js';
export {
  checkNote,
  DISPOSITION_OUTCOMES,
  type DisposeInput,
  disposeHandoff,
  type HandBackInput,
  handBackToAi,
  MAX_NOTE_LENGTH,
} from './handoff/desk-actions.js';
export { createHandoff, type Handoff } from './handoff/handoff.js';
export {
  claimInboundCall,
  INBOUND_CALL_WINDOW_MS,
  type InboundCallDial,
  type InboundCallIndexOptions,
  type InboundCallSighting,
  recordInboundCall,
} from './handoff/inbound-calls.js';
export {
  type AiCallEntry,
  aiCallLogKey,
  LIVE_LEASE_MS,
  type LiveAction,
  type LiveActionResult,
  type LiveCall,
} from './handoff/live-calls.js';
export type { ListFilter } from './handoff/records.js';
export { sameToken } from './handoff/records.js';
export type {
  AdvanceResult,
  CallEvent,
  HandoffEvent,
  HandoffEventType,
  HandoffOptions,
  HandoffResult,
} from './handoff-types.js';
export {
  type CallerMessages,
  DEFAULT_HUMAN_MESSAGES,
  DEFAULT_MESSAGES,
  type HumanMessages,
  humanMessagesFor,
  messagesFor,
} from './messages.js';
export * from './pii/index.js';
export * from './platform/index.js';
export {
  type AuditEntry,
  type DeskActor,
  type Disposition,
  type DispositionOutcome,
  type HandoffRecord,
  type PublicHandoffRecord,
  publicRecord,
} from './record.js';
export * from './render/index.js';
export * from './routing/index.js';
export * from './sentiment/index.js';
export {
  Session,
  type SessionHost,
  type SessionInit,
  type TransferOptions,
  type TriggerInfo,
  validTurn,
} from './session.js';
export * from './state/index.js';
export * from './store/index.js';
export * from './summary/index.js';
export {
  LIMITS,
  parseTransferArgs,
  TOOL_NAME,
  type ToolDefinition,
  type TransferArgs,
  transferArgsSchema,
} from './tool.js';
export { Transcript } from './transcript.js';
export type { TransferProvider, TransferReceipt, TransferRequest } from './transfer.js';
export * from './triggers/index.js';
export type * from './types.js';
