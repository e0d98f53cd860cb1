/**
 * Text made safe for a TTS voice: masked placeholders lose their brackets, rupee symbols become
 * words, digits of short identifiers are spaced so they are read one by one, and markup goes.
 */
export function speakable(text: string): string {
  return text
    .replace(/\[([^\]]+)\]/g, (_, inner: string) => spaceEnding(inner))
    .replace(/₹\s?(\d[\d,]*(?:\.\d+)?)/g, '$1 rupees')
    .replace(/\b(?:Rs\.?|INR)\s?(\d[\d,]*(?:\.\d+)?)/g, '$1 rupees')
    .replace(/[#*_`<>{}|\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "4 3 2 1": four digits read one by one, the way people say the end of an account number. */
export function spellDigits(digits: string): string {
  return digits.split('').join(' ');
}

function spaceEnding(placeholder: string): string {
  return placeholder.replace(/\bending (\d{4})\b/, (_, d: string) => `ending ${spellDigits(d)}`);
}
