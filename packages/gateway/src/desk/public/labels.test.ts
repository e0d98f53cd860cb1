import { sentimentLabel } from '@handoff/core';
import { describe, expect, it } from 'vitest';

interface FormatModule {
  humanize(key: string): string;
  languageLabel(code: string | undefined): string | undefined;
  sentimentFromScore(score: number): string;
  summarySourceLabel(source: string): string;
}
interface SparklineModule {
  sentimentTone(score: number | undefined): string;
}

// Browser modules without type declarations: loaded by URL so the type checker leaves them be.
const load = async <T>(name: string) => (await import(new URL(name, import.meta.url).href)) as T;

describe('desk labels', () => {
  it('shows people labels, not raw keys', async () => {
    const format = await load<FormatModule>('./format.js');
    expect(format.humanize('home_loan')).toBe('Home loan');
    expect(format.humanize('chest_pain')).toBe('Chest pain');
    expect(format.languageLabel('hi-Latn')).toBe('Hinglish (Hindi in Latin script)');
    expect(format.languageLabel('en')).toBe('English');
    expect(format.summarySourceLabel('llm')).toBe('the LLM summarizer');
  });

  it('labels and colours the sentiment badge from the score, with the core thresholds', async () => {
    const format = await load<FormatModule>('./format.js');
    const spark = await load<SparklineModule>('./sparkline.js');
    for (let i = -100; i <= 100; i++) {
      const score = i / 100;
      const label = sentimentLabel(score);
      expect(format.sentimentFromScore(score)).toBe(label);
      const tone = spark.sentimentTone(score);
      expect(tone).toBe(label === 'very_negative' ? 'negative' : label);
    }
  });
});
