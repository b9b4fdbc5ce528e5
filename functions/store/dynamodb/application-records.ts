/**
 * One application with everything GET /applications/{id} and the export show of it (./items.ts): two Queries of its
 * partition, the application with its achievement links and its ledger rows with its payments and support, then one
 * Query of each achievement's partition. Its approvals and history, between the two, are not read.
 */
import type { Application, LedgerLine, Payment, SupportRecord } from '../../domain/records.js';
import type { ApplicationRecords } from '../store.js';
import { achievementsLinked } from './achievements.js';
import { queryRange, type TableClient } from './client.js';
import { applicationAndLinksRange, appKey, fromItem, kindOfItem, ledgerToSupportRange } from './items.js';
import { ledgerLineOf } from './ledger.js';

export async function applicationRecords(t: TableClient, id: string): Promise<ApplicationRecords | undefined> {
  const [head, tail] = await Promise.all([queryRange(t, applicationAndLinksRange(id)), queryRange(t, ledgerToSupportRange(id))]);
  const record = head.find((item) => item.sk === appKey(id).sk);
  if (!record) return undefined;
  const achievements = await achievementsLinked(t, head);
  const ledger: LedgerLine[] = [];
  const payments: Payment[] = [];
  const support: SupportRecord[] = [];
  for (const item of tail) {
    const { kind } = kindOfItem(item);
    if (kind === 'ledger') ledger.push(ledgerLineOf(item));
    else if (kind === 'payment') payments.push(fromItem<Payment>(item));
    else if (kind === 'support') support.push(fromItem<SupportRecord>(item));
  }
  return { application: fromItem<Application>(record), ledger, achievements, support, payments };
}
