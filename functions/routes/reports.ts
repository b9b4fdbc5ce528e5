/** Reports (CONTRACT.md §3): progress towards the goal of partners (一), read from counters kept on each write. */
import { CURRENT_EDITION, DISTRICTS } from '../../shared/index.js';
import { SummaryAnswer } from '../http/answers.js';
import { resource, serviceContext } from '../http/app.js';
import { READERS } from '../http/auth.js';
import { optionalCode } from '../http/parse.js';
import { presentApplicationView, presentPayment, presentSummary } from '../http/present.js';
import { defineRoute, serve } from '../http/route.js';
import { SummaryQuery } from '../http/schemas.js';
import { SHEET_NAMES, XLSX_CONTENT_TYPE } from '../http/xlsx.js';
import { today } from '../services/context.js';
import { exportContent } from '../services/export.js';
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
  export: defineRoute({
    method: 'get',
    path: '/reports/export.xlsx',
    summary: `an Excel workbook (Excel, WPS, LibreOffice): sheets ${Object.values(SHEET_NAMES).join(', ')}; the city's, or one district's (a district key: its own only)`,
    roles: READERS,
    request: { query: SummaryQuery },
    responses: { 200: { description: 'the workbook, as an attachment named kechuang-export-YYYY-MM-DD.xlsx (today in Beijing)', contentType: XLSX_CONTENT_TYPE } },
  }),
};

export const reports = resource();

serve(reports, reportRoutes.summary, async (c) => {
  const district = optionalCode(DISTRICTS, c.req.valid('query').district, 'district');
  return c.json(presentSummary(await summary(serviceContext(c), district)), 200);
});

serve(reports, reportRoutes.export, async (c) => {
  const ctx = serviceContext(c);
  const content = await exportContent(ctx, optionalCode(DISTRICTS, c.req.valid('query').district, 'district'));
  const applications = content.applications.map((a) => ({ ...presentApplicationView(a), payments: a.payments.map(presentPayment) }));
  // exceljs is loaded on the first export, not on every cold start of the summary.
  const [{ exportSheets }, { writeWorkbook }] = await Promise.all([import('../http/export-sheets.js'), import('../http/workbook.js')]);
  const bytes = await writeWorkbook(exportSheets({ applications, summary: presentSummary(content.summary) }), ctx.now());
  return c.body(new Uint8Array(bytes), 200, {
    'content-type': XLSX_CONTENT_TYPE,
    'content-disposition': `attachment; filename="kechuang-export-${today(ctx)}.xlsx"`,
    // The registry's money and names: kept by no cache on the way.
    'cache-control': 'no-store',
  });
});
