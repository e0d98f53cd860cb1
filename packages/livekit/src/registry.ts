import type { Session } from '@handoff/core';

/** AgentSession (any object) → the core session attachHandoff started for it. */
const sessions = new WeakMap<object, Session>();

export function bindSession(agentSession: object, session: Session): void {
  sessions.set(agentSession, session);
}

export function unbindSession(agentSession: object, session: Session): void {
  if (sessions.get(agentSession) === session) sessions.delete(agentSession);
}

export function sessionFor(agentSession: object): Session | undefined {
  return sessions.get(agentSession);
}
