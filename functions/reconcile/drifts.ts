/**
 * What `npm run reconcile` can find: each way a derived figure can disagree with the records it is derived from
 * (DESIGN.md: a fact is one transaction, so on a healthy table there is none). Pure: the table's items in, the drifts
 * out; reading the table and mending it are ./scan.ts and ./repair.ts.
 */
import { normaliseContractNo, payableLimit } from '../../shared/index.js';
import type { Application, Approval, HistoryEvent, Payment, Receipt, SummaryScope, SupportRecord } from '../domain/records.js';
import { applicationCounts, approvalCounts, paymentCounts, paymentVoidCounts, receiptCounts, receiptVoidCounts, supportCounts } from '../services/counts.js';
import { countedIn, type Counts } from '../store/store.js';
import { applicationItem, asScope, contractKey, duplicateMarkerKey, fromItem, holdsDuplicateMarker, kindOf, partnerKey } from '../store/dynamodb/items.js';
import { TABLE_DEFINITION } from '../store/table-definition.js';

export type Drift =
  /** A summary counter of a scope (summed over its shards) is not what the records add up to. */
  | { readonly kind: 'counter'; readonly scope: SummaryScope; readonly counter: string; readonly expected: number; readonly actual: number }
  /** A ledger item's `paid` is not the sum of its payments (`actual` undefined: payments with no ledger item). */
  | { readonly kind: 'ledger'; readonly applicationId: string; readonly year: number; readonly item: string; readonly expected: number; readonly actual: number | undefined }
  /**
   * A ledger item's approval (`approved`, and `approvals`, the count of its approval records) is not what its records
   * say: the latest approval of the row, else the rating's approved initial grant (`actual` undefined: no ledger item).
   */
  | {
      readonly kind: 'approval';
      readonly applicationId: string;
      readonly year: number;
      readonly item: string;
      /** fen: the cap the row's item should carry if it has to be made. */
      readonly cap: number;
      readonly expected: { readonly approved: number | undefined; readonly approvals: number };
      readonly actual: { readonly approved: number | undefined; readonly approvals: number } | undefined;
    }
  /** More paid on a ledger item than its limit (its approval, else its cap): money out of the door, for people to look at, not a figure to mend. */
  | { readonly kind: 'over-cap'; readonly applicationId: string; readonly year: number; readonly item: string; readonly paid: number; readonly cap: number }
  /** An achievement's counter is not its receipts': `cumulativeReceived` the sum of those not voided, `receipts` the count of all. */
  | {
      readonly kind: 'achievement';
      readonly achievementId: string;
      readonly expected: { readonly received: number; readonly receipts: number };
      readonly actual: { readonly received: number; readonly receipts: number };
    }
  /** A record with no history event: the event it should have had (keyId `reconcile`, the record's time). */
  | { readonly kind: 'event-missing'; readonly recordId: string; readonly event: HistoryEvent }
  /** History events of one record beyond the one it should have (or events of no record at all). Append-only: reported. */
  | { readonly kind: 'event-extra'; readonly applicationId: string; readonly type: HistoryEvent['type']; readonly recordId: string; readonly events: number; readonly expected: number }
  /** An application's listing (GSI) attributes are not what its fields make them, so a listing by them disagrees. */
  | {
      readonly kind: 'listing';
      readonly applicationId: string;
      readonly status: string;
      readonly updatedAt: string;
      readonly attributes: readonly { readonly name: string; readonly expected: string; readonly actual: string | undefined }[];
    }
  /** A partner counted in a scope whose marker is missing (the next rating of it would count it again). */
  | { readonly kind: 'partner-missing'; readonly scope: SummaryScope; readonly name: string; readonly firstApplicationId: string }
  /** A partner marker that no counted rating needs (or a second one for the same partner and scope). */
  | { readonly kind: 'partner-extra'; readonly scope: SummaryScope; readonly name: string; readonly key: { readonly pk: string; readonly sk: string } }
  /** An achievement whose technology contract has no marker (a second registration of that contract would be let in). */
  | { readonly kind: 'contract-missing'; readonly achievementId: string; readonly contractNo: string }
  /** A contract marker that names no achievement holding that contract (gone, or with another number). */
  | { readonly kind: 'contract-extra'; readonly contractNo: string; readonly achievementId: string; readonly key: { readonly pk: string; readonly sk: string } }
  /** One technology contract registered as several achievements (三(七): one contract, one achievement). For a person. */
  | { readonly kind: 'contract-shared'; readonly contractNo: string; readonly achievementIds: readonly string[] }
  /** An open (submitted or rated) application without its duplicate marker: a second filing of it would be accepted. */
  | { readonly kind: 'duplicate-marker-missing'; readonly applicationId: string; readonly key: { readonly pk: string; readonly sk: string } }
  /** A duplicate marker naming no open application with those names: a filing of them would be refused for nothing. */
  | { readonly kind: 'duplicate-marker-extra'; readonly applicationId: string; readonly key: { readonly pk: string; readonly sk: string } }
  /** Several open applications of one institution, partner and category (filed before duplicates were refused). */
  | { readonly kind: 'duplicate-open'; readonly applicationIds: readonly string[]; readonly key: { readonly pk: string; readonly sk: string } }
  /** A record hanging on nothing (a payment of no application, a receipt of no achievement): its counts are not known. */
  | { readonly kind: 'orphan'; readonly what: string; readonly key: { readonly pk: string; readonly sk: string } };

