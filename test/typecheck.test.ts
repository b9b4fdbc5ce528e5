/**
 * `tsc --noEmit` in strict mode over the three projects: the Node side, the Apps Script side, and the add-on's tests
 * (Node with Google's Apps Script types for the fakes, kept out of the Node side so `functions/` cannot name them).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('type check', () => {
  for (const project of ['.', 'sheets-addon', 'test/addon']) {
    it(`tsc --noEmit -p ${project}`, () => {
      let output = '';
      try {
        execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', project], { encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        const e = error as { stdout?: string; stderr?: string };
        output = `${e.stdout ?? ''}${e.stderr ?? ''}` || String(error);
      }
      expect(output).toBe('');
    }, 120_000);
  }
});
