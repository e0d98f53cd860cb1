/** The desk shows only the last four characters: enough to confirm with the caller, not to reuse. */
export function maskAccount(account) {
  if (account === undefined || account === null || account === '') return '';
  const compact = String(account).replace(/\s+/g, '');
  if (compact.length <= 4) return '••••';
  return `•••• ${compact.slice(-4)}`;
}

export function clock(ms) {
  if (typeof ms !== 'number') return '';
  return new Date(ms).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
}

export function isoTime(ms) {
  return typeof ms === 'number' ? new Date(ms).toISOString() : undefined;
}

/** `m:ss` from the start of the call, as a transcript reads. */
export function offset(ms, start) {
  if (typeof ms !== 'number' || typeof start !== 'number') return '';
  const total = Math.max(0, Math.round((ms - start) / 1000));
  const m = Math.floor(total / 60);
  const s = String(total % 60).padStart(2, '0');
  return `${m}:${s}`;
}

export function ago(ms, now) {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(ms).toLocaleDateString();
}

export function millis(n) {
  return typeof n === 'number' ? `${Math.round(n).toLocaleString('en-US')} ms` : '';
}

/** `loanAmount` / `loan_amount` → `Loan amount`. */
export function humanize(key) {
  const words = String(key)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatValue(value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return value.toLocaleString('en-IN');
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  return JSON.stringify(value);
}

const LANGUAGES = {
  en: 'English',
  hi: 'Hindi (हिन्दी)',
  'hi-Latn': 'Hinglish (Hindi in Latin script)',
};

/** `hi-Latn` → `Hinglish (Hindi in Latin script)`; the same labels as the core's `languageLabel`. */
export function languageLabel(code) {
  if (code === undefined || code === null || code === '') return undefined;
  return LANGUAGES[code] ?? String(code);
}

/**
 * The label for a running score, with the core's thresholds (`sentimentLabel` in
 * packages/core/src/sentiment/score.ts): the badge shows what the score says, not a label that a
 * tool call carried.
 */
export function sentimentFromScore(score) {
  if (score > 0.25) return 'positive';
  if (score > -0.25) return 'neutral';
  if (score > -0.6) return 'negative';
  return 'very_negative';
}

const SUMMARY_SOURCES = {
  extractive: 'the built-in summary, from the caller’s words',
  llm: 'the LLM summarizer',
  agent: 'the AI agent',
};

export function summarySourceLabel(source) {
  return SUMMARY_SOURCES[source] ?? String(source);
}
