/**
 * What GET /reports/export.xlsx holds (CONTRACT.md §3): every application the key may read (a district key: its
 * district's; another key: the city's, or one district's when it asks), each as GET /applications/{id} reads it (its
 * ledger, its achievements with their receipts, voided included, its support) with its payments (voided included),
 * and the summary of the same scope. Read through the very services that answer GET /applications,
 * GET /applications/{id} (whose one read of an application's ledger rows takes its payments too) and
 * GET /reports/summary, so the workbook holds what the API answers, under the same district rule.
 */
import { DISTRICT_LABELS, type District } from '../../shared/index.js';
import { ApiError } from '../domain/errors.js';
import type { Application, SummaryScope } from '../domain/records.js';
import type { ApplicationRecords } from '../store/store.js';
import { getApplication, listApplications } from './applications.js';
import { summary, type SummaryReport } from './reports.js';
import type { ServiceContext } from './context.js';

export interface ExportContent {
  /** In the order GET /applications lists them (newest first). */
  readonly applications: readonly ApplicationRecords[];
  readonly summary: SummaryReport;
}

/**
 * The most applications one export holds: past it the export is refused (413) before anything but the summary is
 * read, instead of running out of time or memory and becoming API Gateway's bare 500. Measured (exportSheets +
 * writeWorkbook only, 19 rows per application) by a reviewer on one core: 1,000 applications 5.3 s, 414 MB,
 * 0.85 MB; 2,000 10.1 s, 590 MB, 1.67 MB; 4,000 31 s, 1,386 MB, 3.37 MB; and by `npm run bench -- export` (CPU time,
 * peak RSS, workbook in base64; README): 2,000 7.8 s, 685 MB, 3.7 MB; 4,000 16.6 s, 1,379 MB, 7.3 MB (over Lambda's
 * 6 MB answer). The export function (functions/manifest.ts) has 1,769 MB, one whole vCPU on Lambda: 2,000
 * applications take 8–10 s of it and 700 MB to write, plus reading them (8 at a time), inside its 29 s and its memory,
 * and answer under 4 MB in base64. 3,000 would take 12–20 s of writing before any read, and near 6 MB.
 */
export const EXPORT_MAX_APPLICATIONS = 2_000;

/** The listing's largest page. */
const PAGE = 100;
/** Applications read at once: enough to hide DynamoDB's latency, few enough not to burst the table's capacity. */
const PARALLEL = 8;

/**
 * Not a snapshot: the summary is read first, then the listing, then each application, so a fact committed meanwhile
 * may be in some sheets and not in others (README).
 */
export async function exportContent(ctx: ServiceContext, district?: District, limit = EXPORT_MAX_APPLICATIONS): Promise<ExportContent> {
  // First: it refuses a district key without a district, or asking for another district, before anything is read.
  const report = await summary(ctx, district);
  if (report.applications > limit) throw tooMany(report.scope, report.applications, limit);
  const listed: Application[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listApplications(ctx, district !== undefined ? { district } : {}, PAGE, nextToken);
    listed.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  // Applications filed since the summary was read count too: the limit holds for what is written.
  if (listed.length > limit) throw tooMany(report.scope, listed.length, limit);
  const read = await inParallel(listed, PARALLEL, async ({ id }): Promise<ApplicationRecords | undefined> => {
    try {
      // getApplication checks the key may read it, and reads its payments with its ledger (one Query).
      const records = await getApplication(ctx, id);
      // Moved to another district since it was listed (an amendment): no longer in the district exported.
      return report.scope !== 'ALL' && records.application.district !== report.scope ? undefined : records;
    } catch (error) {
      // The same for a district key, which may no longer read it (403): left out, as a listing made now would leave
      // it, rather than failing the whole export.
      if (error instanceof ApiError && error.status === 403) return undefined;
      throw error;
    }
  });
  return { applications: read.filter((a) => a !== undefined), summary: report };
}

/** 413: more applications in the scope than one export holds; one district at a time is smaller. */
function tooMany(scope: SummaryScope, applications: number, limit: number): ApiError {
  const n = (v: number) => v.toLocaleString('en-US');
  if (scope === 'ALL') {
    return new ApiError(413, 'TOO_LARGE', `the city has ${n(applications)} applications, more than the ${n(limit)} one export holds: export one district at a time (?district=YUBEI …)`, 'district', {
      messageZh: `全市共有 ${applications} 个申请，超过一次导出的上限 ${limit} 个：请按区县分别导出（?district=YUBEI 等）`,
    });
  }
  return new ApiError(413, 'TOO_LARGE', `district ${scope} has ${n(applications)} applications, more than the ${n(limit)} one export holds: read it through GET /applications?district=${scope} instead`, 'district', {
    messageZh: `${DISTRICT_LABELS[scope]}共有 ${applications} 个申请，超过一次导出的上限 ${limit} 个：请改用 GET /applications?district=${scope} 分页读取`,
  });
}

/** `work` on every item, at most `limit` at a time; the results in the items' order. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
