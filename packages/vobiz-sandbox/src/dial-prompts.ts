import { Interrupted, sleep } from './clock.js';
import type { Exec } from './flow.js';
import { runPrompt } from './prompts.js';
import type { HttpMethod } from './types.js';

/** What a `<Dial>` plays around the bridge. Only Play/Speak/Wait count in either document. */

const PROMPTS = new Set(['Speak', 'Play', 'Wait']);

/** confirmSound: what the human hears before being connected. */
export async function whisper(
  exec: Exec,
  url: string,
  method: HttpMethod,
  params: Record<string, string>,
  bLegUuid: string,
): Promise<void> {
  const { runner, signal } = exec;
  const { rec } = runner;
  const fetched = await runner.fetchXml('confirm_sound', url, method, params, signal);
  if (fetched.kind !== 'ok') return; // Vobiz bridges anyway; the human just hears nothing.
  for (const el of fetched.elements) {
    if (!PROMPTS.has(el.name)) {
      rec.push('xml_invalid', {
        purpose: 'confirm_sound',
        url,
        reason: `<${el.name}> skipped: confirmSound may only return Play, Speak or Wait`,
      });
      continue;
    }
    await runPrompt(runner.ctx, el, signal, (heard) =>
      rec.push('whisper', {
        verb: heard.verb,
        ...(heard.text !== undefined ? { text: heard.text } : {}),
        ...(heard.url !== undefined ? { url: heard.url } : {}),
        bLegUuid,
        durationMs: heard.durationMs,
      }),
    );
  }
}

/** dialMusic: what the caller hears while the human's phone rings (looped until answered). */
export function playDialMusic(exec: Exec, url: string): { stop(): void } {
  const { runner } = exec;
  const stop = new AbortController();
  const signal = AbortSignal.any([stop.signal, exec.signal]);
  const play = async () => {
    const fetched = await runner.fetchXml('dial_music', url, 'POST', runner.baseParams(), signal);
    if (fetched.kind !== 'ok') return;
    const prompts = fetched.elements.filter((el) => PROMPTS.has(el.name));
    if (prompts.length === 0) return;
    for (;;) {
      for (const el of prompts) {
        await runPrompt(runner.ctx, el, signal, (heard) =>
          runner.rec.push('dial_music', {
            verb: heard.verb,
            ...(heard.text !== undefined ? { text: heard.text } : {}),
            ...(heard.url !== undefined ? { url: heard.url } : {}),
          }),
        );
      }
      await sleep(10, signal);
    }
  };
  play().catch(() => undefined);
  return { stop: () => stop.abort(new Interrupted('dial music stopped')) };
}
