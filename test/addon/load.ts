/**
 * Loads sheets-addon/dist/Code.js the way Apps Script does: one plain script in a fresh global scope (a `vm`
 * context) with no `require`, no modules, no Node built-ins — only the Apps Script services the caller fakes.
 */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

export const CODE_PATH = new URL('../../sheets-addon/dist/Code.js', import.meta.url);

export function readCode(): string {
  return readFileSync(CODE_PATH, 'utf8');
}

/** A fresh Apps Script-like global scope with `services` as its globals; Code.js evaluated in it. */
export function loadAddon(services: Record<string, unknown> = {}): vm.Context & Record<string, any> {
  const context = vm.createContext({ console, ...services });
  vm.runInContext(readCode(), context, { filename: 'Code.js' });
  return context as vm.Context & Record<string, any>;
}

/** An answer of the add-on as plain data: results cross the vm boundary as the add-on's own arrays and objects. */
export const plain = (value: unknown): any => JSON.parse(JSON.stringify(value));

/** A one-column range as Sheets passes it: each value its own row. */
export const column = (values: readonly unknown[]): unknown[][] => values.map((v) => [v]);

/** A Date of the add-on's own realm (Apps Script hands cells over as its own Dates). */
export function dateOfRealm(context: vm.Context, iso: string): Date {
  const DateOfRealm = vm.runInContext('Date', context) as DateConstructor;
  return new DateOfRealm(iso);
}

/**
 * Midnight of `YYYY-MM-DD` in Asia/Shanghai (UTC+8, no DST), as Sheets passes a date cell; undefined for a day that
 * does not exist (a sheet would keep `2021-02-29` as text).
 */
export function shanghaiMidnight(context: vm.Context, date: string): Date | undefined {
  const instant = dateOfRealm(context, `${date}T00:00:00+08:00`);
  const back = new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return back === date ? instant : undefined;
}
