import type { LadderState, LadderStep } from './state/ladder.js';
import type { HandoffContext, HandoffStatus, ResolvedDestination } from './types.js';

/** What the store keeps per handoff: the context packet plus what the core needs to drive it. */
export interface HandoffRecord {
  id: string;
  /** Checked on the handoff and whisper URLs. Never leaves the server: see `publicRecord`. */
  token: string;
  callId: string;
  status: HandoffStatus;
  context: HandoffContext;
  /** The destination of the current attempt. */
  destination?: ResolvedDestination;
  ladder: LadderState;
  /** The ladder's last decision, returned again when a carrier retries the same callback. */
  lastStep?: LadderStep;
  /** Why the handoff did not go ahead, for `rejected` (e.g. `after_hours`). */
  reason?: string;
  /**
   * What platforms reported about the call after the fact (Retell's `call_analysis`, VAPI's
   * end-of-call `analysis`), by source, through `handoff.annotate`.
   */
  annotations?: Record<string, { at: number; data: unknown }>;
  /** The outcome the human recorded at the desk (`disposeHandoff`); a later one replaces it. */
  disposition?: Disposition;
  /** What people did to the handoff from the desk, oldest first (dispositions, hand-backs, take-overs). */
  audit?: AuditEntry[];
  createdAt: number;
  updatedAt: number;
}

export type PublicHandoffRecord = Omit<HandoffRecord, 'token'>;

/** Who did something at the desk: the name and role its desk token carries. */
export interface DeskActor {
  name: string;
  role: 'agent' | 'supervisor';
}

export type DispositionOutcome = 'resolved' | 'needs_follow_up' | 'wrong_team';

export interface Disposition {
  outcome: DispositionOutcome;
  note?: string;
  by: DeskActor;
  at: number;
}

export interface AuditEntry {
  at: number;
  by: DeskActor;
  action: 'disposed' | 'handed_back' | 'hint' | 'took_over';
  /** What was chosen or said (an outcome, a note, a hint), bounded in length. */
  detail?: string;
}

export function publicRecord(record: HandoffRecord): PublicHandoffRecord {
  const { token: _token, ...rest } = record;
  return rest;
}
