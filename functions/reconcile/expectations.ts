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

/** A partner counted in a scope, as its ratings make it: what its marker should hold. */
export interface ExpectedPartner {
  /** The first application counting it (it names the marker, as the facts did), and its partner's name as written. */
  readonly firstApplicationId: string;
  readonly partnerName: string;
  applications: number;
  firstRatedOn: string;
}

export class Expectations {
  /** Per scope: counter → what the records add up to. */
  readonly counters = new Map<SummaryScope, Map<string, number>>();
  /** Per scope: partner counted (the name it counts as: merged names resolved) → what its marker should hold. */
  readonly partners = new Map<SummaryScope, Map<string, ExpectedPartner>>();
  /** The events each record should have: `type|recordId` → the event to write were it missing. */
  readonly wanted = new Map<string, { recordId: string; event: HistoryEvent }>();
  /** The events the table holds: `type|recordId` → them. */
  readonly found = new Map<string, { applicationId: string; type: HistoryEvent['type']; recordId: string; events: HistoryEvent[] }>();

  /** `countsAs`: the name a partner's name counts as (itself, or the name it is merged into). */
  constructor(
    events: Iterable<HistoryEvent>,
    private readonly countsAs: (name: string) => string = (name) => name,
  ) {
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
        const names = this.partners.get(scope) ?? new Map<string, ExpectedPartner>();
        this.partners.set(scope, names);
        const name = this.countsAs(counts.partner);
        const ratedOn = counts.ratedOn ?? '';
        const partner = names.get(name);
        if (!partner) names.set(name, { firstApplicationId, partnerName: counts.partnerName ?? name, applications: 1, firstRatedOn: ratedOn });
        else {
          partner.applications += 1;
          if (ratedOn < partner.firstRatedOn) partner.firstRatedOn = ratedOn;
        }
      }
    }
  }

  /** An event a record should have. The record itself is the event's data, as the services write it (functions/services/applications.ts trail()). */
  want(recordId: string, event: Omit<HistoryEvent, 'keyId' | 'keyLabel' | 'data'> & { readonly data: object }): void {
    this.wanted.set(`${event.type}|${recordId}`, { recordId, event: { ...event, keyId: 'reconcile', keyLabel: 'npm run reconcile', data: event.data as Record<string, unknown> } });
  }
}
