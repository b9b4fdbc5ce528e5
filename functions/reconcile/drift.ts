/**
 * What `npm run reconcile` can find, and its words: each way a derived figure can disagree with the records it is
 * derived from (DESIGN.md: a fact is one transaction, so on a healthy table there is none). Finding them is
 * ./drifts.ts; mending them ./repair.ts.
 */
import type { HistoryEvent, SummaryScope } from '../domain/records.js';
import type { Key } from '../store/dynamodb/items.js';
import { describeKeyDrift } from './keys.js';

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
  /** A partner counted in a scope whose marker is missing (the next rating of it would count it again): the marker it should have. */
  | { readonly kind: 'partner-missing'; readonly scope: SummaryScope; readonly name: string; readonly firstApplicationId: string; readonly displayName: string; readonly applications: number; readonly firstRatedOn: string }
  /** A partner marker that no counted rating needs (or one at a key not its own: a marker of the layout before issue 11, or of a name normalised before it). */
  | { readonly kind: 'partner-extra'; readonly scope: SummaryScope; readonly name: string; readonly key: Key; readonly applications: number }
  /** A partner marker whose figures (applications naming it, the earliest rating date) are not what its ratings say. */
  | {
      readonly kind: 'partner-figures';
      readonly scope: SummaryScope;
      readonly name: string;
      readonly expected: { readonly applications: number; readonly firstRatedOn: string };
      readonly actual: { readonly applications: number; readonly firstRatedOn: string };
    }
  /** A name merged into a name itself merged into another (a merge moves the aliases of the name it merges): repaired by pointing it at `then`. */
  | { readonly kind: 'partner-alias-chain'; readonly name: string; readonly aliasOf: string; readonly then: string }
  /** An achievement whose technology contract has no marker (a second registration of that contract would be let in). */
  | { readonly kind: 'contract-missing'; readonly achievementId: string; readonly contractNo: string }
  /** A contract marker that names no achievement holding that contract (gone, or with another number). */
  | { readonly kind: 'contract-extra'; readonly contractNo: string; readonly achievementId: string; readonly key: Key }
  /** One technology contract registered as several achievements (三(七): one contract, one achievement). For a person. */
  | { readonly kind: 'contract-shared'; readonly contractNo: string; readonly achievementIds: readonly string[] }
  /** An achievement without its link under its application: GET /applications/{id} would not list it (made before links existed, or lost). */
  | { readonly kind: 'achievement-link-missing'; readonly applicationId: string; readonly achievementId: string }
  /** A link under an application naming no achievement of that application. */
  | { readonly kind: 'achievement-link-extra'; readonly applicationId: string; readonly achievementId: string; readonly key: Key }
  /** An open (submitted or rated) application without its duplicate marker: a second filing of it would be accepted. */
  | { readonly kind: 'duplicate-marker-missing'; readonly applicationId: string; readonly key: Key }
  /** A duplicate marker naming no open application with those names: a filing of them would be refused for nothing. */
  | { readonly kind: 'duplicate-marker-extra'; readonly applicationId: string; readonly key: Key }
  /** Several open applications of one institution, partner and category (filed before duplicates were refused). */
  | { readonly kind: 'duplicate-open'; readonly applicationIds: readonly string[]; readonly key: Key }
  /** A record hanging on nothing (a payment of no application, a receipt of no achievement): its counts are not known. */
  | { readonly kind: 'orphan'; readonly what: string; readonly key: Key }
  /** An API key with no listing entry (made before keys were listed): GET /keys misses it, revocation cannot find it. */
  | { readonly kind: 'key-listing-missing'; readonly keyId: string; readonly hash: string }
  /** A listing entry, not revoked, of no stored key: listed as usable, it authenticates nobody. */
  | { readonly kind: 'key-listing-extra'; readonly keyId: string; readonly key: Key }
  /** A key revoked in its key item or its listing entry, not both (`revokedIn` says which has it). */
  | { readonly kind: 'key-listing-stale'; readonly keyId: string; readonly hash: string; readonly revokedIn: 'key' | 'listing'; readonly revokedAt: string };

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
  'partner-figures',
  'partner-alias-chain',
  'contract-missing',
  'duplicate-marker-missing',
  'duplicate-marker-extra',
  'achievement-link-missing',
  'achievement-link-extra',
  'key-listing-missing',
  'key-listing-extra',
  'key-listing-stale',
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
      return `partners ${d.scope}: marker ${d.key.pk} ${d.key.sk} for "${d.name}" counts no rated partner (or is not at its own key)`;
    case 'partner-figures':
      return `partners ${d.scope}: "${d.name}" says ${d.actual.applications} application(s) first rated on ${d.actual.firstRatedOn || '(none)'}, its ratings say ${d.expected.applications} first rated on ${d.expected.firstRatedOn}`;
    case 'partner-alias-chain':
      return `partners: "${d.name}" is merged into "${d.aliasOf}", itself merged into "${d.then}" (--repair points "${d.name}" at "${d.then}"; nothing it counts moves)`;
    case 'contract-missing':
      return `contracts: achievement ${d.achievementId} holds contract "${d.contractNo}" but it has no marker (a second achievement of it would be let in)`;
    case 'contract-extra':
      return `contracts: marker ${d.key.pk} for "${d.contractNo}" names achievement ${d.achievementId}, which does not hold that contract (not mended: look at it)`;
    case 'contract-shared':
      return `contracts: "${d.contractNo}" is registered as ${d.achievementIds.length} achievements, ${d.achievementIds.join(', ')} (not mended: one contract is one achievement, 三(七))`;
    case 'achievement-link-missing':
      return `achievements of ${d.applicationId}: achievement ${d.achievementId} has no link under its application, so the application's views do not list it`;
    case 'achievement-link-extra':
      return `achievements of ${d.applicationId}: link ${d.key.sk} names achievement ${d.achievementId}, which is no achievement of that application`;
    case 'duplicate-marker-missing':
      return `duplicates: application ${d.applicationId} is open but holds no duplicate marker (${d.key.pk}): a second filing of its institution, partner and category would be accepted`;
    case 'duplicate-marker-extra':
      return `duplicates: marker ${d.key.pk} names application ${d.applicationId}, which is not open with those names: a filing of them would be refused for nothing`;
    case 'duplicate-open':
      return `duplicates: applications ${d.applicationIds.join(', ')} are all open for one institution, partner and category (not mended: a person decides which stays, withdrawing or rejecting the others)`;
    case 'orphan':
      return `${d.what} ${d.key.pk} ${d.key.sk} belongs to no record (not mended)`;
    case 'key-listing-missing':
    case 'key-listing-extra':
    case 'key-listing-stale':
      return describeKeyDrift(d);
  }
}
