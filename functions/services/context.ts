/** What every service call gets: the store (port), who is asking, and the clock. */
import { randomBytes } from 'node:crypto';
import type { District } from '../../shared/index.js';
import type { AggregateDeltas, Principal, SummaryScope } from '../domain/records.js';
import { forbidden } from '../domain/errors.js';
import type { Store } from '../store/store.js';

export interface ServiceContext {
  readonly store: Store;
  readonly principal: Principal;
  readonly now: () => Date;
}

/** Ids are random and sortable enough to read in logs: a prefix and 16 url-safe characters. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** A district key sees and writes only its own district (CONTRACT.md §3, 403 otherwise). */
export function ensureDistrict(principal: Principal, district: District): void {
  if (principal.role === 'district' && principal.district !== district) {
    throw forbidden(`this key may only work on district ${principal.district ?? '?'}`);
  }
}

/**
 * Adds to the summary counters kept for the whole city and for the district, so `GET /reports/summary` reads one
 * item whatever the number of applications. Runs after the write it counts has committed.
 */
export async function count(ctx: ServiceContext, district: District, deltas: AggregateDeltas): Promise<void> {
  await Promise.all(summaryScopes(district).map((scope) => ctx.store.addToAggregates(scope, deltas)));
}

/** The summaries a fact in `district` counts towards: the whole city's and the district's. */
export function summaryScopes(district: District): [SummaryScope, SummaryScope] {
  return ['ALL', district];
}

/**
 * The writes that follow a commit (history event, counters, the payment or receipt record). The commit stands
 * whatever happens to them, so a failure here (after the SDK's own retries) is logged for repair, never answered as
 * an error: an error would invite the client to send the committed request again.
 */
export async function afterCommit(what: string, writes: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(writes);
  for (const r of results) {
    if (r.status === 'rejected') {
      const error = r.reason instanceof Error ? `${r.reason.name}: ${r.reason.message}` : String(r.reason);
      console.error(JSON.stringify({ level: 'error', message: 'write after commit failed; the commit stands', what, error }));
    }
  }
}
