/** Reports (CONTRACT.md §3): progress towards the goal of partners (一), read from counters kept on each write. */
import { CURRENT_EDITION, toYuan } from '../../shared/index.js';
import { SummaryAnswer } from '../http/answers.js';
import { resource, serviceContext } from '../http/app.js';
import { READERS } from '../http/auth.js';
import { defineRoute, serve } from '../http/route.js';
import { summary } from '../services/reports.js';

export const reportRoutes = {
  summary: defineRoute({
    method: 'get',
    path: '/reports/summary',
    summary: `progress towards the goal of ${CURRENT_EDITION.goal.partners.value} partners (${CURRENT_EDITION.goal.partners.clause}), counts and money by year`,
    roles: READERS,
    responses: { 200: { description: 'the summary', schema: SummaryAnswer } },
  }),
};

export const reports = resource();

const inYuan = (byYear: Record<string, number>) => Object.fromEntries(Object.entries(byYear).map(([year, fen]) => [year, toYuan(fen)]));

serve(reports, reportRoutes.summary, async (c) => {
  const s = await summary(serviceContext(c));
  return c.json(
    { ...s, committedByYear: inYuan(s.committedByYear), paidByYear: inYuan(s.paidByYear), transferReceived: toYuan(s.transferReceived), transferSubsidy: toYuan(s.transferSubsidy) },
    200,
  );
});
