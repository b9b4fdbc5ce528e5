/** `tsc --noEmit` in strict mode over both projects: the Node side and the Apps Script side. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('type check', () => {
  for (const project of ['.', 'sheets-addon']) {
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
