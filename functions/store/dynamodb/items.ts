/**
 * The single-table layout: every key the adapter writes, in one place.
 *
 *   pk                            sk                     what
 *   APP#<id>                      A                      application (+ gsi1..5 for listing)
 *   APP#<id>                      LEDGER#<year>#<item>   money paid for one application·item·year (the cap's guard)
 *   APP#<id>                      PAY#<at>#<id>          one payment (a void marks it, never deletes it)
 *   APP#<id>                      APPR#<year>#<item>#<n> the n-th approval (核定) of one application·item·year
 *   APP#<id>                      EVT#<at>#<rand>        one history event (append-only)
 *   APP#<id>                      SUPPORT#<at>#<id>      one record of support that is not money (三(八), 三(九))
 *   APP#<id>                      ACH#<achId>            the link to one achievement of the application (put with it;
 *                                                        holds `achievementId`): its achievements without a scan
 *   ACH#<id>                      A                      achievement + its receipt counter (the 5% cap's guard)
 *   ACH#<id>                      RCPT#<seq>             one receipt
 *   KEY#<sha256>                  K                      an API key, by the hash of the key
 *   KEYS                          K#<id>                 the key's listing entry (GET /keys): its id, role, label, dates
 *                                                        and hash (never answered), written in the key's own transaction
 *   SUMMARY#<scope>               S#<shard>              one shard of the summary counters (scope ALL or DISTRICT#<code>)
 *   PARTNERS#<scope>              P#<sha256>             a partner counted in that scope (hash of its normalised name; the
 *                                                        item holds `name`, `scope`, `displayName`, `applications` and
 *                                                        `firstRatedOn`): one partition per scope, so GET /partners is
 *                                                        one Query. In scope ALL the key of a name merged into another
 *                                                        holds its alias instead (`aliasOf`: the name it counts as), so
 *                                                        a name is counted, an alias, or unknown, in one item
 *   PARTNERS#MERGES               M#<at>#<id>            one partner merge: who, when, why (append-only)
 *   IDEM#<caller>#<route>#<key>   I                      an Idempotency-Key's kept answer (functions/idempotency)
 *   CONTRACT#<sha256>             C                      a technology contract registered by an achievement (hash of
 *                                                        its normalised number; the item holds `contractNo` and
 *                                                        `achievementId`)
 *   DUP#<sha256>                  D                      the open (submitted or rated) application of one institution,
 *                                                        partner and category (hash of shared/ `duplicateKey`; the item
 *                                                        holds `applicationId`)
 *
 * Keys stay far under DynamoDB's 2,048-byte partition key: what users write reaches a key only bounded (ids of at most
 * 64 ASCII characters, checked before use, functions/http/schemas.ts; an Idempotency-Key of at most 200) or hashed (a
 * partner's name, whose normalised form may be many times longer than the name: NFKC makes ﷺ 18 characters).
 * test/api/key-bounds.test.ts works out the longest of each.
 */
import { createHash } from 'node:crypto';
import type { Application, ApplicationFilter, Approval, HistoryEvent, Payment, Receipt, StoredKey, SummaryScope, SupportRecord } from '../../domain/records.js';
import { DISTRICTS, duplicateKey, type District } from '../../../shared/index.js';
import type { CountedPartner, PartnerAlias } from '../../domain/partners.js';
import { TABLE_DEFINITION } from '../table-definition.js';

/** The key of an item of the table. */
export type Key = { readonly pk: string; readonly sk: string };
/** A key as one string (`pk|sk`): a Map's key, a fact's guardKey. */
export const keyString = (key: Key): string => `${key.pk}|${key.sk}`;
/** A partition and the sort keys wanted from it: those starting with `prefix`, or from `from` to `to` inclusive (one Query). */
export type Range = { readonly pk: string } & ({ readonly prefix: string } | { readonly from: string; readonly to: string });
const prefixed = (pk: string, prefix: string): Range => ({ pk, prefix });
/** Past every sort key that starts with `prefix` (the sort keys these ranges end on are ASCII). */
const after = (prefix: string) => `${prefix}\uffff`;

