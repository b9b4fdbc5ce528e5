/**
 * What the records of a table make, gathered as a Tally walks them (./drifts.ts): the summary counters and partners
 * each scope should hold, and the history events each record should have, beside the events the table holds.
 */
import type { HistoryEvent, SummaryScope } from '../domain/records.js';
import { countedIn, type Counts } from '../store/store.js';

/** What the records of one history event identify: the record's type and id (./repair.ts matches by it too). */
export function eventRecordId(event: HistoryEvent): string {
  if (event.type === 'APPLICATION_RATED') return event.applicationId;
  const id = event.data.id;
  return typeof id === 'string' ? id : '(no id)';
}

export class Expectations {
  /** Per scope: counter → what the records add up to. */
  readonly counters = new Map<SummaryScope, Map<string, number>>();
  /** Per scope: partner counted → the first application counting it (it names the marker, as the facts did). */
  readonly partners = new Map<SummaryScope, Map<string, string>>();
  /** The events each record should have: `type|recordId` → the event to write were it missing. */
  readonly wanted = new Map<string, { recordId: string; event: HistoryEvent }>();
  /** The events the table holds: `type|recordId` → them. */
  readonly found = new Map<string, { applicationId: string; type: HistoryEvent['type']; recordId: string; events: HistoryEvent[] }>();

  constructor(events: Iterable<HistoryEvent>) {
    for (const event of events) {
      const recordId = eventRecordId(event);
      const id = `${event.type}|${recordId}`;
      const entry = this.found.get(id) ?? { applicationId: event.applicationId, type: event.type, recordId, events: [] };
      entry.events.push(event);
      this.found.set(id, entry);
    }
  }

  /** A record's counts: its deltas to each scope it is counted in, and its partner, if any. */
  count(counts: Counts, firstApplicationId: string): void {
    for (const scope of countedIn(counts)) {
      const counters = this.counters.get(scope) ?? new Map<string, number>();
      this.counters.set(scope, counters);
      for (const [name, delta] of Object.entries(counts.deltas)) counters.set(name, (counters.get(name) ?? 0) + delta);
      if (counts.partner !== undefined) {
        const names = this.partners.get(scope) ?? new Map<string, string>();
        this.partners.set(scope, names);
        if (!names.has(counts.partner)) names.set(counts.partner, firstApplicationId);
      }
    }
  }

  /** An event a record should have. The record itself is the event's data, as the services write it (functions/services/applications.ts trail()). */
  want(recordId: string, event: Omit<HistoryEvent, 'keyId' | 'keyLabel' | 'data'> & { readonly data: object }): void {
    this.wanted.set(`${event.type}|${recordId}`, { recordId, event: { ...event, keyId: 'reconcile', keyLabel: 'npm run reconcile', data: event.data as Record<string, unknown> } });
  }
}
