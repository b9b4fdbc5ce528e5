/** Support that is not money (三(八), 三(九), POLICY.md §3): which kinds a rated application was offered, and when. */
import { checkEntryDate, editionById, type CalendarDate, type SupportKind } from '../../shared/index.js';
import type { SupportRecord } from '../domain/records.js';
import { conflict, fromProblems } from '../domain/errors.js';
import { readable } from './applications.js';
import { newId, today, type ServiceContext } from './context.js';
import { supportCounts } from './counts.js';
import { trail } from './trail.js';

const notRated = (id: string, status: string) =>
  conflict(`application ${id} is ${status}: support is recorded for RATED applications only`, 'status', `申请 ${id} 尚未评定（${status}），只有已评定的申请可以登记非资金支持`);

/** POST /applications/{id}/support: one record, its event and its count (`support:<KIND>`), in one fact. */
export async function recordSupport(ctx: ServiceContext<SupportRecord>, id: string, kind: SupportKind, date: CalendarDate, note?: string): Promise<SupportRecord> {
  const application = await readable(ctx, id);
  if (application.status !== 'RATED' || !application.rating) throw notRated(id, application.status);
  // Offered on a day that happened, not before the plan was in force (六).
  const problem = checkEntryDate(editionById(application.rating.edition), date, today(ctx), 'date', { en: 'support offered', zh: '支持日期' });
  if (problem) throw fromProblems([problem]);
  const record: SupportRecord = { id: newId('sup'), applicationId: id, kind, date, ...(note !== undefined ? { note } : {}), createdAt: ctx.now().toISOString() };
  // One transaction: the application still RATED (the guard), the record, its event and its count.
  if (!(await ctx.store.recordSupport(record, trail(ctx, record, id, 'SUPPORT_RECORDED', record, supportCounts(application.district, record))))) {
    throw notRated(id, 'no longer RATED');
  }
  return record;
}
