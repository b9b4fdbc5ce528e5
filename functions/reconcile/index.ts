/**
 * `npm run reconcile`'s core (and the daily Lambda's, report-only): scan the whole table, recompute every derived
 * figure from the records (./drifts.ts; what it can find, ./drift.ts) and, with `repair`, mend what can be mended
 * (./repair.ts).
 *
 * A Scan is no snapshot: a fact committing while it runs can be seen half (its record, not yet its counter shard).
 * So a repair mends only a drift seen the same in two scans in a row — a fact in flight during the first scan has
 * landed whole by the second — and each repair re-reads what it changes or conditions on it. A third scan says
 * what is left.
 */
import type { TableClient } from '../store/dynamodb/client.js';
import { describeDrift, REPAIRABLE, type Drift } from './drift.js';
import { Tally } from './drifts.js';
import { repairDrift } from './repair.js';
import { scanTable } from './scan.js';

export { describeDrift, REPAIRABLE, type Drift, type DriftKind } from './drift.js';

export interface ReconcileOptions {
  /** Mend what can be mended (default: only report). */
  readonly repair?: boolean;
  /** Parallel Scan segments (default 4). */
  readonly segments?: number;
  /** Called every 10,000 items scanned. */
  readonly onProgress?: (scanned: number) => void;
}

export interface ReconcileResult {
  /** The drifts the (first) scan found. */
  readonly found: readonly Drift[];
  /** With `repair`: the drifts mended. */
  readonly repaired: readonly Drift[];
  /** With `repair`: the drifts not mended, and why (a person must look, or it moved meanwhile). */
  readonly unrepaired: readonly { readonly drift: Drift; readonly reason: string }[];
  /** What a last scan finds: `found` without `repair`, what is left after it with. */
  readonly remaining: readonly Drift[];
  /** Items in the table (the last scan). */
  readonly scanned: number;
}

/** One scan of the table and the drifts in it. */
export async function findDrifts(t: TableClient, options: Pick<ReconcileOptions, 'segments' | 'onProgress'> = {}): Promise<{ drifts: Drift[]; scanned: number }> {
  const tally = new Tally();
  const scanned = await scanTable(t, (item) => tally.add(item), options);
  return { drifts: tally.drifts(), scanned };
}

export async function reconcile(t: TableClient, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  const first = await findDrifts(t, options);
  if (!options.repair || first.drifts.length === 0) {
    return { found: first.drifts, repaired: [], unrepaired: [], remaining: first.drifts, scanned: first.scanned };
  }
  const second = await findDrifts(t, options);
  const again = new Set(second.drifts.map(describeDrift));
  const repaired: Drift[] = [];
  const unrepaired: { drift: Drift; reason: string }[] = [];
  for (const drift of first.drifts) {
    if (!REPAIRABLE.has(drift.kind)) unrepaired.push({ drift, reason: 'needs a person' });
    else if (!again.has(describeDrift(drift))) unrepaired.push({ drift, reason: 'not seen the same by a second scan (a write in flight?): run reconcile again' });
    else {
      const outcome = await repairDrift(t, drift);
      if (outcome.repaired) repaired.push(drift);
      else unrepaired.push({ drift, reason: outcome.reason });
    }
  }
  const last = await findDrifts(t, options);
  return { found: first.drifts, repaired, unrepaired, remaining: last.drifts, scanned: last.scanned };
}
