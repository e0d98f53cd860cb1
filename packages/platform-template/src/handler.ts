import type { CallPort, FetchHandler, Handoff, SpokenLine, TurnInput } from '@handoff/core';
import { templateEvent } from './events.js';
import { verify } from './signature.js';

export interface TemplateHandlerOptions {
  /** The secret the platform signs its webhooks with. */
  secret: string;
}

/**
 * The port of a platform reached only by webhooks: a line the core wants spoken goes back in the
 * answer to the webhook in hand, and the platform cannot say when it finished playing, so `say`
 * answers `'unknown'` and the core waits for an estimate of its length before moving the call.
 */
class WebhookPort implements CallPort {
  readonly lines: SpokenLine[] = [];
  #spoke: (() => void) | undefined;
  readonly spoke = new Promise<void>((resolve) => {
    this.#spoke = resolve;
  });

  async say(line: SpokenLine) {
    this.lines.push(line);
    this.#spoke?.();
    return 'unknown' as const;
  }

  // This platform has no way to add a system message mid-call; one with a control API sends it.
  instruct(): void {}
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * One webhook in, one answer out: verify, parse, translate to the contract, let the core decide.
 * Nothing here chooses what a firing does or what the LLM is told.
 */
export function templateHandler(handoff: Handoff, options: TemplateHandlerOptions): FetchHandler {
  if (!options?.secret) throw new TypeError('templateHandler needs `secret`');
  return async (request) => {
    if (request.method !== 'POST') return json({ error: 'method_not_allowed' }, 405);
    const body = await request.text();
    if (!verify(body, request.headers.get('x-template-signature'), options.secret)) {
      return json({ error: 'unauthorized' }, 401);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch {
      return json({ error: 'invalid_json' }, 400);
    }
    const parsed = templateEvent.safeParse(raw);
    if (!parsed.success)
      return json({ error: 'invalid_event', detail: parsed.error.issues[0]?.message }, 400);
    const event = parsed.data;
    const port = new WebhookPort();
    const call = handoff.attachCall({ callId: event.call_id, platform: 'template', port });

    switch (event.event) {
      case 'turn': {
        const turn: TurnInput = { role: event.role === 'user' ? 'caller' : 'agent', text: event.text };
        if (typeof event.confidence === 'number') turn.confidence = event.confidence;
        const firing = call.addTurn(turn);
        // Answer once the core has said what to speak (a rule's farewell) or is done.
        await Promise.race([port.spoke, call.settled()]);
        return json({ ok: true, firing: firing?.action ?? null, say: port.lines.map((l) => l.text) });
      }
      case 'tool_call': {
        if (event.name !== handoff.tool.name) return json({ error: 'unknown_tool' }, 404);
        // The platform speaks the farewell while the tool runs; the core waits for it, then moves.
        // Arguments as an object or JSON text: the core parses and validates them.
        const { reply } = await call.toolCall(event.arguments);
        return json({
          tool_call_id: event.tool_call_id,
          result: reply.message,
          ok: reply.ok,
          ...(reply.said ? { said: reply.said } : {}),
        });
      }
      case 'ai_error':
        await call.aiUnavailable(event.message ?? 'platform reported an error');
        return json({ ok: true });
      case 'call_ended':
        call.end();
        return json({ ok: true });
    }
  };
}