export type DriftKind = Drift['kind'];

/** Kinds `--repair` mends; the others need a person (money paid past a cap, history that is append-only, orphans). */
export const REPAIRABLE: ReadonlySet<DriftKind> = new Set<DriftKind>([
  'counter',
  'ledger',
  'approval',
  'achievement',
  'event-missing',
  'listing',
  'partner-missing',
  'partner-extra',
  'contract-missing',
  'duplicate-marker-missing',
  'duplicate-marker-extra',
]);

/** Counters that are money (fen), for the words; the others are counts. */
const isMoneyCounter = (name: string) => /^(committed:|paid:|transfer)/.test(name);

/** One line, plain words: what disagrees, what it is, what the records say. */
export function describeDrift(d: Drift): string {
  switch (d.kind) {
    case 'counter': {
      const unit = isMoneyCounter(d.counter) ? ' fen' : '';
      return `summary ${d.scope}: counter ${d.counter} is ${d.actual}${unit}, the records add up to ${d.expected}${unit}`;
    }
    case 'ledger':
      return d.actual === undefined
        ? `ledger ${d.applicationId} ${d.year} ${d.item}: no ledger item, its payments add up to ${d.expected} fen`
        : `ledger ${d.applicationId} ${d.year} ${d.item}: paid is ${d.actual} fen, its payments add up to ${d.expected} fen`;
    case 'approval': {
      const show = (a: { readonly approved: number | undefined; readonly approvals: number }) => `approved ${a.approved === undefined ? '(none)' : `${a.approved} fen`} after ${a.approvals} approval(s)`;
      return `ledger ${d.applicationId} ${d.year} ${d.item}: ${d.actual ? show(d.actual) : 'no ledger item'}, its records say ${show(d.expected)}`;
    }
    case 'over-cap':
      return `ledger ${d.applicationId} ${d.year} ${d.item}: ${d.paid} fen paid, over its limit of ${d.cap} fen (not mended: look at the payments)`;
    case 'achievement':
      return (
        `achievement ${d.achievementId}: counter says ${d.actual.receipts} receipt(s), ${d.actual.received} fen received; ` +
        `its receipts are ${d.expected.receipts}, ${d.expected.received} fen`
      );
    case 'event-missing':
      return `history of ${d.event.applicationId}: no ${d.event.type} event for ${d.recordId}`;
    case 'event-extra':
      return d.expected === 0
        ? `history of ${d.applicationId}: ${d.events} ${d.type} event(s) for ${d.recordId}, which is no record (not mended: history is append-only)`
        : `history of ${d.applicationId}: ${d.events} ${d.type} events for ${d.recordId}, expected ${d.expected} (not mended: history is append-only)`;
    case 'listing':
      return `listing of ${d.applicationId}: ${d.attributes.map((a) => `${a.name} is ${a.actual ?? '(none)'}, should be ${a.expected}`).join('; ')}`;
    case 'partner-missing':
      return `partners ${d.scope}: "${d.name}" is counted but has no marker`;
    case 'partner-extra':
      return `partners ${d.scope}: marker ${d.key.pk} for "${d.name}" counts no rated partner`;
    case 'contract-missing':
      return `contracts: achievement ${d.achievementId} holds contract "${d.contractNo}" but it has no marker (a second achievement of it would be let in)`;
    case 'contract-extra':
      return `contracts: marker ${d.key.pk} for "${d.contractNo}" names achievement ${d.achievementId}, which does not hold that contract (not mended: look at it)`;
    case 'contract-shared':
      return `contracts: "${d.contractNo}" is registered as ${d.achievementIds.length} achievements, ${d.achievementIds.join(', ')} (not mended: one contract is one achievement, 三(七))`;
    case 'duplicate-marker-missing':
      return `duplicates: application ${d.applicationId} is open but holds no duplicate marker (${d.key.pk}): a second filing of its institution, partner and category would be accepted`;
    case 'duplicate-marker-extra':
      return `duplicates: marker ${d.key.pk} names application ${d.applicationId}, which is not open with those names: a filing of them would be refused for nothing`;
    case 'duplicate-open':
      return `duplicates: applications ${d.applicationIds.join(', ')} are all open for one institution, partner and category (not mended: a person decides which stays, withdrawing or rejecting the others)`;
    case 'orphan':
      return `${d.what} ${d.key.pk} ${d.key.sk} belongs to no record (not mended)`;
  }
}

