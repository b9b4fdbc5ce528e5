/**
 * Finding the drifts (./drift.ts) of one table: each derived figure recomputed from the records it is derived from.
 * Pure: the table's items in, the drifts out; reading the table and mending it are ./scan.ts and ./repair.ts.
 */
import { normaliseContractNo } from '../../shared/index.js';
import type { Application, Approval, HistoryEvent, Payment, Receipt, SummaryScope, SupportRecord } from '../domain/records.js';
import { applicationCounts, receiptCounts, receiptVoidCounts, supportCounts } from '../services/counts.js';
import { achievementLinkKey, applicationItem, contractKey, duplicateMarkerKey, fromItem, holdsDuplicateMarker, itemKey, keyString, kindOf, type Key } from '../store/dynamodb/items.js';
import { partnerOf } from '../store/dynamodb/partner-markers.js';
import type { CountedPartner, PartnerAlias } from '../domain/partners.js';
import { byText } from '../domain/order.js';
import { TABLE_DEFINITION } from '../store/table-definition.js';
import type { Drift } from './drift.js';
import { Expectations } from './expectations.js';
import { keyDrifts } from './keys.js';
import { ledgerDrifts, ledgerId, type LedgerItem } from './ledgers.js';
import { countsAs, partnerDrifts } from './partners.js';

type Item = Record<string, unknown>;

const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0));

/**
 * Gathers the items of one table (in any order, from any number of Scan segments) and answers the drifts.
 * Idempotency-Key claims and anything else that derives nothing are skipped on the way in; API keys are checked against
 * their listing entries (./keys.ts); partner markers and aliases against the ratings in ./partners.ts.
 */
export class Tally {
  private readonly applications = new Map<string, Application>();
  private readonly applicationItems = new Map<string, Item>();
  private readonly ledgers = new Map<string, LedgerItem>();
  private readonly payments: { key: Key; payment: Payment }[] = [];
  private readonly approvals: { key: Key; approval: Approval }[] = [];
  private readonly events: { key: Key; event: HistoryEvent }[] = [];
  private readonly achievements = new Map<string, Item>();
  private readonly receipts: { key: Key; receipt: Receipt }[] = [];
  private readonly shards = new Map<SummaryScope, Map<string, number>>();
  private readonly markers: { key: Key; partner: CountedPartner }[] = [];
  /** Names merged into another (their city items), by name. */
  private readonly aliases = new Map<string, { key: Key; alias: PartnerAlias }>();
  private readonly contracts: { key: Key; contractNo: string; achievementId: string }[] = [];
  private readonly supports: { key: Key; record: SupportRecord }[] = [];
  private readonly duplicateMarkers: { key: Key; applicationId: string }[] = [];
  private readonly achievementLinks: { key: Key; applicationId: string; achievementId: string }[] = [];
  private readonly keyItems: Item[] = [];
  private readonly keyListings: Item[] = [];

