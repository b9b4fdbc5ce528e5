/** Reports (CONTRACT.md §3): progress towards the goal of partners (一), read from counters kept on each write. */
import { CURRENT_EDITION, DISTRICTS } from '../../shared/index.js';
import { SummaryAnswer } from '../http/answers.js';
import { resource, serviceContext } from '../http/app.js';
import { READERS } from '../http/auth.js';
import { optionalCode } from '../http/parse.js';
import { presentSummary } from '../http/present.js';
import { defineRoute, serve } from '../http/route.js';
import { SummaryQuery } from '../http/schemas.js';
import { summary } from '../services/reports.js';

export const reportRoutes = {
  summary: defineRoute({
    method: 'get',
    path: '/reports/summary',
    summary: `progress towards the goal of ${CURRENT_EDITION.goal.partners.value} partners (${CURRENT_EDITION.goal.partners.clause}), counts and money by year`,
    roles: READERS,
    request: { query: SummaryQuery },
    responses: { 200: { description: "the summary: the city's, or one district's", schema: SummaryAnswer } },
  }),
};

export const reports = resource();

serve(reports, reportRoutes.summary, async (c) => {
  const district = optionalCode(DISTRICTS, c.req.valid('query').district, 'district');
  return c.json(presentSummary(await summary(serviceContext(c), district)), 200);
});
