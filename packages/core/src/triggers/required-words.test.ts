import { describe, expect, it } from 'vitest';
import { clauseTokens, escapeRegExp, tokenize } from '../extract/text.js';
import { detectHumanRequest } from './human-request.js';
import type { RequestLanguage } from './request-phrases.js';
import { defaultRequestLanguages } from './request-phrases.js';
import { requiredWords } from './required-words.js';

const words = (source: string) => {
  const found = requiredWords(source);
  return found && [...found].sort();
};

describe('requiredWords', () => {
  it('takes a whole word every match needs, preferring the rarer', () => {
    expect(words('transfer (?:me|my call)')).toEqual(['transfer']);
    expect(words('(?:a )?b c')).toEqual(['b']);
    expect(words('(?:im|i am) (?:not|done) (?:talking|speaking)')).toEqual(['speaking', 'talking']);
    expect(words('^(?:please )?(?:a |the ){0,2}(?:human|real person)(?: please)?$')).toEqual([
      'human',
      'person',
    ]);
  });

  it('takes no word the pattern does not bound by spaces or ends', () => {
    // "kar" may be the start of "karo", "bulao" the end of nothing the pattern bounds.
    expect(words('(?:kar|kr)\\S*')).toBeUndefined();
    expect(words('x(?:bulao|bhejo)')).toBeUndefined();
    expect(words('agents?')).toBeUndefined();
    expect(words('(?:agent )+')).toBeUndefined();
  });

  it('gives up on syntax it does not read', () => {
    expect(words('(\\w+) \\1 agent')).toBeUndefined();
    expect(words('\\p{L}+ agent')).toBeUndefined();
    expect(words('{human} agent')).toBeUndefined();
    expect(words('(?<name>a) b')).toBeUndefined();
  });

  it('never leaves out a word of a match of the built-in patterns', () => {
    const phrases = [
      'I want to talk to a person',
      'Can I speak to a human?',
      'could I speak to an agent please',
      'just transfer me',
      'get me your supervisor',
      'Operator!',
      'human please',
      'customer care please',
      "I'd like to speak with a supervisor",
      'I want to be transferred',
      "I'm done talking to this bot",
      'enough with this machine',
      'escalate my complaint to a senior manager',
      'is there someone i can speak to',
      'please connect my call through to customer service',
      'मुझे इंसान से बात करनी है',
      'किसी एजेंट से बात कराओ',
      'मुझे इंसान की ज़रूरत है',
      'मैनेजर को बुला दो',
      'रोबोट से नहीं करनी',
      'agent se baat karao',
      'customer care wale se baat karwao',
      'manager ko bulao',
      'supervisor ko transfer karo',
      'insaan ki zarurat hai',
      'bot se nahi karni',
    ];
    // The phrases, and each with one word left out or one more put in anywhere: near misses.
    const samples: string[][] = [];
    for (const phrase of phrases) {
      const tokens = clauseTokens(phrase);
      samples.push([...tokens]);
      for (let i = 0; i < tokens.length; i++) {
        samples.push(tokens.filter((_, j) => j !== i));
        for (const extra of ['please', 'the', 'to', 'a'])
          samples.push([...tokens.slice(0, i), extra, ...tokens.slice(i)]);
      }
    }
    let matched = 0;
    for (const language of defaultRequestLanguages) {
      for (const pattern of [...(language.affirmingNegations ?? []), ...language.patterns]) {
        const source = expand(language, pattern);
        const required = requiredWords(source);
        expect(required, pattern).toBeDefined();
        const regex = new RegExp(`(?:^| )(${source})(?= |$)`);
        for (const tokens of samples) {
          if (!regex.test(tokens.join(' '))) continue;
          matched++;
          expect(
            tokens.some((t) => required?.has(t)),
            `${pattern} / ${tokens.join(' ')}`,
          ).toBe(true);
        }
      }
    }
    expect(matched).toBeGreaterThan(100);
  });

  it('leaves the request rule to its regexes where a pattern has no such words', () => {
    const tamilish: RequestLanguage = {
      lang: 'ta-Latn',
      vocab: { human: ['manushan', 'agent'] },
      patterns: ['{human}\\S* kitta\\S*'],
    };
    expect(detectHumanRequest('agentu kittaye', [tamilish])?.lang).toBe('ta-Latn');
    expect(detectHumanRequest('manushan kitta', [tamilish])?.phrase).toBe('manushan kitta');
  });
});

/** A pattern with its vocabulary expanded, as the request rule compiles it. */
function expand(language: RequestLanguage, source: string): string {
  return source.replace(/\{(\w+)\}/g, (_, name: string) => {
    const alternatives = [...new Set((language.vocab[name] ?? []).map((w) => tokenize(w).join(' ')))]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp);
    return `(?:${alternatives.join('|')})`;
  });
}
