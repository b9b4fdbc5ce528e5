/**
 * What GET /reports/export.xlsx holds (CONTRACT.md §3): every application the key may read (a district key: its
 * district's; another key: the city's, or one district's when it asks), each as GET /applications/{id} reads it (its
 * ledger, its achievements with their receipts, voided included, its support) with its payments (voided included),
 * and the summary of the same scope. Read through the very services that answer GET /applications,
 * GET /applications/{id}, …/payments and GET /reports/summary, so the workbook holds what the API answers, under the
 * same district rule.
 */
import type { District } from '../../shared/index.js';
import type { Application, LedgerLine, Payment, SupportRecord } from '../domain/records.js';
import type { AchievementWithReceipts } from '../store/store.js';
import { getApplication, listApplications } from './applications.js';
import { listPayments } from './payments.js';
import { summary, type SummaryReport } from './reports.js';
import type { ServiceContext } from './context.js';

export interface ExportedApplication {
  readonly application: Application;
  readonly ledger: readonly LedgerLine[];
  readonly achievements: readonly AchievementWithReceipts[];
  readonly support: readonly SupportRecord[];
  readonly payments: readonly Payment[];
}

export interface ExportContent {
  /** In the order GET /applications lists them (newest first). */
  readonly applications: readonly ExportedApplication[];
  readonly summary: SummaryReport;
}

/** The listing's largest page. */
const PAGE = 100;
/** Applications read at once: enough to hide DynamoDB's latency, few enough not to burst the table's capacity. */
const PARALLEL = 8;

export async function exportContent(ctx: ServiceContext, district?: District): Promise<ExportContent> {
  // First: it refuses a district key without a district, or asking for another district, before anything is read.
  const report = await summary(ctx, district);
  const listed: Application[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listApplications(ctx, district !== undefined ? { district } : {}, PAGE, nextToken);
    listed.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  const applications = await inParallel(listed, PARALLEL, async ({ id }) => {
    const [view, payments] = await Promise.all([getApplication(ctx, id), listPayments(ctx, id)]);
    return { ...view, payments };
  });
  return { applications, summary: report };
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
