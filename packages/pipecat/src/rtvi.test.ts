import { readFileSync } from 'node:fs';
import { TOOL_NAME } from '@handoff/core';
import { LogLevel, logger, type RTVIEventCallbacks } from '@pipecat-ai/client-js';
import { describe, expect, it, vi } from 'vitest';
import { createPipecatClient } from './client.js';
import { TRANSFER_FUNCTION } from './index.js';
import { BotUtterance, callerTurn, functionArguments, outputSegment, timestampMs } from './rtvi.js';
import { ScriptedBot, ScriptedTransport, type WireMessage } from './testing.js';

logger.setLevel(LogLevel.WARN);

interface Fixture {
  messages: Record<string, { source: string; message: WireMessage }>;
}
const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/rtvi-messages.json', import.meta.url), 'utf8'),
) as Fixture;
const recorded = (name: string) => {
  const entry = fixture.messages[name];
  if (!entry) throw new Error(`no fixture ${name}`);
  return structuredClone(entry.message);
};
const dataOf = (name: string) => recorded(name).data as Record<string, unknown>;

describe('the recorded RTVI messages', () => {
  it('each says where its shape came from', () => {
    for (const [name, entry] of Object.entries(fixture.messages)) {
      expect(entry.source, name).toMatch(/\.py|client\.ts|TranscriptData|Drift/);
      expect(entry.message.label, name).toBe('rtvi-ai');
    }
  });

  it('reach the callbacks they are meant for through a real PipecatClient', () => {
    const seen: string[] = [];
    const callbacks: RTVIEventCallbacks = {
      onUserTranscript: (d) => seen.push(`transcript:${d.final}`),
      onBotOutput: (d) => seen.push(`output:${d.spoken_status ?? 'none'}`),
      onBotStartedSpeaking: () => seen.push('started'),
      onBotStoppedSpeaking: () => seen.push('stopped'),
      onLLMFunctionCallInProgress: (d) => seen.push(`in-progress:${d.function_name ?? '-'}`),
      onError: (m) => seen.push(`error:${(m.data as { fatal: boolean }).fatal}`),
    };
    const transport = new ScriptedTransport();
    const client = createPipecatClient({ transport, callbacks, enableMic: false });
    // A fatal error makes the client disconnect; nothing here is connected.
    vi.spyOn(client, 'disconnect').mockResolvedValue();
    for (const name of [
      'userTranscriptionInterim',
      'userTranscriptionFinal',
      'botStartedSpeaking',
      'botOutputNew',
      'botOutputCompleted',
      'botStoppedSpeaking',
      'functionCallInProgress',
      'functionCallInProgressDefaultLevel',
      'fatalError',
    ]) {
      transport.receive(recorded(name));
    }
    expect(seen).toEqual([
      'transcript:false',
      'transcript:true',
      'started',
      'output:new',
      'output:completed',
      'stopped',
      'in-progress:transfer_to_human',
      'in-progress:-',
      'error:true',
    ]);
  });

  it('ScriptedBot sends the same fields as the recordings', () => {
    const transport = new ScriptedTransport();
    const received: WireMessage[] = [];
    transport.receive = (message) => void received.push(message);
    const bot = new ScriptedBot(transport);
    bot.userSays('Hi, I would like to apply for a home loan.');
    bot.botSays('Happy to help.');
    void bot.callsFunction(TRANSFER_FUNCTION, { reason: 'x' });
    void bot.callsFunction(TRANSFER_FUNCTION, { reason: 'x' }, { deprecated: true });
    const keys = (m: WireMessage | undefined) => Object.keys((m?.data as object) ?? {}).sort();
    const find = (type: string, where: (d: Record<string, unknown>) => boolean = () => true) =>
      received.find((m) => m.type === type && where((m.data ?? {}) as Record<string, unknown>));
    expect(keys(find('user-transcription', (d) => d.final === false))).toEqual(
      keys(recorded('userTranscriptionInterim')),
    );
    expect(keys(find('user-transcription', (d) => d.final === true))).toEqual(
      keys(recorded('userTranscriptionFinal')),
    );
    expect(keys(find('bot-output', (d) => d.spoken_status === 'new'))).toEqual(
      keys(recorded('botOutputNew')),
    );
    expect(keys(find('bot-output', (d) => d.spoken_status === 'completed'))).toEqual(
      keys(recorded('botOutputCompleted')),
    );
    expect(keys(find('llm-function-call-in-progress'))).toEqual(keys(recorded('functionCallInProgress')));
    expect(keys(find('llm-function-call'))).toEqual(keys(recorded('functionCallDeprecated')));
    expect(received.map((m) => m.type)).toEqual(
      expect.arrayContaining(['user-started-speaking', 'bot-started-speaking', 'bot-stopped-speaking']),
    );
  });

  it('the function the plugin answers is the core’s tool', () => {
    expect(TRANSFER_FUNCTION).toBe(TOOL_NAME);
  });
});

