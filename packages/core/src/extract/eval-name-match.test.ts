import { describe, expect, it } from 'vitest';

// The eval lives outside src (it is not shipped); loaded by URL so the package's rootDir holds.
const SCORE = new URL('../../eval/score.ts', import.meta.url);

describe("the eval's name comparison", async () => {
  const { sameName } = (await import(SCORE.href)) as {
    sameName(expected: string | null, got: string | undefined): boolean;
  };

  it('treats a title as how the name was said, on either side', () => {
    expect(sameName('Mrs. Iyer', 'Iyer')).toBe(true);
    expect(sameName('Iyer', 'Mrs Iyer')).toBe(true);
    expect(sameName('Dr. Anil Rao', 'anil rao')).toBe(true);
    expect(sameName('श्रीमती सुनीता', 'सुनीता')).toBe(true);
  });

  it('still tells different names apart', () => {
    expect(sameName('Mrs. Iyer', 'Kavita Iyer')).toBe(false);
    expect(sameName('Misra', 'Mishra')).toBe(false);
    // "Mr" only as a whole word: a name that starts with the letters is kept whole.
    expect(sameName('Mrinal', 'inal')).toBe(false);
    expect(sameName(null, 'Iyer')).toBe(false);
    expect(sameName(null, undefined)).toBe(true);
  });
});
