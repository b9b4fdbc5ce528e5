/** Applications: create, read, list, rate, history (their money: ./payments.ts). Policy comes from shared/ (via ./rating.ts). */
import { APPLICATION_STATUS_LABELS, type CalendarDate, type Fen } from '../../shared/index.js';
import type { Application, ApplicationFilter, HistoryEvent, Page } from '../domain/records.js';
import type { ApplicationRecords } from '../store/store.js';
import { applicationCounts, ratingCounts } from './counts.js';
import { conflict, notFound } from '../domain/errors.js';
import { ensureDistrict, newId, readScope, type ServiceContext } from './context.js';
import { trail } from './trail.js';
import { checkFilingOf, refusingDuplicates } from './corrections.js';
import { rate } from './rating.js';

export type NewApplication = Omit<Application, 'id' | 'status' | 'rating' | 'createdAt' | 'updatedAt'>;

export async function createApplication(ctx: ServiceContext<Application>, input: NewApplication, ratingDate?: CalendarDate, approvedInitial?: Fen): Promise<Application> {
  ensureDistrict(ctx.principal, input.district, 'district');
  checkFilingOf(input);
  const at = ctx.now().toISOString();
  const draft: Application = { ...input, id: newId('app'), status: 'SUBMITTED', createdAt: at, updatedAt: at };
  // An application recorded with its rating date is created rated (staff entering one already decided).
  const application: Application = ratingDate === undefined ? draft : { ...draft, status: 'RATED', rating: rate(draft, ratingDate, approvedInitial) };
  // One transaction: the application (put only if its id is new), its duplicate marker, its event and its counts (and,
  // filed rated, its initial grant row's approval).
  const created = await refusingDuplicates(() => ctx.store.createApplication(application, trail(ctx, application, application.id, 'APPLICATION_CREATED', application, applicationCounts(application))));
  if (!created) throw conflict('id collision, retry', undefined, '编号冲突，请重试');
  return application;
}

/**
 * The application with its ledger, its achievements (with their receipts), the support it was offered and its
 * payments (which GET /applications/{id} leaves to …/payments, and the export writes), where this key may read it.
 */
export async function getApplication(ctx: ServiceContext, id: string): Promise<ApplicationRecords> {
  const records = await ctx.store.applicationRecords(id);
  mayRead(ctx, id, records?.application);
  return records;
}

export function listApplications(ctx: ServiceContext, filter: ApplicationFilter, limit: number, nextToken?: string): Promise<Page<Application>> {
  const scope = readScope(ctx.principal, filter.district);
  return ctx.store.listApplications(scope === 'ALL' ? filter : { ...filter, district: scope }, limit, nextToken);
}

export async function rateApplication(ctx: ServiceContext<Application>, id: string, ratingDate: CalendarDate, approvedInitial?: Fen): Promise<Application> {
  const application = await readable(ctx, id);
  if (application.status !== 'SUBMITTED') {
    throw conflict(`application ${id} is already ${application.status}`, 'status', `申请 ${id} ${APPLICATION_STATUS_LABELS[application.status]}，只有已提交的申请可以评定`);
  }
  const rating = rate(application, ratingDate, approvedInitial);
  const at = ctx.now().toISOString();
  const rated: Application = { ...application, status: 'RATED', rating, updatedAt: at };
  // One transaction: SUBMITTED → RATED under a condition (two ratings racing cannot both win; an amendment or a
  // closure committed since it was read refuses it too: its rating would be of the fields before), its event and counts.
  if (!(await ctx.store.rateApplication(id, rating, at, trail(ctx, rated, id, 'APPLICATION_RATED', rating, ratingCounts(rated)), application.updatedAt))) {
    throw conflict(`application ${id} was rated, amended, withdrawn or rejected meanwhile: read it again`, 'status', `申请 ${id} 已被评定、修改、撤回或驳回，请重新读取后再评定`);
  }
  return rated;
}

export async function applicationHistory(ctx: ServiceContext, id: string): Promise<HistoryEvent[]> {
  await readable(ctx, id);
  return ctx.store.history(id);
}

/** The application, if it exists and this key may see it (`field`: where the request named it). */
export async function readable(ctx: ServiceContext, id: string, field = 'id'): Promise<Application> {
  const application = await ctx.store.getApplication(id);
  mayRead(ctx, id, application, field);
  return application;
}

/** 404 where application `id` was not found, 403 where it is another district's than this district key's. */
function mayRead(ctx: ServiceContext, id: string, application: Application | undefined, field = 'id'): asserts application {
  if (!application) throw notFound(`application ${id}`, field, `申请 ${id} `);
  ensureDistrict(ctx.principal, application.district);
}