  add(item: Item): void {
    const key = itemKey(item);
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
        const p = partnerOf(item);
        if (p.kind === 'counted') this.markers.push({ key, partner: p.partner });
        else if (p.kind === 'alias') this.aliases.set(p.alias.name, { key, alias: p.alias });
        break;
      }
      case 'partner-merge':
        // The record of a merge (who, when, why): what it did is in the aliases and markers, checked from the ratings.
        break;
      case 'contract':
        this.contracts.push({ key, contractNo: String(item.contractNo), achievementId: String(item.achievementId) });
        break;
      case 'support':
        this.supports.push({ key, record: fromItem<SupportRecord>(item) });
        break;
      case 'duplicate-marker':
        this.duplicateMarkers.push({ key, applicationId: String(item.applicationId) });
        break;
      case 'achievement-link':
        this.achievementLinks.push({ key, applicationId: what.applicationId, achievementId: what.achievementId });
        break;
      case 'key':
        this.keyItems.push(item);
        break;
      case 'key-listing':
        this.keyListings.push(item);
        break;
      case 'other':
        break;
    }
  }

  /**
   * Every drift, in this order. The checks up to achievements also gather what the records make into `expect` (the
   * counters and partners of each scope, the events each record should have), which events, counters and partners
   * then compare with what the table holds.
   */
  drifts(): Drift[] {
    const expect = new Expectations(
      this.events.map(({ event }) => event),
      (name) => countsAs(this.aliases, name),
    );
    // Applications, oldest first (the first application of a partner names its marker, as the facts did).
    const applications = [...this.applications.values()].sort(byText((a) => a.createdAt));
    const out: Drift[] = [];
    out.push(...this.applicationDrifts(applications, expect));
    out.push(...ledgerDrifts({ applications: this.applications, ledgers: this.ledgers, payments: this.payments, approvals: this.approvals }, applications, expect));
    out.push(...this.supportDrifts(expect));
    out.push(...this.achievementDrifts(expect));
    out.push(...this.contractDrifts());
    out.push(...this.achievementLinkDrifts());
    out.push(...this.eventDrifts(expect));
    out.push(...this.counterDrifts(expect));
    out.push(...partnerDrifts(this.markers, this.aliases, expect.partners));
    out.push(...this.duplicateDrifts(applications));
    out.push(...keyDrifts(this.keyItems, this.keyListings));
    return out;
  }

  /** Applications: their counts and events, and their listing (GSI) attributes against what their fields make them. */
  private applicationDrifts(applications: readonly Application[], expect: Expectations): Drift[] {
    const out: Drift[] = [];
    for (const app of applications) {
      expect.count(applicationCounts(app), app.id);
      // Rated later: its creation event is of the application as filed (not yet rated), its rating its own event.
      const ratedLater = app.rating !== undefined && !ratedAtCreation(app, expect.found);
      const { rating, ...unrated } = app;
      expect.want(app.id, { applicationId: app.id, at: app.createdAt, type: 'APPLICATION_CREATED', data: ratedLater ? { ...unrated, status: 'SUBMITTED' } : app });
      if (ratedLater && rating) expect.want(app.id, { applicationId: app.id, at: app.updatedAt, type: 'APPLICATION_RATED', data: rating });
      // Withdrawn or rejected: one event says so (still counted as filed: applicationCounts).
      if (app.status === 'WITHDRAWN' || app.status === 'REJECTED') {
        expect.want(app.id, { applicationId: app.id, at: app.updatedAt, type: `APPLICATION_${app.status}`, data: { id: app.id, status: app.status } });
      }
      const item = this.applicationItems.get(app.id) ?? {};
      const should = applicationItem(app);
      const attributes = TABLE_DEFINITION.indexes
        .flatMap((i) => [i.partitionKey, i.sortKey])
        .filter((name) => item[name] !== should[name])
        .map((name) => ({ name, expected: String(should[name]), actual: typeof item[name] === 'string' ? item[name] : undefined }));
      if (attributes.length > 0) out.push({ kind: 'listing', applicationId: app.id, status: app.status, updatedAt: app.updatedAt, attributes });
    }
    return out;
  }

  /** Support that is not money: its count and its one event. */
  private supportDrifts(expect: Expectations): Drift[] {
    const out: Drift[] = [];
    for (const { key, record } of this.supports) {
      const app = this.applications.get(record.applicationId);
      if (!app) {
        out.push({ kind: 'orphan', what: 'support record', key });
        continue;
      }
      expect.count(supportCounts(app.district, record), app.id);
      expect.want(record.id, { applicationId: app.id, at: record.createdAt, type: 'SUPPORT_RECORDED', data: record });
    }
    return out;
  }

  /** Achievements and their receipts: each achievement's counter against its receipts. */
  private achievementDrifts(expect: Expectations): Drift[] {
    const out: Drift[] = [];
    const received = new Map<string, { received: number; receipts: number }>();
    for (const [id, item] of this.achievements) {
      received.set(id, { received: 0, receipts: 0 });
      const applicationId = String(item.applicationId);
      expect.want(id, { applicationId, at: String(item.createdAt), type: 'ACHIEVEMENT_CREATED', data: fromItem<Record<string, unknown>>(item) });
    }
    for (const { key, receipt } of this.receipts) {
      const achievement = this.achievements.get(receipt.achievementId);
      const total = received.get(receipt.achievementId);
      if (!achievement || !total) {
        out.push({ kind: 'orphan', what: 'receipt', key });
        continue;
      }
      const district = fromItem<{ district: Application['district'] }>(achievement).district;
      expect.count(receiptCounts(district, receipt), receipt.applicationId);
      const { voided, ...recorded } = receipt;
      expect.want(receipt.id, { applicationId: receipt.applicationId, at: receipt.createdAt, type: 'RECEIPT_RECORDED', data: voided ? { ...recorded, status: 'RECORDED' } : receipt });
      // A voided receipt stays and is counted, and its void adds its own counts and event; its amount is no longer received.
      const voidCounts = receiptVoidCounts(district, receipt);
      if (voidCounts) expect.count(voidCounts, receipt.applicationId);
      if (voided) expect.want(receipt.id, { applicationId: receipt.applicationId, at: voided.at, type: 'RECEIPT_VOIDED', data: receipt, reason: voided.reason });
      if (!voided) total.received += receipt.amount;
      total.receipts += 1;
    }
    for (const [id, item] of this.achievements) {
      const actual = { received: num(item.cumulativeReceived), receipts: num(item.receipts) };
      const sum = received.get(id) ?? { received: 0, receipts: 0 };
      if (actual.received !== sum.received || actual.receipts !== sum.receipts) out.push({ kind: 'achievement', achievementId: id, expected: sum, actual });
    }
    return out;
  }

  /** Contract markers: one per achievement, at the key of its normalised contract number, naming it; no other. */
  private contractDrifts(): Drift[] {
    const out: Drift[] = [];
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
    return out;
  }

  /** Achievement links: one per achievement, under its application, at its key; no other. */
  private achievementLinkDrifts(): Drift[] {
    const out: Drift[] = [];
    const linked = new Set(this.achievementLinks.map((l) => keyString(l.key)));
    for (const [id, item] of this.achievements) {
      const applicationId = String(item.applicationId);
      if (!linked.has(keyString(achievementLinkKey(applicationId, id)))) out.push({ kind: 'achievement-link-missing', applicationId, achievementId: id });
    }
    for (const l of this.achievementLinks) {
      if (String(this.achievements.get(l.achievementId)?.applicationId) !== l.applicationId) out.push({ kind: 'achievement-link-extra', applicationId: l.applicationId, achievementId: l.achievementId, key: l.key });
    }
    return out;
  }

  /** History: exactly one event per record. */
  private eventDrifts({ wanted, found }: Expectations): Drift[] {
    const out: Drift[] = [];
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
    return out;
  }

  /** Summary counters, per scope: every counter the records make or the shards hold. */
  private counterDrifts({ counters, partners }: Expectations): Drift[] {
    const out: Drift[] = [];
    for (const [scope, names] of partners) counters.get(scope)?.set('partnersIntroduced', names.size);
    const scopes = new Set<SummaryScope>([...counters.keys(), ...this.shards.keys()]);
    for (const scope of [...scopes].sort()) {
      const want = counters.get(scope) ?? new Map<string, number>();
      const have = this.shards.get(scope) ?? new Map<string, number>();
      for (const counter of [...new Set([...want.keys(), ...have.keys()])].sort()) {
        const e = want.get(counter) ?? 0;
        const a = have.get(counter) ?? 0;
        if (e !== a) out.push({ kind: 'counter', scope, counter, expected: e, actual: a });
      }
    }
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