const APP_PREFIX = 'APP#';
const ACH_PREFIX = 'ACH#';
const APP = (id: string) => `${APP_PREFIX}${id}`;
const ACH = (id: string) => `${ACH_PREFIX}${id}`;
const RECORD = 'A';
const LEDGER = 'LEDGER#';
const PAYMENT = 'PAY#';
const EVENT = 'EVT#';
const APPROVAL = 'APPR#';
const RECEIPT = 'RCPT#';
const SUPPORT = 'SUPPORT#';
const DUP_PREFIX = 'DUP#';

export const appKey = (id: string): Key => ({ pk: APP(id), sk: RECORD });
export const ledgerKey = (id: string, year: number, item: string): Key => ({ pk: APP(id), sk: `${LEDGER}${year}#${item}` });
/** One ledger item and every payment of its application (the ledger sorts first: a payment read after it moved it). */
export const ledgerAndPaymentsRange = (id: string, year: number, item: string): Range => ({ pk: APP(id), from: ledgerKey(id, year, item).sk, to: after(PAYMENT) });
export const paymentKey = (p: Payment): Key => ({ pk: APP(p.applicationId), sk: `${PAYMENT}${p.createdAt}#${p.id}` });
export const paymentsRange = (id: string): Range => prefixed(APP(id), PAYMENT);
/** Zero-padded so a row's approvals sort in the order its guard took them (sorts before LEDGER#: outside its range). */
export const approvalKey = (a: Approval): Key => ({ pk: APP(a.applicationId), sk: `${APPROVAL}${a.year}#${a.item}#${String(a.sequence).padStart(10, '0')}` });
/** `unique` keeps two events of the same instant apart (append-only: never overwritten). */
export const eventKey = (e: HistoryEvent, unique: string): Key => ({ pk: APP(e.applicationId), sk: `${EVENT}${e.at}#${unique}` });
export const historyRange = (id: string): Range => prefixed(APP(id), EVENT);
export const supportKey = (s: SupportRecord): Key => ({ pk: APP(s.applicationId), sk: `${SUPPORT}${s.createdAt}#${s.id}` });
export const achievementKey = (id: string): Key => ({ pk: ACH(id), sk: RECORD });
/**
 * The link from an application to one of its achievements, in the application's partition. Its sort key `ACH#…`
 * starts with none of the partition's other prefixes (LEDGER#, PAY#, APPR#, EVT#, SUPPORT#) nor is `A`, and sorts
 * before all of them but `A`: outside every range above.
 */
export const achievementLinkKey = (applicationId: string, achievementId: string): Key => ({ pk: APP(applicationId), sk: ACH(achievementId) });
/** Every achievement link of an application. */
export const achievementLinksRange = (applicationId: string): Range => prefixed(APP(applicationId), ACH_PREFIX);
/** The link item: the one place that says what it holds (./achievements.ts puts it with the achievement, reconcile too). */
export const achievementLinkItem = (applicationId: string, achievementId: string): Record<string, unknown> => ({
  ...achievementLinkKey(applicationId, achievementId),
  entity: 'ACHIEVEMENT_LINK',
  applicationId,
  achievementId,
});
/**
 * One application as GET /applications/{id} and the export read it, in two Queries of its partition: the application
 * and its achievement links (`A`, `ACH#…`: they sort before APPR#), and its ledger rows, payments and support
 * (`LEDGER#` … `SUPPORT#…`: after its approvals and history, which these leave out).
 */
export const applicationAndLinksRange = (id: string): Range => ({ pk: APP(id), from: RECORD, to: after(ACH_PREFIX) });
export const ledgerToSupportRange = (id: string): Range => ({ pk: APP(id), from: LEDGER, to: after(SUPPORT) });
/** The achievement (its counter sorts first) and its receipts. */
export const achievementAndReceiptsRange = (id: string): Range => ({ pk: ACH(id), from: RECORD, to: after(RECEIPT) });
/** Zero-padded so receipts sort in the order the counter took them. */
export const receiptKey = (r: Receipt): Key => ({ pk: ACH(r.achievementId), sk: `${RECEIPT}${String(r.sequence).padStart(10, '0')}` });
const KEY_PREFIX = 'KEY#';
const KEYS = 'KEYS';
const KEY_LISTING = 'K#';
export const keyKey = (hash: string): Key => ({ pk: `${KEY_PREFIX}${hash}`, sk: 'K' });
/**
 * One partition lists every key (a few hundred at most: one per office and person), so GET /keys is one Query. The
 * item repeats the key's hash, so a revocation by id finds the key item to mark.
 */
