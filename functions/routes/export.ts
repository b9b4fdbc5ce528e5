/**
 * GET /reports/export.xlsx (CONTRACT.md §3; defined with the reports in ./reports.ts), served by its own function
 * (functions/manifest.ts `export`): exceljs and the memory a workbook needs stay out of the summary's function.
 */
import { DISTRICTS } from '../../shared/index.js';
import { resource, serviceContext } from '../http/app.js';
import { exportSheets } from '../http/export-sheets.js';
import { optionalCode } from '../http/parse.js';
import { presentApplicationView, presentPayment, presentSummary } from '../http/present.js';
import { serve } from '../http/route.js';
import { writeWorkbook } from '../http/workbook.js';
import { XLSX_CONTENT_TYPE } from '../http/xlsx.js';
import { today } from '../services/context.js';
import { EXPORT_MAX_APPLICATIONS, exportContent } from '../services/export.js';
import { reportRoutes } from './reports.js';

export const exportXlsx = resource();

/**
 * The most applications one export holds: EXPORT_MAX_APPLICATIONS, unless `EXPORT_MAX_APPLICATIONS` in the
 * environment says otherwise (a positive whole number: tests lower it; a function given more memory may raise it).
 */
export function exportLimit(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const set = Number(env.EXPORT_MAX_APPLICATIONS);
  return Number.isSafeInteger(set) && set > 0 ? set : EXPORT_MAX_APPLICATIONS;
}

serve(exportXlsx, reportRoutes.export, async (c) => {
  const ctx = serviceContext(c);
  const content = await exportContent(ctx, optionalCode(DISTRICTS, c.req.valid('query').district, 'district'), exportLimit());
  const applications = content.applications.map((a) => ({ ...presentApplicationView(a), payments: a.payments.map(presentPayment) }));
  const bytes = await writeWorkbook(exportSheets({ applications, summary: presentSummary(content.summary) }), ctx.now());
  return c.body(new Uint8Array(bytes), 200, {
    'content-type': XLSX_CONTENT_TYPE,
    'content-disposition': `attachment; filename="kechuang-export-${today(ctx)}.xlsx"`,
    // The registry's money and names: kept by no cache on the way.
    'cache-control': 'no-store',
  });
});