type Item = Record<string, unknown>;
type Key = { readonly pk: string; readonly sk: string };

/** What the records of one history event identify: the record's type and id. */
function eventRecordId(event: HistoryEvent): string {
  if (event.type === 'APPLICATION_RATED') return event.applicationId;
  const id = event.data.id;
  return typeof id === 'string' ? id : '(no id)';
}

const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0));

/**
 * Gathers the items of one table (in any order, from any number of Scan segments) and answers the drifts.
 * Keys, Idempotency-Key claims and anything else that derives nothing are skipped on the way in.
 */
export class Tally {
  private readonly applications = new Map<string, Application>();
  private readonly applicationItems = new Map<string, Item>();
  private readonly ledgers = new Map<string, { key: Key; applicationId: string; year: number; item: string; paid: number; cap: number; approved: number | undefined; approvals: number }>();
  private readonly payments: { key: Key; payment: Payment }[] = [];
  private readonly approvals: { key: Key; approval: Approval }[] = [];
  private readonly events: { key: Key; event: HistoryEvent }[] = [];
  private readonly achievements = new Map<string, Item>();
  private readonly receipts: { key: Key; receipt: Receipt }[] = [];
  private readonly shards = new Map<SummaryScope, Map<string, number>>();
  private readonly markers: { key: Key; scope: SummaryScope; name: string }[] = [];
  private readonly contracts: { key: Key; contractNo: string; achievementId: string }[] = [];
  private readonly supports: { key: Key; record: SupportRecord }[] = [];
  private readonly duplicateMarkers: { key: Key; applicationId: string }[] = [];

  add(item: Item): void {
    const key = { pk: String(item.pk), sk: String(item.sk) };
    const what = kindOf(key);
    switch (what.kind) {
      case 'application':
        this.applications.set(what.applicationId, fromItem<Application>(item));
        this.applicationItems.set(what.applicationId, item);
        break;
      case 'ledger': {
        const year = num(item.year);
        const line = String(item.item);
        const approved = item.approved === undefined ? undefined : num(item.approved);
        this.ledgers.set(ledgerId(what.applicationId, year, line), { key, applicationId: what.applicationId, year, item: line, paid: num(item.paid), cap: num(item.cap), approved, approvals: num(item.approvals) });
        break;
      }
      case 'payment':
        this.payments.push({ key, payment: fromItem<Payment>(item) });
        break;
      case 'approval':
        this.approvals.push({ key, approval: fromItem<Approval>(item) });
        break;
      case 'event':
        this.events.push({ key, event: fromItem<HistoryEvent>(item) });
        break;
      case 'achievement':
        this.achievements.set(what.achievementId, item);
        break;
      case 'receipt':
        this.receipts.push({ key, receipt: fromItem<Receipt>(item) });
        break;
      case 'summary': {
        const counters = this.shards.get(what.scope) ?? new Map<string, number>();
        this.shards.set(what.scope, counters);
        for (const [name, value] of Object.entries(item)) if (typeof value === 'number') counters.set(name, (counters.get(name) ?? 0) + value);
        break;
      }
      case 'partner': {
        const scope = asScope(item.scope);
        if (scope !== undefined && typeof item.name === 'string') this.markers.push({ key, scope, name: item.name });
        break;
      }
      case 'contract':
        this.contracts.push({ key, contractNo: String(item.contractNo), achievementId: String(item.achievementId) });
        break;
      case 'support':
        this.supports.push({ key, record: fromItem<SupportRecord>(item) });
        break;
      case 'duplicate-marker':
        this.duplicateMarkers.push({ key, applicationId: String(item.applicationId) });
        break;
      case 'other':
        break;
    }
  }

