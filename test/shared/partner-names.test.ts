/** A partner name must have letters or digits to compare (POLICY.md §5 interpretation 9): else it could never count. */
import { describe, expect, it } from 'vitest';
import { hasComparableName } from '../../shared/index.js';

describe('hasComparableName', () => {
  it.each(['重庆大学', '3M', 'AT&T', '株式会社日立製作所', 'Ｎ・Ｔ・Ｔ', ' x '])('%j has something to compare', (name) => {
    expect(hasComparableName(name)).toBe(true);
  });
  it.each(['', '   ', '——', '\u200B', ' ・ ', '&-.'])('%j has nothing to compare', (name) => {
    expect(hasComparableName(name)).toBe(false);
  });
});
