import { type FetchHandler, type FieldsSchema, type Handoff, webhook } from '@handoff/core';
import Retell from 'retell-sdk';
import { retellContext } from './context.js';
import { onFunctionCall } from './function-call.js';
import { type RetellHandlerOptions, settingsFrom } from './options.js';
import { callObject, webhookBody } from './payloads.js';
import { StoreReplayGuard } from './replay.js';
import { onWebhookEvent } from './webhook-events.js';

export { CALL_HEADER, PLATFORM } from './context.js';
export type { RetellEvent } from './events.js';
export { DEFAULT_TOOL_TIMEOUT_MS, type RetellHandlerOptions } from './options.js';

/** `verify` accepts a timestamp five minutes either side of now. */
const SIGNATURE_WINDOW_MS = 10 * 60 * 1000;
/** Answers kept for a replay that lands on the instance that answered the original. */
const MAX_CACHED_ANSWERS = 1_000;

interface Answer {
  status: number;
  text: string;
}

const answerOf = async (response: Response): Promise<Answer> => ({
  status: response.status,
  text: await response.text(),
});

const respond = ({ status, text }: Answer): Response =>
  new Response(text, { status, headers: { 'content-type': 'application/json' } });

/**
 * Retell's custom functions and agent webhooks, as one fetch-standard handler: verify the
 * signature over the raw body, refuse a signature already accepted on any instance, parse
 * tolerantly, join the call with `attachCall` per request, and let the core decide. A
 * `transfer_to_human` request is answered with the core's reply for the LLM; a webhook once the
 * core is done with it (or `webhookBudgetMs`, inside Retell's timeout).
 */
export function retellHandler<F extends FieldsSchema>(
  handoff: Handoff<F>,
  options?: RetellHandlerOptions,
): FetchHandler {
  webhook.requireHandoff(handoff, 'retellHandler');
  const settings = settingsFrom(options);
  const guard = settings.replayGuard ?? new StoreReplayGuard(handoff.store);
  const ctx = retellContext(handoff, settings);
  const answers = new Map<string, Promise<Answer>>();

  const remember = (signature: string, answer: Promise<Answer>) => {
    answers.set(signature, answer);
    if (answers.size > MAX_CACHED_ANSWERS) answers.delete(answers.keys().next().value as string);
    const forget = setTimeout(() => answers.delete(signature), SIGNATURE_WINDOW_MS);
    forget.unref();
  };

  async function dispatch(text: string, request: Request): Promise<Response> {
    const read = webhook.parseObject(text);
    if (!read.ok) return read.response;
    const { body } = read;
    if (typeof body.event === 'string') {
      const parsed = webhookBody.safeParse(body);
      if (!parsed.success) return webhook.problem(400, 'invalid_webhook', webhook.firstIssue(parsed.error));
      return onWebhookEvent(ctx, parsed.data.event, parsed.data.call, request);
    }
    if ('call' in body && body.call != null && !callObject.safeParse(body.call).success) {
      return webhook.problem(400, 'invalid_call', '`call` is not a Retell call object');
    }
    return onFunctionCall(ctx, body, request);
  }

  const endpoint = { maxBodyBytes: settings.maxBodyBytes, report: ctx.report, where: 'retell-handler' };
  return webhook.endpoint(endpoint, async (request, text) => {
    const signature = request.headers.get('x-retell-signature')?.trim() ?? '';
    if (!signature || !(await verified(text, settings.apiKey, signature))) {
      return webhook.problem(401, 'unauthorized', 'Missing or invalid x-retell-signature');
    }
    const key = signature.toLowerCase();
    if (!(await guard.claim(key, SIGNATURE_WINDOW_MS))) {
      const earlier = answers.get(key);
      // Retell retrying on the instance that answered gets that answer again; nothing re-runs.
      if (earlier) return respond(await earlier);
      return webhook.problem(409, 'replayed', 'This signed request was already received');
    }
    const answer = dispatch(text, request)
      .then(answerOf)
      .catch((e: unknown): Promise<Answer> => {
        ctx.report(e, 'retell-handler');
        return answerOf(webhook.problem(500, 'internal_error', 'The request could not be processed'));
      });
    remember(key, answer);
    const done = await answer;
    if (done.status >= 500) {
      // Let Retell's retry through: nothing was answered for it.
      answers.delete(key);
      await Promise.resolve(guard.release(key)).catch((e: unknown) => ctx.report(e, 'retell-replay-guard'));
    }
    return respond(done);
  });
}

async function verified(body: string, apiKey: string, signature: string): Promise<boolean> {
  try {
    return await Retell.verify(body, apiKey, signature);
  } catch {
    return false;
  }
}
