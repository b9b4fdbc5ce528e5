/** What commits with every fact besides its guard and record (DESIGN.md: a fact is one transaction). */
import type { HistoryEvent } from '../domain/records.js';
import type { Counts, FactTrail } from '../store/store.js';
import type { ServiceContext } from './context.js';

/**
 * What commits with a fact besides its guard and record: its history event (who, when, what), its counts, and the
 * request's answer made from the fact's `result` where the request has an Idempotency-Key.
 */
export function trail<R>(ctx: ServiceContext<R>, result: R, applicationId: string, type: HistoryEvent['type'], data: object, counts?: Counts | readonly Counts[], reason?: string): FactTrail {
  // The key's label as it is now, kept in the event: the history says who did it even after the key is revoked.
  const who = { keyId: ctx.principal.keyId, ...(ctx.principal.label !== undefined ? { keyLabel: ctx.principal.label } : {}) };
  const event: HistoryEvent = { applicationId, at: ctx.now().toISOString(), ...who, type, data: data as Record<string, unknown>, ...(reason !== undefined ? { reason } : {}) };
  const answer = ctx.answer?.(result);
  const all = counts === undefined ? [] : 'deltas' in counts ? [counts] : [...counts];
  return { event, ...(all.length > 0 ? { counts: all } : {}), ...(answer ? { answer } : {}) };
}