  drifts(): Drift[] {
    const out: Drift[] = [];
    const expected = new Map<SummaryScope, Map<string, number>>();
    const partners = new Map<SummaryScope, Map<string, string>>();
    const count = (counts: Counts, firstApplicationId: string) => {
      for (const scope of countedIn(counts)) {
        const counters = expected.get(scope) ?? new Map<string, number>();
        expected.set(scope, counters);
        for (const [name, delta] of Object.entries(counts.deltas)) counters.set(name, (counters.get(name) ?? 0) + delta);
        if (counts.partner !== undefined) {
          const names = partners.get(scope) ?? new Map<string, string>();
          partners.set(scope, names);
          if (!names.has(counts.partner)) names.set(counts.partner, firstApplicationId);
        }
      }
    };
    // The events each record should have: `type|recordId` → the event to write were it missing.
    const wanted = new Map<string, { recordId: string; event: HistoryEvent }>();
    // The record itself is the event's data, as the services write it (functions/services/applications.ts trail()).
    const want = (recordId: string, event: Omit<HistoryEvent, 'keyId' | 'data'> & { readonly data: object }) =>
      wanted.set(`${event.type}|${recordId}`, { recordId, event: { ...event, keyId: 'reconcile', data: event.data as Record<string, unknown> } });
    const found = new Map<string, { applicationId: string; type: HistoryEvent['type']; recordId: string; events: HistoryEvent[] }>();
    for (const { event } of this.events) {
      const recordId = eventRecordId(event);
      const id = `${event.type}|${recordId}`;
      const entry = found.get(id) ?? { applicationId: event.applicationId, type: event.type, recordId, events: [] };
      entry.events.push(event);
      found.set(id, entry);
    }

    // Applications, oldest first (the first application of a partner names its marker, as the facts did).
    const applications = [...this.applications.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    for (const app of applications) {
      count(applicationCounts(app), app.id);
      // Rated later: its creation event is of the application as filed (not yet rated), its rating its own event.
      const ratedLater = app.rating !== undefined && !ratedAtCreation(app, found);
      const { rating, ...unrated } = app;
      want(app.id, { applicationId: app.id, at: app.createdAt, type: 'APPLICATION_CREATED', data: ratedLater ? { ...unrated, status: 'SUBMITTED' } : app });
      if (ratedLater && rating) want(app.id, { applicationId: app.id, at: app.updatedAt, type: 'APPLICATION_RATED', data: rating });
      // Withdrawn or rejected: one event says so (still counted as filed: applicationCounts).
      if (app.status === 'WITHDRAWN' || app.status === 'REJECTED') {
        want(app.id, { applicationId: app.id, at: app.updatedAt, type: `APPLICATION_${app.status}`, data: { id: app.id, status: app.status } });
      }
      const item = this.applicationItems.get(app.id) ?? {};
      const should = applicationItem(app);
      const attributes = TABLE_DEFINITION.indexes
        .flatMap((i) => [i.partitionKey, i.sortKey])
        .filter((name) => item[name] !== should[name])
        .map((name) => ({ name, expected: String(should[name]), actual: typeof item[name] === 'string' ? item[name] : undefined }));
      if (attributes.length > 0) out.push({ kind: 'listing', applicationId: app.id, status: app.status, updatedAt: app.updatedAt, attributes });
    }

    // Payments: the ledger's sums, and the money paid by year.
    const sums = new Map<string, { applicationId: string; year: number; item: string; paid: number; cap: number }>();
    for (const { key, payment } of this.payments) {
      const app = this.applications.get(payment.applicationId);
      if (!app) {
        out.push({ kind: 'orphan', what: 'payment', key });
        continue;
      }
      count(paymentCounts(app.district, payment), app.id);
      // The event of a payment holds it as it was recorded, before any void.
      const { status: _s, voidedAt: _a, voidedBy: _b, voidReason: _r, ...recorded } = payment;
      want(payment.id, { applicationId: app.id, at: payment.createdAt, type: 'PAYMENT_RECORDED', data: recorded });
      const id = ledgerId(app.id, payment.year, payment.item);
      const sum = sums.get(id) ?? { applicationId: app.id, year: payment.year, item: payment.item, paid: 0, cap: payment.cap };
      sums.set(id, sum);
      if (payment.status === 'VOIDED') {
        // A void: its amount leaves the year's paid money and its row, and it has its own event.
        count(paymentVoidCounts(app.district, payment), app.id);
        want(payment.id, { applicationId: app.id, at: payment.voidedAt ?? payment.createdAt, type: 'PAYMENT_VOIDED', data: payment, ...(payment.voidReason !== undefined ? { reason: payment.voidReason } : {}) });
      } else {
        sum.paid += payment.amount;
      }
    }

    // Approvals (核定), per row in the order its guard took them: each moves the committed money from the limit it
    // replaces (the earlier approval, else the rating's limit for the row) to its amount; the latest is the row's.
    const rows = new Map<string, { app: Application; year: number; item: string; approvals: Approval[] }>();
    for (const { key, approval } of this.approvals) {
      const app = this.applications.get(approval.applicationId);
      if (!app) {
        out.push({ kind: 'orphan', what: 'approval', key });
        continue;
      }
      const id = ledgerId(app.id, approval.year, approval.item);
      const row = rows.get(id) ?? { app, year: approval.year, item: approval.item, approvals: [] };
      row.approvals.push(approval);
      rows.set(id, row);
    }
    // Rows whose approval is the rating's approved initial grant, with no approval record since.
    for (const app of applications) {
      const initial = app.rating?.approvedInitial === undefined ? undefined : app.rating.schedule.find((r) => r.item === 'INITIAL_GRANT');
      const id = initial ? ledgerId(app.id, initial.year, initial.item) : undefined;
      if (initial && id && !rows.has(id)) rows.set(id, { app, year: initial.year, item: initial.item, approvals: [] });
    }
    const approvedOf = new Map<string, number>();
    for (const [id, { app, year, item, approvals }] of rows) {
      const scheduled = app.rating?.schedule.find((r) => r.item === item && r.year === year);
      let limit = payableLimit(scheduled ?? {}, item === 'INITIAL_GRANT' ? app.rating?.approvedInitial : undefined);
      for (const approval of approvals.sort((a, b) => a.sequence - b.sequence)) {
        count(approvalCounts(app.district, { ...approval, limitBefore: limit }), app.id);
        want(approval.id, { applicationId: app.id, at: approval.createdAt, type: 'APPROVAL_RECORDED', data: approval, ...(approval.reason !== undefined ? { reason: approval.reason } : {}) });
        limit = approval.amount;
      }
      const expected = { approved: approvals.length > 0 ? limit : app.rating?.approvedInitial, approvals: approvals.length };
      if (expected.approved !== undefined) approvedOf.set(id, expected.approved);
      const ledger = this.ledgers.get(id);
      const actual = ledger ? { approved: ledger.approved, approvals: ledger.approvals } : undefined;
      if (!actual || actual.approved !== expected.approved || actual.approvals !== expected.approvals) {
        out.push({ kind: 'approval', applicationId: app.id, year, item, cap: scheduled?.cap ?? limit, expected, actual });
      }
    }
    for (const [id, ledger] of this.ledgers) {
      if (rows.has(id) || (ledger.approved === undefined && ledger.approvals === 0)) continue;
      out.push({ kind: 'approval', applicationId: ledger.applicationId, year: ledger.year, item: ledger.item, cap: ledger.cap, expected: { approved: undefined, approvals: 0 }, actual: { approved: ledger.approved, approvals: ledger.approvals } });
    }
    for (const [id, sum] of sums) {
      const ledger = this.ledgers.get(id);
      if (ledger?.paid !== sum.paid) out.push({ kind: 'ledger', applicationId: sum.applicationId, year: sum.year, item: sum.item, expected: sum.paid, actual: ledger?.paid });
    }
    for (const [id, ledger] of this.ledgers) {
      if (!sums.has(id) && ledger.paid !== 0) out.push({ kind: 'ledger', applicationId: ledger.applicationId, year: ledger.year, item: ledger.item, expected: 0, actual: ledger.paid });
      const paid = sums.get(id)?.paid ?? 0;
      const limit = approvedOf.get(id) ?? ledger.cap;
      if (paid > limit) out.push({ kind: 'over-cap', applicationId: ledger.applicationId, year: ledger.year, item: ledger.item, paid, cap: limit });
    }

    // Support that is not money: its count and its one event.
    for (const { key, record } of this.supports) {
      const app = this.applications.get(record.applicationId);
      if (!app) {
        out.push({ kind: 'orphan', what: 'support record', key });
        continue;
      }
      count(supportCounts(app.district, record), app.id);
      want(record.id, { applicationId: app.id, at: record.createdAt, type: 'SUPPORT_RECORDED', data: record });
    }

    // Achievements and their receipts.
    const received = new Map<string, { received: number; receipts: number }>();
    for (const [id, item] of this.achievements) {
      received.set(id, { received: 0, receipts: 0 });
      const applicationId = String(item.applicationId);
      want(id, { applicationId, at: String(item.createdAt), type: 'ACHIEVEMENT_CREATED', data: fromItem<Record<string, unknown>>(item) });
    }
    for (const { key, receipt } of this.receipts) {
      const achievement = this.achievements.get(receipt.achievementId);
      const total = received.get(receipt.achievementId);
      if (!achievement || !total) {
        out.push({ kind: 'orphan', what: 'receipt', key });
        continue;
      }
      const district = fromItem<{ district: Application['district'] }>(achievement).district;
      count(receiptCounts(district, receipt), receipt.applicationId);
      const { voided, ...recorded } = receipt;
      want(receipt.id, { applicationId: receipt.applicationId, at: receipt.createdAt, type: 'RECEIPT_RECORDED', data: voided ? { ...recorded, status: 'RECORDED' } : receipt });
      // A voided receipt stays and is counted, and its void adds its own counts and event; its amount is no longer received.
      const voidCounts = receiptVoidCounts(district, receipt);
      if (voidCounts) count(voidCounts, receipt.applicationId);
      if (voided) want(receipt.id, { applicationId: receipt.applicationId, at: voided.at, type: 'RECEIPT_VOIDED', data: receipt, reason: voided.reason });
      if (!voided) total.received += receipt.amount;
      total.receipts += 1;
    }
    for (const [id, item] of this.achievements) {
      const actual = { received: num(item.cumulativeReceived), receipts: num(item.receipts) };
      const sum = received.get(id) ?? { received: 0, receipts: 0 };
      if (actual.received !== sum.received || actual.receipts !== sum.receipts) out.push({ kind: 'achievement', achievementId: id, expected: sum, actual });
    }

    // Contract markers: one per achievement, at the key of its normalised contract number, naming it; no other.
    const holders = new Map<string, { contractNo: string; achievementIds: string[] }>();
    for (const [id, item] of this.achievements) {
      const contractNo = normaliseContractNo(String(item.contractNo ?? ''));
      const pk = contractKey(contractNo).pk;
      const holder = holders.get(pk) ?? { contractNo, achievementIds: [] };
      holder.achievementIds.push(id);
      holders.set(pk, holder);
    }
    const contractsAt = new Map(this.contracts.map((c) => [c.key.pk, c]));
    for (const [pk, { contractNo, achievementIds }] of holders) {
      if (achievementIds.length > 1) out.push({ kind: 'contract-shared', contractNo, achievementIds: achievementIds.sort() });
      else if (!contractsAt.has(pk)) out.push({ kind: 'contract-missing', achievementId: achievementIds[0] as string, contractNo });
    }
    for (const c of this.contracts) {
      if (holders.get(c.key.pk)?.achievementIds.includes(c.achievementId) !== true) out.push({ kind: 'contract-extra', contractNo: c.contractNo, achievementId: c.achievementId, key: c.key });
    }

    // History: exactly one event per record.
    for (const [id, { recordId, event }] of wanted) {
      const events = found.get(id)?.events.length ?? 0;
      if (events === 0) out.push({ kind: 'event-missing', recordId, event });
      else if (events > 1) out.push({ kind: 'event-extra', applicationId: event.applicationId, type: event.type, recordId, events, expected: 1 });
    }
    for (const [id, entry] of found) {
      // Amendments: any number, of an application that exists.
      if (entry.type === 'APPLICATION_AMENDED' && this.applications.has(entry.recordId)) continue;
      if (!wanted.has(id)) out.push({ kind: 'event-extra', applicationId: entry.applicationId, type: entry.type, recordId: entry.recordId, events: entry.events.length, expected: 0 });
    }

    // Summary counters, per scope: every counter the records make or the shards hold.
    for (const [scope, names] of partners) expected.get(scope)?.set('partnersIntroduced', names.size);
    const scopes = new Set<SummaryScope>([...expected.keys(), ...this.shards.keys()]);
    for (const scope of [...scopes].sort()) {
      const want = expected.get(scope) ?? new Map<string, number>();
      const have = this.shards.get(scope) ?? new Map<string, number>();
      for (const counter of [...new Set([...want.keys(), ...have.keys()])].sort()) {
        const e = want.get(counter) ?? 0;
        const a = have.get(counter) ?? 0;
        if (e !== a) out.push({ kind: 'counter', scope, counter, expected: e, actual: a });
      }
    }

    // Partner markers: one per partner counted in a scope, at its key, and no other.
    const markersAt = new Map<string, { key: Key; scope: SummaryScope; name: string }>();
    for (const m of this.markers) markersAt.set(m.key.pk, m);
    for (const [scope, names] of partners) {
      for (const [name, firstApplicationId] of names) {
        if (!markersAt.has(partnerKey(scope, name).pk)) out.push({ kind: 'partner-missing', scope, name, firstApplicationId });
      }
    }
    for (const m of this.markers) {
      const counted = partners.get(m.scope)?.has(m.name) === true && partnerKey(m.scope, m.name).pk === m.key.pk;
      if (!counted) out.push({ kind: 'partner-extra', scope: m.scope, name: m.name, key: m.key });
    }
    out.push(...this.duplicateDrifts(applications));
    return out;
  }

  /** Duplicate markers: exactly one per open application, at its key, naming it; none for any other. */
  private duplicateDrifts(applications: readonly Application[]): Drift[] {
    const out: Drift[] = [];
    const open = new Map<string, { key: Key; ids: string[] }>();
    for (const app of applications) {
      if (!holdsDuplicateMarker(app)) continue;
      const key = duplicateMarkerKey(app);
      const entry = open.get(key.pk) ?? { key, ids: [] };
      entry.ids.push(app.id);
      open.set(key.pk, entry);
    }
    const held = new Map<string, string>();
    for (const m of this.duplicateMarkers) {
      if (open.get(m.key.pk)?.ids.includes(m.applicationId)) held.set(m.key.pk, m.applicationId);
      else out.push({ kind: 'duplicate-marker-extra', applicationId: m.applicationId, key: m.key });
    }
    for (const [pk, { key, ids }] of open) {
      if (ids.length > 1) out.push({ kind: 'duplicate-open', applicationIds: ids, key });
      else if (!held.has(pk) && ids[0] !== undefined) out.push({ kind: 'duplicate-marker-missing', applicationId: ids[0], key });
    }
    return out;
  }
}

const ledgerId = (applicationId: string, year: number, item: string) => `${applicationId}|${year}|${item}`;

/**
 * Whether an application was created rated (one fact, one APPLICATION_CREATED event carrying the rating) or rated
 * later (a second fact with its own APPLICATION_RATED event). Its creation event says; without one, a rating event or
 * an amendment (only a SUBMITTED application is amended) says it was rated later; with none of them, an application
 * rated later has moved on since its creation (updatedAt is at least the rating's time).
 */
function ratedAtCreation(app: Application, found: ReadonlyMap<string, { readonly events: readonly HistoryEvent[] }>): boolean {
  const created = found.get(`APPLICATION_CREATED|${app.id}`)?.events[0];
  if (created) return typeof created.data.rating === 'object' && created.data.rating !== null;
  if (found.has(`APPLICATION_RATED|${app.id}`) || found.has(`APPLICATION_AMENDED|${app.id}`)) return false;
  return app.updatedAt === app.createdAt;
}
