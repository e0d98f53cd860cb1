export { PlatformCall } from './call.js';
export {
  CONSULT_LIMITS,
  CONSULT_PROMPTS,
  CONSULT_TOOLS,
  type Consult,
  type ConsultPlan,
  type ConsultPrompts,
  consultTurn,
  decideConsult,
  humanLanguage,
  planConsult,
  recordConsult,
} from './consult.js';
export { estimateSpeechMs } from './farewell.js';
export type { FetchHandler, PlatformModule } from './mount.js';
export type {
  AttachCallInit,
  AttachedCall,
  CallPort,
  Instruction,
  Playout,
  SaidInstead,
  SpokenLine,
  ToolCallOptions,
  ToolReply,
  TransferOutcome,
} from './port.js';
export { type AgentPrompts, DEFAULT_PROMPTS, promptsFor } from './prompts.js';
export { referTarget } from './sip-refer.js';
export { type StreamCall, streamCallInit } from './stream-call.js';
export { StreamedSpeech } from './streamed-speech.js';
export { AnswerPort, answerOnce, answerToolCall, type SayInAnswer } from './tool-answer.js';
export { isGoing, isRelayable, replyForError, replyForResult } from './tool-reply.js';
/** Helpers every webhook platform's handler needs (bounded raw body, JSON answers, safe compare). */
export * as webhook from './webhook.js';
