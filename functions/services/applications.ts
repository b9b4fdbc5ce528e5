/** Applications: create, read, list, rate, pay, history. Policy comes from shared/ (via ./rating.ts). */
import { checkRatingDate, editionById, formatYuan, normalisePartnerName, type CalendarDate, type Fen, type Item } from '../../shared/index.js';
import type { Application, ApplicationFilter, HistoryEvent, LedgerLine, Page, Payment } from '../domain/records.js';
import { ApiError, conflict, forbidden, notFound } from '../domain/errors.js';
import { afterCommit, count, ensureDistrict, newId, summaryScopes, type ServiceContext } from './context.js';
import { committedByYear, payableCap, rate } from './rating.js';

export type NewApplication = Omit<Application, 'id' | 'status' | 'rating' | 'createdAt' | 'updatedAt'>;

export async function createApplication(ctx: ServiceContext, input: NewApplication, ratingDate?: CalendarDate): Promise<Application> {
  ensureDistrict(ctx.principal, input.district);
  const at = ctx.now().toISOString();
  const draft: Application = { ...input, id: newId('app'), status: 'SUBMITTED', createdAt: at, updatedAt: at };
  // An application recorded with its rating date is created rated (staff entering one already decided).
  const application: Application = ratingDate === undefined ? draft : { ...draft, status: 'RATED', rating: rate(draft, ratingDate, undefined) };
  // The commit: the application item, put only if its id is new.
  if (!(await ctx.store.putApplication(application))) throw conflict('id collision, retry');
  await afterCommit(`create ${application.id}`, [
    event(ctx, application.id, 'APPLICATION_CREATED', application),
    count(ctx, application.district, {
      applications: 1,
      [`district:${application.district}`]: 1,
      [`category:${application.category}`]: 1,
      [`field:${application.field}`]: 1,
    }),
    ...(application.rating ? [countRating(ctx, application)] : []),
  ]);
  return application;
}

export async function getApplication(ctx: ServiceContext, id: string): Promise<{ application: Application; ledger: LedgerLine[] }> {
  const [application, ledger] = await Promise.all([readable(ctx, id), ctx.store.ledger(id)]);
  return { application, ledger };
}

export function listApplications(ctx: ServiceContext, filter: ApplicationFilter, limit: number, nextToken?: string): Promise<Page<Application>> {
  const { principal } = ctx;
  if (principal.role === 'district') {
    if (filter.district !== undefined) ensureDistrict(principal, filter.district);
    if (principal.district === undefined) throw forbidden('this district key has no district');
    return ctx.store.listApplications({ ...filter, district: principal.district }, limit, nextToken);
  }
  return ctx.store.listApplications(filter, limit, nextToken);
}

export async function rateApplication(ctx: ServiceContext, id: string, ratingDate: CalendarDate, approvedInitial?: Fen): Promise<Application> {
  const application = await readable(ctx, id);
  if (application.status !== 'SUBMITTED') throw conflict(`application ${id} is already ${application.status}`);
  const rating = rate(application, ratingDate, approvedInitial);
  const at = ctx.now().toISOString();
  // The commit: SUBMITTED → RATED under a condition, so two ratings racing cannot both win.
  if (!(await ctx.store.rateApplication(id, rating, at))) throw conflict(`application ${id} was rated meanwhile`);
  const rated: Application = { ...application, status: 'RATED', rating, updatedAt: at };
  await afterCommit(`rate ${id}`, [event(ctx, id, 'APPLICATION_RATED', rating), countRating(ctx, rated)]);
  return rated;
}

/** Records a payment against the application·item·year cap; 409 CAP_EXCEEDED past it, however many race. */
export async function recordPayment(ctx: ServiceContext, id: string, item: Item, year: number, amount: Fen): Promise<Payment> {
  const application = await readable(ctx, id);
  if (application.status !== 'RATED' || !application.rating) throw conflict(`application ${id} is not RATED: only rated applications take payments`);
  const row = payableCap(application.rating, item, year);
  const result = await ctx.store.addToLedger(id, item, year, amount, row.cap);
  if (!result.ok) {
    throw new ApiError(409, 'CAP_EXCEEDED', `${item} ${year}: ${formatYuan(amount)} would pass the cap of ${formatYuan(row.cap)} (paid so far ${formatYuan(result.paid)})`, 'amount', {
      clause: row.clause,
    });
  }
  const payment: Payment = { id: newId('pay'), applicationId: id, item, year, amount, paidToDate: result.paid, cap: row.cap, createdAt: ctx.now().toISOString() };
  await afterCommit(`pay ${payment.id}`, [
    ctx.store.putPayment(payment),
    event(ctx, id, 'PAYMENT_RECORDED', payment),
    count(ctx, application.district, { [`paid:${year}`]: amount }),
  ]);
  return payment;
}

export async function applicationHistory(ctx: ServiceContext, id: string): Promise<HistoryEvent[]> {
  await readable(ctx, id);
  return ctx.store.history(id);
}

/** The application, if it exists and this key may see it. */
export async function readable(ctx: ServiceContext, id: string): Promise<Application> {
  const application = await ctx.store.getApplication(id);
  if (!application) throw notFound(`application ${id}`, 'id');
  ensureDistrict(ctx.principal, application.district);
  return application;
}

export function event(ctx: ServiceContext, applicationId: string, type: HistoryEvent['type'], data: object): Promise<void> {
  return ctx.store.appendEvent({ applicationId, at: ctx.now().toISOString(), keyId: ctx.principal.keyId, type, data: data as Record<string, unknown> });
}

/**
 * A rating's counters: committed money per year, and the partner towards the goal of 100 (一 工作目标): counted once
 * per normalised name (interpretation 3), only for ratings dated inside the window of the edition that rated them (POLICY.md §4).
 */
async function countRating(ctx: ServiceContext, application: Application): Promise<void> {
  const rating = application.rating;
  if (!rating) return;
  const deltas: Record<string, number> = { rated: 1 };
  for (const [year, cap] of committedByYear(rating)) deltas[`committed:${year}`] = cap;
  const inPlan = checkRatingDate(editionById(rating.edition), rating.ratingDate) === undefined;
  const name = normalisePartnerName(application.partner.name);
  const scopes = summaryScopes(application.district);
  const [first, firstInDistrict] = inPlan && name ? await Promise.all(scopes.map((s) => ctx.store.markPartner(s, name, application.id))) : [false, false];
  await Promise.all([
    ctx.store.addToAggregates(scopes[0], first ? { ...deltas, partnersIntroduced: 1 } : deltas),
    ctx.store.addToAggregates(scopes[1], firstInDistrict ? { ...deltas, partnersIntroduced: 1 } : deltas),
  ]);
}