export const keyListingKey = (id: string): Key => ({ pk: KEYS, sk: `${KEY_LISTING}${id}` });
export const keyListingRange: Range = prefixed(KEYS, KEY_LISTING);
/** The key item: what authentication reads (by the hash of the key it is given) on every request. */
export const keyItem = (key: StoredKey): Record<string, unknown> => ({ ...keyKey(key.hash), entity: 'KEY', ...key });
/** The key's listing entry: the same fields (its hash too, never answered), at its id. */
export const keyListingItem = (key: StoredKey): Record<string, unknown> => ({ ...keyListingKey(key.id), entity: 'KEY_LISTING', ...key });
/** The whole city is `ALL`, a district `DISTRICT#<code>`. */
const scopeName = (scope: SummaryScope) => (scope === 'ALL' ? 'ALL' : `DISTRICT#${scope}`);
/**
 * Summary counters are split over this many items per scope, each fact adding to one chosen at random, so the facts
 * that commit together with their counters do not all contend for one item; the summary adds the shards up.
 */
export const SUMMARY_SHARDS = 8;
export const summaryKey = (scope: SummaryScope, shard: number): Key => ({ pk: `SUMMARY#${scopeName(scope)}`, sk: `S#${shard}` });
export const summaryRange = (scope: SummaryScope): Range => prefixed(`SUMMARY#${scopeName(scope)}`, 'S#');
/** The SHA-256 (hex) of a text (UTF-8) in a key: the key's length is the same whatever the text (a name, a number). */
const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const PARTNERS_PREFIX = 'PARTNERS#';
const PARTNER = 'P#';
const partnersPartition = (scope: SummaryScope) => `${PARTNERS_PREFIX}${scopeName(scope)}`;
/**
 * The marker of a partner counted in `scope`, by its normalised name, hashed (the marker item keeps `name` and
 * `scope`); in scope ALL, the same key holds the name's alias once it is merged into another (`aliasItem`).
 */
export const partnerKey = (scope: SummaryScope, normalisedName: string): Key => ({ pk: partnersPartition(scope), sk: `${PARTNER}${sha256Hex(normalisedName)}` });
/** Every partner marker of a scope (and, in ALL, every alias): one Query. */
export const partnersRange = (scope: SummaryScope): Range => prefixed(partnersPartition(scope), PARTNER);
/**
 * The marker item itself: the one place that says what a partner marker holds (./partners.ts puts and moves it,
 * reconcile too). The key holds only a hash of the name: the name and the scope are attributes.
 */
export const partnerItem = (p: CountedPartner): Record<string, unknown> => ({
  ...partnerKey(p.scope, p.name),
  entity: 'PARTNER',
  name: p.name,
  scope: p.scope,
  displayName: p.displayName,
  applications: p.applications,
  firstRatedOn: p.firstRatedOn,
  firstApplicationId: p.firstApplicationId,
});
/** The alias item, at the name's city marker key (a name is counted there, or an alias, never both). */
export const aliasItem = (alias: PartnerAlias): Record<string, unknown> => ({ ...partnerKey('ALL', alias.name), entity: 'PARTNER_ALIAS', scope: 'ALL', ...alias });
const MERGES = `${PARTNERS_PREFIX}MERGES`;
/** One merge's record (append-only; `id` keeps two of one instant apart). */
export const mergeKey = (at: string, id: string): Key => ({ pk: MERGES, sk: `M#${at}#${id}` });
/** The partner markers before issue 11 (`PARTNER#<scope>#<sha256>`, `P`): reconcile finds them extra and deletes them. */
const LEGACY_PARTNER_PREFIX = 'PARTNER#';
const CONTRACT_PREFIX = 'CONTRACT#';
/** A technology contract's marker, by its normalised number (shared/contracts.ts), hashed: any length, one key length. */
export const contractKey = (normalisedContractNo: string): Key => ({ pk: `${CONTRACT_PREFIX}${sha256Hex(normalisedContractNo)}`, sk: 'C' });
/** The marker item: the one place that says what it holds (./achievements.ts puts it with the achievement, reconcile too). */
export const contractItem = (normalisedContractNo: string, achievementId: string): Record<string, unknown> => ({
  ...contractKey(normalisedContractNo),
  entity: 'CONTRACT',
  contractNo: normalisedContractNo,
  achievementId,
});
/**
 * The duplicate marker of an application's institution, partner and category (names normalised): held by the one open
 * application with them. A SHA-256 (hex) of the key, so its length is the same for any names.
 */
