import type { voice } from '@livekit/agents';

/** Speaks `text` to the caller and resolves once it has played. */
export type SayFn = (agentSession: voice.AgentSession, text: string) => Promise<void>;

/**
 * `session.say(text).waitForPlayout()` when the pipeline has a TTS (or no audio output at all);
 * for a speech-to-speech model, which has no TTS, `generateReply` with an instruction to say it.
 */
export const defaultSay: SayFn = async (agentSession, text) => {
  let handle: ReturnType<voice.AgentSession['say']>;
  try {
    handle = agentSession.say(text, { allowInterruptions: false });
  } catch (error) {
    if (!(error instanceof Error) || !/without a TTS/i.test(error.message)) throw error;
    handle = agentSession.generateReply({
      instructions: `Say exactly this to the caller, in their language, and nothing else: "${text}"`,
      allowInterruptions: false,
      toolChoice: 'none',
    });
  }
  await handle.waitForPlayout();
};
