export type { LadderCapabilities, LadderRung, LadderState, LadderStep } from './ladder.js';
export { DEFAULT_LADDER, nextRung } from './ladder.js';
export {
  assertTransition,
  canTransition,
  FAILURE_OUTCOMES,
  HANDOFF_STATUSES,
  isFailure,
  LIVE,
  TERMINAL,
} from './machine.js';
