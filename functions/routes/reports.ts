/** Reports (CONTRACT.md §3): progress towards the goal of partners (一), read from counters kept on each write. */
import { strictObject } from 'zod/mini';
import { CURRENT_EDITION, toYuan } from '../../shared/index.js';
import { SummaryAnswer } from '../http/answers.js';
import { resource, serviceContext } from '../http/app.js';
import { READERS } from '../http/auth.js';
import { presentAchievementDetail, presentApplication, presentPayment } from '../http/present.js';
import { defineRoute, serve } from '../http/route.js';
import { SHEET_NAMES, XLSX_CONTENT_TYPE } from '../http/xlsx.js';
import { today } from '../services/context.js';
import { exportContent } from '../services/export.js';
import { summary, type SummaryReport } from '../services/reports.js';

export const reportRoutes = {
  summary: defineRoute({
    method: 'get',
    path: '/reports/summary',
    summary: `progress towards the goal of ${CURRENT_EDITION.goal.partners.value} partners (${CURRENT_EDITION.goal.partners.clause}), counts and money by year`,
    roles: READERS,
    responses: { 200: { description: 'the summary', schema: SummaryAnswer } },
  }),
  export: defineRoute({
    method: 'get',
    path: '/reports/export.xlsx',
    summary: `an Excel workbook (Excel, WPS, LibreOffice): sheets ${Object.values(SHEET_NAMES).join(', ')}; a district key gets its own district only`,
    roles: READERS,
    request: { query: strictObject({}) },
    responses: { 200: { description: 'the workbook, as an attachment named kechuang-export-YYYY-MM-DD.xlsx (today in Beijing)', contentType: XLSX_CONTENT_TYPE } },
  }),
};

export const reports = resource();

const inYuan = (byYear: Record<string, number>) => Object.fromEntries(Object.entries(byYear).map(([year, fen]) => [year, toYuan(fen)]));

const summaryAnswer = (s: SummaryReport) => ({
  ...s,
  committedByYear: inYuan(s.committedByYear),
  paidByYear: inYuan(s.paidByYear),
  transferReceived: toYuan(s.transferReceived),
  transferSubsidy: toYuan(s.transferSubsidy),
});

serve(reports, reportRoutes.summary, async (c) => {
  const s = await summary(serviceContext(c));
  return c.json(summaryAnswer(s), 200);
});

serve(reports, reportRoutes.export, async (c) => {
  const ctx = serviceContext(c);
  const content = await exportContent(ctx);
  const applications = content.applications.map((a) => ({
    application: presentApplication(a.application),
    ledger: presentApplication(a.application, a.ledger).ledger ?? [],
    payments: a.payments.map(presentPayment),
    achievements: a.achievements.map((x) => presentAchievementDetail(x.achievement, x.receipts)),
  }));
  // exceljs is loaded on the first export, not on every cold start of the summary.
  const [{ exportSheets }, { writeWorkbook }] = await Promise.all([import('../http/export-sheets.js'), import('../http/workbook.js')]);
  const bytes = await writeWorkbook(exportSheets({ applications, summary: summaryAnswer(content.summary) }), ctx.now());
  return c.body(new Uint8Array(bytes), 200, {
    'content-type': XLSX_CONTENT_TYPE,
    'content-disposition': `attachment; filename="kechuang-export-${today(ctx)}.xlsx"`,
    // The registry's money and names: kept by no cache on the way.
    'cache-control': 'no-store',
  });
});