describe('tolerant readers', () => {
  it('timestamps: ISO strings with any offset, ms or seconds; nothing usable otherwise', () => {
    expect(timestampMs('2026-08-21T10:15:02.480+00:00')).toBe(Date.parse('2026-08-21T10:15:02.480Z'));
    expect(timestampMs('2026-08-21T15:45:02.480+05:30')).toBe(Date.parse('2026-08-21T10:15:02.480Z'));
    expect(timestampMs(1_787_307_302_480)).toBe(1_787_307_302_480);
    expect(timestampMs(1_787_307_302.48)).toBe(1_787_307_302_480);
    for (const bad of ['', 'yesterday', null, undefined, -1, Number.NaN, {}])
      expect(timestampMs(bad)).toBeUndefined();
  });

  it('caller turns: finals only, trimmed, at the bot’s time or when received', () => {
    expect(callerTurn(dataOf('userTranscriptionInterim'), 5)).toBeUndefined();
    expect(callerTurn(dataOf('userTranscriptionFinal'), 5)).toEqual({
      role: 'caller',
      text: 'Hi, I would like to apply for a home loan for a flat in Pune.',
      at: Date.parse('2026-08-21T10:15:02.480Z'),
      final: true,
    });
    expect(callerTurn(dataOf('userTranscriptionNoTimestamp'), 5)?.at).toBe(5);
    expect(callerTurn({ text: '   ', final: true }, 5)).toBeUndefined();
    expect(callerTurn({ text: 'no final flag' }, 5)).toBeUndefined();
    expect(callerTurn('garbage', 5)).toBeUndefined();
  });

  it('bot output: a 2.x segment is final once completed; 1.x word echoes and TTS repeats are dropped', () => {
    expect(outputSegment(dataOf('botOutputNew'))).toMatchObject({ id: 41, done: false, spokenSoFar: '' });
    expect(outputSegment(dataOf('botOutputInProgress'))).toMatchObject({ done: false, spokenSoFar: 'Happy' });
    expect(outputSegment(dataOf('botOutputCompleted'))).toMatchObject({ done: true, text: 'Happy to help.' });
    expect(outputSegment(dataOf('botOutputTtsCompleted'))).toMatchObject({ id: 42, done: true });
    expect(outputSegment(dataOf('botOutputLegacyWord'))).toBeUndefined();
    expect(outputSegment({ text: 'Hello.', aggregated_by: 'sentence', spoken: false })).toMatchObject({
      done: true,
    });
    expect(outputSegment({ text: 'Hello.', aggregated_by: 'sentence', spoken: true })).toBeUndefined();
    expect(
      outputSegment({ text: 'No TTS here.', aggregated_by: 'sentence', will_be_spoken: false }),
    ).toMatchObject({
      done: true,
    });
  });

  it('function arguments: an object, a JSON string, or nothing', () => {
    expect(functionArguments({ reason: 'x' })).toEqual({ reason: 'x' });
    expect(functionArguments('{"reason":"x"}')).toEqual({ reason: 'x' });
    expect(functionArguments('not json')).toEqual({});
    expect(functionArguments(undefined)).toEqual({});
    expect(functionArguments(['x'])).toEqual({});
  });

  it('an utterance is one turn; a segment cut off by barge-in gives what was spoken of it', () => {
    const utterance = new BotUtterance();
    utterance.add(outputSegment(dataOf('botOutputTtsCompleted'))!, 100);
    utterance.add(outputSegment({ ...dataOf('botOutputInProgress'), segment_id: 43 })!, 200);
    expect(utterance.take()).toEqual({
      role: 'agent',
      text: 'May I have your name and your monthly income? Happy',
      at: 100,
      final: true,
      interrupted: true,
    });
    expect(utterance.take()).toBeUndefined();
    // A late in-progress never undoes a completed segment.
    utterance.add(outputSegment(dataOf('botOutputCompleted'))!, 300);
    utterance.add(outputSegment(dataOf('botOutputInProgress'))!, 301);
    expect(utterance.take()).toMatchObject({ text: 'Happy to help.', at: 300 });
  });
});