export const duplicateMarkerKey = (app: Pick<Application, 'institution' | 'partner' | 'category'>): Key => ({
  pk: `${DUP_PREFIX}${sha256Hex(duplicateKey({ institution: app.institution, partnerName: app.partner.name, category: app.category }))}`,
  sk: 'D',
});
/** The marker item: the one place that says what a duplicate marker holds. */
export const duplicateMarkerItem = (app: Pick<Application, 'id' | 'institution' | 'partner' | 'category'>): Record<string, unknown> => ({
  ...duplicateMarkerKey(app),
  entity: 'DUPLICATE_MARKER',
  applicationId: app.id,
});
/** The statuses that hold a duplicate marker: an application still open (CONTRACT.md §3). */
export const holdsDuplicateMarker = (app: Pick<Application, 'status'>): boolean => app.status === 'SUBMITTED' || app.status === 'RATED';

/**
 * What an item of the table is, from its key alone (for a reader of the whole table: functions/reconcile). A partner
 * marker's scope is its `scope` attribute and its name its `name`: the key holds only a hash; an alias is a `partner`
 * item with `aliasOf`.
 */
export type ItemKind =
  | { readonly kind: 'application' | 'ledger' | 'payment' | 'approval' | 'event' | 'support'; readonly applicationId: string }
  | { readonly kind: 'achievement' | 'receipt'; readonly achievementId: string }
  | { readonly kind: 'achievement-link'; readonly applicationId: string; readonly achievementId: string }
  | { readonly kind: 'summary'; readonly scope: SummaryScope }
  | { readonly kind: 'partner' }
  | { readonly kind: 'partner-merge' }
  | { readonly kind: 'contract' }
  | { readonly kind: 'duplicate-marker' }
  | { readonly kind: 'key' | 'key-listing' }
  | { readonly kind: 'other' };

