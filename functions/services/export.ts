/**
 * What GET /reports/export.xlsx holds (CONTRACT.md §3): every application the key may read (a district key: its
 * district's), each with its ledger, its payments (voided included) and its achievements with their receipts (voided
 * included), and the summary. Read through the very services that answer GET /applications, GET /applications/{id},
 * …/payments, GET /achievements/{id} and GET /reports/summary, so the workbook holds what the API answers, with the
 * same district rule.
 */
import type { Achievement, Application, LedgerLine, Payment, Receipt } from '../domain/records.js';
import { getApplication, listApplications } from './applications.js';
import { readAchievement } from './achievements.js';
import { applicationAchievements } from './export-achievements.js';
import { listPayments } from './payments.js';
import { summary, type SummaryReport } from './reports.js';
import type { ServiceContext } from './context.js';

export interface ExportedApplication {
  readonly application: Application;
  readonly ledger: readonly LedgerLine[];
  readonly payments: readonly Payment[];
  readonly achievements: readonly { readonly achievement: Achievement; readonly receipts: readonly Receipt[] }[];
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

export async function exportContent(ctx: ServiceContext): Promise<ExportContent> {
  // First: it refuses a district key without a district before anything else is read.
  const report = await summary(ctx);
  const listed: Application[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listApplications(ctx, {}, PAGE, nextToken);
    listed.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  const applications = await inParallel(listed, PARALLEL, async ({ id }) => {
    const [{ application, ledger }, payments, achievementIds] = await Promise.all([getApplication(ctx, id), listPayments(ctx, id), applicationAchievements(ctx, id)]);
    const achievements = await Promise.all(achievementIds.map((a) => readAchievement(ctx, a)));
    return { application, ledger, payments, achievements };
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
