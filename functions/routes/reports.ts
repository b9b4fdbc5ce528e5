/** Reports (CONTRACT.md §3): progress towards the goal of partners (一), read from counters kept on each write. */
import { CURRENT_EDITION, DISTRICTS } from '../../shared/index.js';
import { ErrorAnswer, SummaryAnswer } from '../http/answers.js';
import { resource, serviceContext } from '../http/app.js';
import { READERS } from '../http/auth.js';
import { optionalCode } from '../http/parse.js';
import { presentSummary } from '../http/present.js';
import { defineRoute, serve } from '../http/route.js';
import { ScopeQuery } from '../http/schemas.js';
import { SHEET_NAMES, XLSX_CONTENT_TYPE } from '../http/xlsx.js';
import { EXPORT_MAX_APPLICATIONS } from '../services/export.js';
import { summary } from '../services/reports.js';

export const reportRoutes = {
  summary: defineRoute({
    method: 'get',
    path: '/reports/summary',
    summary: `progress towards the goal of ${CURRENT_EDITION.goal.partners.value} partners (${CURRENT_EDITION.goal.partners.clause}), counts and money by year`,
    roles: READERS,
    request: { query: ScopeQuery },
    responses: { 200: { description: "the summary: the city's, or one district's", schema: SummaryAnswer } },
  }),
  export: defineRoute({
    method: 'get',
    path: '/reports/export.xlsx',
    summary: `an Excel workbook (Office Open XML, written for Excel and WPS; tested with LibreOffice): sheets ${Object.values(SHEET_NAMES).join(', ')}; the city's, or one district's (a district key: its own only)`,
    roles: READERS,
    request: { query: ScopeQuery },
    responses: {
      200: { description: 'the workbook, as an attachment named kechuang-export-YYYY-MM-DD.xlsx (today in Beijing)', contentType: XLSX_CONTENT_TYPE },
      413: { description: `TOO_LARGE (field district): the scope has more than ${EXPORT_MAX_APPLICATIONS.toLocaleString('en-US')} applications; export one district at a time (?district=)`, schema: ErrorAnswer },
    },
  }),
};

export const reports = resource();
// GET /reports/export.xlsx is served by its own function: ./export.ts.

serve(reports, reportRoutes.summary, async (c) => {
  const district = optionalCode(DISTRICTS, c.req.valid('query').district, 'district');
  return c.json(presentSummary(await summary(serviceContext(c), district)), 200);
});
