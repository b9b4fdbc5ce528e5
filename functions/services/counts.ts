/**
 * What each fact adds to the summary counters of the city and of its district: the one definition, used by the
 * services when they commit a fact and by `npm run reconcile` when it adds the records up again (functions/reconcile).
 * Counter names are flat so DynamoDB `ADD` creates them on first use: `applications`, `district:X`, `category:X`,
 * `field:X`, `rated`, `committed:<year>` (a rating's limits, moved by each approval from the limit it replaces to its
 * amount), `paid:<year>` (net of voids), `committedDistrict:<code>` and `paidDistrict:<code>` (the same money by
 * district, so the city's summary answers it from its own counters in one read), `transferReceived`,
 * `transferSubsidy`, `support:<KIND>`; `partnersIntroduced`
 * is added by the store where a fact's partner is counted first in a scope (its marker), and taken back by a merge
 * of two names counted in one scope (`mergeCounts`).
 */
import { checkRatingDate, editionById, normalisePartnerName, type District } from '../../shared/index.js';
import type { Application, Approval, Payment, Receipt, SupportRecord } from '../domain/records.js';
import type { PartnerMerge } from '../domain/partners.js';
import type { Counts, ScopeCounts } from '../store/store.js';
import { committedByYear } from './rating.js';

/** Filing an application: one more, by district, category and field. */
function filedDeltas(application: Application): Record<string, number> {
  return {
    applications: 1,
    [`district:${application.district}`]: 1,
    [`category:${application.category}`]: 1,
    [`field:${application.field}`]: 1,
  };
}

/**
 * A rating's counts: committed money per year, and the partner towards the goal of 100 (一 工作目标): counted once
 * per normalised name (interpretation 3), only for ratings dated inside the window of the edition that rated them
 * (POLICY.md §4). Undefined for an application not rated.
 */
export function ratingCounts(application: Application): Counts | undefined {
  const rating = application.rating;
  if (!rating) return undefined;
  const deltas: Record<string, number> = { rated: 1 };
  let committed = 0;
  for (const [year, cap] of committedByYear(rating)) {
    deltas[`committed:${year}`] = cap;
    committed += cap;
  }
  if (committed !== 0) deltas[`committedDistrict:${application.district}`] = committed;
  const inPlan = checkRatingDate(editionById(rating.edition), rating.ratingDate) === undefined;
  const name = normalisePartnerName(application.partner.name);
  return { district: application.district, deltas, ...(inPlan && name ? { partner: name, partnerName: application.partner.name, ratedOn: rating.ratingDate } : {}) };
}

/**
 * Everything an application as it stands has added: filed, and rated if it is (whether it was created rated, in one
 * fact, or rated later, in a second one: the two add up to the same).
 */
export function applicationCounts(application: Application): Counts {
  const filed = filedDeltas(application);
  const rated = ratingCounts(application);
  return rated ? { ...rated, deltas: { ...filed, ...rated.deltas } } : { district: application.district, deltas: filed };
}

/** A payment: its amount paid in its year. */
export function paymentCounts(district: District, payment: Payment): Counts {
  return { district, deltas: { [`paid:${payment.year}`]: payment.amount, [`paidDistrict:${district}`]: payment.amount } };
}

/** A receipt of an achievement: the money received and the subsidy it earned (三(七)). */
export function receiptCounts(district: District, receipt: Receipt): Counts {
  return { district, deltas: { transferReceived: receipt.amount, transferSubsidy: receipt.subsidy } };
}

/**
 * A receipt's void (三(七), a correction): its amount leaves what was received and its adjustment (≤ 0) the subsidy.
 * A voided receipt counts its receipt's counts plus these. Nothing for a receipt that stands.
 */
export function receiptVoidCounts(district: District, receipt: Receipt): Counts | undefined {
  if (!receipt.voided) return undefined;
  return { district, deltas: { transferReceived: -receipt.amount, transferSubsidy: receipt.voided.adjustment } };
}

/** An approval (核定): its row's limit moves from what it replaces to the approved amount, in the row's year. */
export function approvalCounts(district: District, approval: Approval): Counts {
  const moved = approval.amount - approval.limitBefore;
  return { district, deltas: { [`committed:${approval.year}`]: moved, [`committedDistrict:${district}`]: moved } };
}

/** A void of a payment: what its payment added taken back (its amount leaves what was paid in its year). */
export function paymentVoidCounts(district: District, payment: Payment): Counts {
  return { district, deltas: takenBack(paymentCounts(district, payment).deltas) };
}

/** Every delta of `deltas` the other way. */
function takenBack(deltas: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, delta] of Object.entries(deltas)) out[name] = -delta;
  return out;
}

/**
 * An amendment of a SUBMITTED application (only those are amended): what it added as filed is taken back and what it
 * adds now is added, each in its own district, so a change of district moves its count from one to the other and the
 * city's figures move only where the category or field changed. A withdrawn or rejected application was filed and
 * stays counted as filed (its status is the history's to tell): closing one changes no counter.
 */
export function amendmentCounts(before: Application, after: Application): Counts[] {
  return [
    { district: before.district, deltas: takenBack(filedDeltas(before)) },
    { district: after.district, deltas: filedDeltas(after) },
  ];
}

/** Support that is not money (三(八), 三(九)): one more of its kind. */
export function supportCounts(district: District, record: SupportRecord): Counts {
  return { district, deltas: { [`support:${record.kind}`]: 1 } };
}

/**
 * A partner merge (POST /partners/merge): one partner fewer in each scope where both names were counted — the city
 * (where the merged name was counted: its target always is) and each district where both were. The city counts a
 * partner once, so its figure moves on its own, not as the sum of its districts'.
 */
export function mergeCounts(merge: PartnerMerge): ScopeCounts[] {
  const out: ScopeCounts[] = merge.counted ? [{ scope: 'ALL', deltas: { partnersIntroduced: -1 } }] : [];
  for (const d of merge.districts) if (d.both) out.push({ scope: d.district, deltas: { partnersIntroduced: -1 } });
  return out;
}
