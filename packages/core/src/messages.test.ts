import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HUMAN_MESSAGES,
  DEFAULT_MESSAGES,
  forLanguage,
  humanMessagesFor,
  messagesFor,
} from './messages.js';
import { promptsFor } from './platform/prompts.js';

describe('the lines the human hears on a conference leg (issue 17)', () => {
  it('exist in every language the caller’s lines do, each line said', () => {
    expect(Object.keys(DEFAULT_HUMAN_MESSAGES).sort()).toEqual(Object.keys(DEFAULT_MESSAGES).sort());
    for (const [language, lines] of Object.entries(DEFAULT_HUMAN_MESSAGES)) {
      for (const [name, line] of Object.entries(lines))
        expect(line.trim(), `${language} ${name}`).not.toBe('');
    }
  });

  it('the keys prompt names the three keys the gateway reads, in every language', () => {
    for (const [language, lines] of Object.entries(DEFAULT_HUMAN_MESSAGES)) {
      const keys = lines.consultPrompt.match(/\d/g);
      expect(keys, language).toEqual(['1', '2', '3']);
    }
  });

  it('each language has its own lines: Hindi in Devanagari, Hinglish in Latin letters', () => {
    const en = humanMessagesFor('en');
    const hi = humanMessagesFor('hi');
    const hinglish = humanMessagesFor('hi-Latn');
    for (const name of Object.keys(en) as Array<keyof typeof en>) {
      expect(hi[name]).toMatch(/[\u0900-\u097F]/);
      expect(hinglish[name]).not.toMatch(/[\u0900-\u097F]/);
      expect(new Set([en[name], hi[name], hinglish[name]]).size).toBe(3);
    }
  });

  it('falls back as the caller’s lines do, and takes a deployment’s overrides', () => {
    expect(humanMessagesFor('hi-IN')).toBe(humanMessagesFor('hi'));
    expect(humanMessagesFor('ta')).toBe(humanMessagesFor('en'));
    expect(humanMessagesFor(undefined)).toBe(humanMessagesFor('en'));
    const custom = humanMessagesFor('hi', { hi: { declined: 'ठीक है, धन्यवाद।' } });
    expect(custom.declined).toBe('ठीक है, धन्यवाद।');
    expect(custom.taken).toBe(humanMessagesFor('hi').taken);
  });
});

describe('forLanguage: one fallback for every per-language table', () => {
  const table = { en: 'en', hi: 'hi', 'hi-Latn': 'hinglish' };

  it('takes the exact tag, then its primary language, else nothing', () => {
    expect(forLanguage(table, 'hi-Latn')).toBe('hinglish');
    expect(forLanguage(table, 'hi-IN')).toBe('hi');
    expect(forLanguage(table, 'ta-IN')).toBeUndefined();
    expect(forLanguage(undefined, 'hi')).toBeUndefined();
  });

  it('is what the caller’s lines and the LLM’s prompts fall back by, overrides included', () => {
    expect(messagesFor('hi-IN')).toBe(DEFAULT_MESSAGES.hi);
    expect(promptsFor('hi-IN')).toBe(promptsFor('hi'));
    expect(promptsFor('ta-IN')).toBe(promptsFor('en'));
    const byPrimary = messagesFor('hi-IN', { hi: { unavailable: 'x' } });
    expect(byPrimary.unavailable).toBe('x');
    const exactFirst = messagesFor('hi-IN', { hi: { unavailable: 'x' }, 'hi-IN': { unavailable: 'y' } });
    expect(exactFirst.unavailable).toBe('y');
  });
});
