import { describe, expect, it } from 'vitest';
import { DEFAULT_HUMAN_MESSAGES, DEFAULT_MESSAGES, humanMessagesFor } from './messages.js';

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
