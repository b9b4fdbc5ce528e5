/**
 * The send left unfinished, per spreadsheet and sheet, in the user's properties (getPendingSend), kept as row KEYS, not
 * row numbers: a sort between a stop and the resume moves rows, and a number would then point at another row. The
 * keys are written once per send as JSON parts (a property value holds about 9 kB), and each row sent only moves a
 * cursor in the head property; the whole rest of the selection stays pending, not just the chunk one call was given.
 */
import type { PendingSend } from './bridge.js';
import { INPUT_SHEETS } from './layout.js';
import { rowsByKey } from './row-keys.js';

const PENDING_PROPERTY = 'KECHUANG_PENDING_SEND';
/** Characters of JSON per part: under a property value's 9 kB. */
const PART_CHARS = 8_000;
/**
 * Apps Script's user property store holds 500 kB in all: a pending send keeps at most this many parts (~320 kB, about
 * 8,000 UUID keys), and no more than the store has room for beside this user's other properties. Keys beyond are not
 * kept (`notKept`): those rows cannot be resumed after a stop and must be selected again; the sidebar says so.
 */
const MAX_PARTS = 40;

/** The head property: keys[from…] of the stored parts are still to send; `done` rows of this send were answered. */
interface Head {
  readonly v: 2;
  readonly done: number;
  readonly from: number;
  readonly parts: number;
  readonly total: number;
  readonly notKept: number;
}

/** A send under way: where its keys are stored, to move the cursor as rows are sent. */
export interface PendingHandle {
  readonly sheetName: string;
  readonly head: Head;
}

const props = () => PropertiesService.getUserProperties();
const headName = (sheetName: string): string => `${PENDING_PROPERTY}:${SpreadsheetApp.getActiveSpreadsheet().getId()}:${sheetName}`;
const partName = (sheetName: string, i: number): string => `${headName(sheetName)}#${i}`;

function readHead(sheetName: string): Head | null {
  const text = props().getProperty(headName(sheetName));
  if (!text) return null;
  try {
    const head = JSON.parse(text) as Partial<Head>;
    // A value of the earlier format (row numbers, no parts) is not trusted: its rows may have moved since.
    if (head.v !== 2) return null;
    const n = (v: unknown) => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : 0);
    return { v: 2, done: n(head.done), from: n(head.from), parts: n(head.parts), total: n(head.total), notKept: n(head.notKept) };
  } catch {
    return null;
  }
}

function readKeys(sheetName: string, head: Head): string[] {
  const keys: string[] = [];
  for (let i = 0; i < head.parts; i++) {
    try {
      const part = JSON.parse(props().getProperty(partName(sheetName, i)) ?? '[]') as unknown;
      if (Array.isArray(part)) keys.push(...part.map(String));
    } catch {
      // A damaged part: its keys are lost, the rest still resume.
    }
  }
  return keys;
}

function clear(sheetName: string, head: Head | null): void {
  for (let i = 0; i < (head?.parts ?? 0); i++) props().deleteProperty(partName(sheetName, i));
  props().deleteProperty(headName(sheetName));
}

/** Splits `keys` into groups whose JSON is at most PART_CHARS, at most MAX_PARTS of them. */
function pack(keys: readonly string[]): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let length = 2;
  for (const key of keys) {
    const cost = JSON.stringify(key).length + (current.length ? 1 : 0);
    if (current.length && length + cost > PART_CHARS) {
      groups.push(current);
      if (groups.length === MAX_PARTS) return groups;
      current = [];
      length = 2;
    }
    length += JSON.stringify(key).length + (current.length ? 1 : 0);
    current.push(key);
  }
  if (current.length) groups.push(current);
  return groups;
}

/** setProperty, or false where the store refuses it (its 500 kB are shared by all of this user's properties). */
function tryToSet(name: string, value: string): boolean {
  try {
    props().setProperty(name, value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Keeps `keys` (the keyed rows still to send, in send order) pending. The same send resumed (its keys are the ones
 * still pending, less any whose rows were deleted) keeps its `done` count, and its stored parts when nothing changed.
 */
export function beginPending(sheetName: string, keys: readonly string[]): PendingHandle {
  const before = readHead(sheetName);
  const stored = before ? readKeys(sheetName, before).slice(before.from) : [];
  const storedSet = new Set(stored);
  const same = before !== null && keys.length > 0 && keys.length <= stored.length + before.notKept && keys.slice(0, stored.length).every((k) => storedSet.has(k));
  // Unchanged: the next chunk of the same list (the kept keys, then those not kept), or a resume of the kept keys
  // alone (all getPendingSend offers): the head stays, and with it the count of rows not kept, still to be said.
  const unchanged = (keys.length === stored.length + (before?.notKept ?? 0) || keys.length === stored.length) && stored.every((k, i) => k === keys[i]);
  if (same && before && unchanged) return { sheetName, head: before };
  const done = same && before ? before.done : 0;
  clear(sheetName, before);
  // Other sends (other sheets, other spreadsheets) may hold much of the store: the parts it has no room for, and the
  // keys in them, are not kept, as those past MAX_PARTS are not; the head is written last, a part given up for it.
  const groups = pack(keys);
  let parts = 0;
  while (parts < groups.length && tryToSet(partName(sheetName, parts), JSON.stringify(groups[parts]))) parts++;
  for (; parts > 0; parts--) {
    const kept = groups.slice(0, parts).reduce((n, group) => n + group.length, 0);
    const head: Head = { v: 2, done, from: 0, parts, total: kept, notKept: keys.length - kept };
    if (tryToSet(headName(sheetName), JSON.stringify(head))) return { sheetName, head };
    props().deleteProperty(partName(sheetName, parts - 1));
  }
  return { sheetName, head: { v: 2, done, from: 0, parts: 0, total: 0, notKept: keys.length } };
}

/** After a row: `keyed` of the send's keyed rows are answered, `done` rows in all; cleared when none is left. */
export function advancePending(pending: PendingHandle, keyed: number, done: number): void {
  const { sheetName, head } = pending;
  if (head.total === 0) return;
  const from = head.from + keyed;
  if (from >= head.total) clear(sheetName, head);
  // A store full to the byte may refuse the head grown by a digit: rather than fail this send midway, the cursor stays
  // behind, and a resume offers those rows again, where a row already sent is found in the cloud and not sent twice.
  else tryToSet(headName(sheetName), JSON.stringify({ ...head, from, done }));
}

/**
 * The unfinished send of this spreadsheet (the active sheet's first), its keys mapped to the rows where they are now;
 * a key no row carries any more (the row was deleted, or its key cleared) is dropped and counted in `dropped`.
 */
export function pendingSend(sendable: (sheetName: string) => boolean): PendingSend | null {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const active = spreadsheet.getActiveSheet().getName();
  const specs = [...INPUT_SHEETS].sort((a, b) => Number(b.name === active) - Number(a.name === active));
  for (const spec of specs) {
    if (!sendable(spec.name)) continue;
    const head = readHead(spec.name);
    const sheet = spreadsheet.getSheetByName(spec.name);
    if (!head || !sheet) continue;
    const keys = readKeys(spec.name, head).slice(head.from);
    const where = rowsByKey(sheet, spec);
    const rows = [...new Set(keys.map((k) => where.get(k)).filter((r): r is number => r !== undefined))];
    if (rows.length) return { sheetName: spec.name, rows, done: head.done, dropped: keys.length - rows.length, notKept: head.notKept };
  }
  return null;
}