export function kindOf({ pk, sk }: Key): ItemKind {
  if (pk.startsWith(APP_PREFIX)) {
    const applicationId = pk.slice(APP_PREFIX.length);
    if (sk === RECORD) return { kind: 'application', applicationId };
    if (sk.startsWith(LEDGER)) return { kind: 'ledger', applicationId };
    if (sk.startsWith(PAYMENT)) return { kind: 'payment', applicationId };
    if (sk.startsWith(APPROVAL)) return { kind: 'approval', applicationId };
    if (sk.startsWith(EVENT)) return { kind: 'event', applicationId };
    if (sk.startsWith(SUPPORT)) return { kind: 'support', applicationId };
    if (sk.startsWith(ACH_PREFIX)) return { kind: 'achievement-link', applicationId, achievementId: sk.slice(ACH_PREFIX.length) };
  } else if (pk.startsWith(ACH_PREFIX)) {
    const achievementId = pk.slice(ACH_PREFIX.length);
    if (sk === RECORD) return { kind: 'achievement', achievementId };
    if (sk.startsWith(RECEIPT)) return { kind: 'receipt', achievementId };
  } else if (pk.startsWith(PARTNERS_PREFIX)) {
    return pk === MERGES ? { kind: 'partner-merge' } : { kind: 'partner' };
  } else if (pk.startsWith(LEGACY_PARTNER_PREFIX)) {
    return { kind: 'partner' };
  } else if (pk.startsWith(CONTRACT_PREFIX)) {
    return { kind: 'contract' };
  } else if (pk.startsWith(DUP_PREFIX)) {
    return { kind: 'duplicate-marker' };
  } else if (pk.startsWith(KEY_PREFIX)) {
    return { kind: 'key' };
  } else if (pk === KEYS && sk.startsWith(KEY_LISTING)) {
    return { kind: 'key-listing' };
  } else {
    const scope = pk === 'SUMMARY#ALL' ? 'ALL' : districtCode(/^SUMMARY#DISTRICT#([^#]+)$/.exec(pk)?.[1]);
    if (scope !== undefined) return { kind: 'summary', scope };
  }
  return { kind: 'other' };
}
/** The key of an item as read from the table. */
export const itemKey = (item: Record<string, unknown>): Key => ({ pk: String(item.pk), sk: String(item.sk) });
/** What an item read from the table is, from its key (kindOf). */
export const kindOfItem = (item: Record<string, unknown>): ItemKind => kindOf(itemKey(item));
const districtCode = (code: string | undefined): District | undefined => DISTRICTS.codes.find((d) => d === code);
/** A scope as an attribute holds it (a partner marker's `scope`): `ALL` or a district code; undefined otherwise. */
export const asScope = (value: unknown): SummaryScope | undefined => (value === 'ALL' ? 'ALL' : districtCode(typeof value === 'string' ? value : undefined));
/** One kept answer per caller (API key id), route (`POST /applications`) and Idempotency-Key. */
export const idempotencyKey = (caller: string, route: string, key: string): Key => ({ pk: `IDEM#${caller}#${route}#${key}`, sk: 'I' });

/** Which listing index serves which filter, most selective first; `all` serves no filter. */
export const LISTING_INDEXES = [
  { filter: 'district', index: 'byDistrict', prefix: 'DISTRICT#' },
  { filter: 'category', index: 'byCategory', prefix: 'CATEGORY#' },
  { filter: 'field', index: 'byField', prefix: 'FIELD#' },
  { filter: 'status', index: 'byStatus', prefix: 'STATUS#' },
] as const satisfies readonly { filter: keyof ApplicationFilter; index: string; prefix: string }[];
export const ALL_INDEX = 'all';
/** The one partition of the `all` index. */
export const ALL_PARTITION = 'APP';

/** The partition of a listing index that holds the applications with this value (`DISTRICT#YUBEI`). */
export const indexPartition = (listing: { readonly prefix: string }, value: string): string => `${listing.prefix}${value}`;

/** The listing entry of one filter. */
export function listingIndex(filter: keyof ApplicationFilter): (typeof LISTING_INDEXES)[number] {
  const listing = LISTING_INDEXES.find((l) => l.filter === filter);
  if (!listing) throw new Error(`no listing index for ${filter}`);
  return listing;
}

export function indexAttributes(indexName: string): { pk: string; sk: string } {
  const index = TABLE_DEFINITION.indexes.find((i) => i.indexName === indexName);
  if (!index) throw new Error(`no index ${indexName} in TABLE_DEFINITION`);
  return { pk: index.partitionKey, sk: index.sortKey };
}

/** The application item: its fields plus the sparse index keys (newest first within each partition). */
export function applicationItem(app: Application): Record<string, unknown> {
  const order = `${app.createdAt}#${app.id}`;
  const item: Record<string, unknown> = { ...appKey(app.id), entity: 'APPLICATION', ...app };
  const values: Record<string, string> = {
    district: app.district,
    category: app.category,
    field: app.field,
    status: app.status,
  };
  for (const l of LISTING_INDEXES) {
    const a = indexAttributes(l.index);
    item[a.pk] = indexPartition(l, values[l.filter] ?? '');
    item[a.sk] = order;
  }
  const all = indexAttributes(ALL_INDEX);
  item[all.pk] = ALL_PARTITION;
  item[all.sk] = order;
  return item;
}

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'entity', ...TABLE_DEFINITION.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);

/** Strips the storage attributes off an item. */
export function fromItem<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k)) out[k] = v;
  return out as T;
}
