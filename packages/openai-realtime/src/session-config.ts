import type { RealtimeCodecOptions } from './realtime-codec.js';

export const DEFAULT_MODEL = 'gpt-realtime';
export const DEFAULT_BASE_URL = 'wss://api.openai.com/v1/realtime';
export const DEFAULT_TRANSCRIPTION_MODEL = 'gpt-4o-mini-transcribe';

/** The `session.update` the codec sends first: μ-law both ways, the handoff tool, server VAD. */
export function sessionConfig({ openai, handoff }: RealtimeCodecOptions): Record<string, unknown> {
  const { name, description, parameters } = handoff.tool;
  const format = { type: 'audio/pcmu' };
  const transcription = { model: openai.transcriptionModel ?? DEFAULT_TRANSCRIPTION_MODEL };
  return {
    type: 'realtime',
    model: openai.model ?? DEFAULT_MODEL,
    ...(openai.instructions ? { instructions: openai.instructions } : {}),
    output_modalities: ['audio'],
    audio: {
      input: { format, transcription, turn_detection: { type: 'server_vad' } },
      output: { format, ...(openai.voice ? { voice: openai.voice } : {}) },
    },
    tools: [{ type: 'function', name, description, parameters }],
    tool_choice: 'auto',
    ...openai.session,
  };
}

const urls = new WeakMap<RealtimeCodecOptions['openai'], URL>();

/**
 * The session URL, parsed once for every call that shares `openai`: `ws` keeps the `href` of
 * the URL it is given, one string for all of them rather than one per call.
 */
export function realtimeUrl(openai: RealtimeCodecOptions['openai']): URL {
  let url = urls.get(openai);
  if (url === undefined) {
    const { baseUrl = DEFAULT_BASE_URL, model = DEFAULT_MODEL } = openai;
    url = new URL(`${baseUrl}${baseUrl.includes('?') ? '&' : '?'}model=${encodeURIComponent(model)}`);
    urls.set(openai, url);
  }
  return url;
}
