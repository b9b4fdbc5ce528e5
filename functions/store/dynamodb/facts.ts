/**
 * A fact is one TransactWriteItems: its guard (the conditional write that holds a cap or a status), its record, its
 * history event and its summary counters commit together or not at all (DESIGN.md). Nothing is written after the
 * commit, so a process that dies anywhere leaves either the whole fact or none of it.
 *
 * Guards that read before they write (the ledger's paid sum, the achievement's counter) condition on the value they
 * read; a transaction cancelled because another one got there first (a guard that moved, a partner counted
 * meanwhile, or DynamoDB's TransactionConflict) is read and tried again, with jitter, until a deadline. A write whose
 * refusal is a domain answer (a duplicate or contract marker another holds) carries a `Refusal`: the transaction
 * refuses it, and only then is the marker read, to name its holder.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AggregateDeltas, SummaryScope } from '../../domain/records.js';
import { AnsweredMeanwhile, answerItem } from '../../idempotency/index.js';
import { Contention, countedIn, TooManyWrites, type FactTrail } from '../store.js';
import type { TableClient } from './client.js';
import { eventKey, SUMMARY_SHARDS, summaryKey } from './items.js';
import { partnerCounted } from './partner-markers.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** How long a fact keeps trying against contention (the write functions' timeout is 10 s). */
const DEADLINE_MS = 8_000;
/** Tries a fact always gets, deadline or not (a try is cheap; a refusal for contention is not). */
const MIN_TRIES = 3;
/** Items one TransactWriteItems takes. */
const TRANSACTION_ITEMS = 100;

/** A put of an item whose key must be new, as a transaction item (its condition fails where the key is taken). */
export const putNewItem = (t: TableClient, item: Record<string, unknown>): TransactItem => ({ Put: { TableName: t.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } });

/** The write that adds `deltas` to one shard of a scope's summary. */
export function summaryUpdate(tableName: string, scope: SummaryScope, deltas: AggregateDeltas, shard = randomInt(SUMMARY_SHARDS)): TransactItem | undefined {
  const entries = Object.entries(deltas).filter(([, delta]) => delta !== 0);
  if (entries.length === 0) return undefined;
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  entries.forEach(([name, delta], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = delta;
  });
  return {
    Update: {
      TableName: tableName,
      Key: summaryKey(scope, shard),
      UpdateExpression: `ADD ${entries.map((_, i) => `#a${i} :a${i}`).join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The guard refused: the domain answer (over the cap, not SUBMITTED, id taken …), nothing written. */
export class GuardRefused extends Error {
  override readonly name = 'GuardRefused';
}

/**
 * The trail's writes: the history event (append-only, a new key), the request's answer where it has an
 * Idempotency-Key (kept only if no answer is; a cancellation names it by its place) and, for each
 * summary scope, the counters, plus the partner's markers (./partner-markers.ts: read here, the partner counted where
 * this fact counts it first; a marker or alias changed meanwhile cancels the transaction, which is then tried again).
 */
async function trailItems(t: TableClient, trail: FactTrail, answer: TransactItem | undefined): Promise<TransactItem[]> {
  const items: TransactItem[] = trail.event ? [putNewItem(t, { ...eventKey(trail.event, randomUUID()), entity: 'EVENT', ...trail.event })] : [];
  if (answer) items.push(answer);
  // Deltas per scope, summed over the fact's counts (a change of district moves counts out of one and into another).
  const deltas = new Map<SummaryScope, Record<string, number>>();
  const add = (scope: SummaryScope, more: AggregateDeltas) => {
    const sum = deltas.get(scope) ?? {};
    for (const [name, delta] of Object.entries(more)) sum[name] = (sum[name] ?? 0) + delta;
    deltas.set(scope, sum);
  };
  for (const counts of trail.counts ?? []) {
    const scopes = countedIn(counts);
    for (const scope of scopes) add(scope, counts.deltas);
    if (!('district' in counts) || counts.partner === undefined) continue;
    const partner = await partnerCounted(t, counts, trail.event?.applicationId ?? '');
    items.push(...partner.writes);
    for (const scope of partner.introducedIn) add(scope, { partnersIntroduced: 1 });
  }
  for (const [scope, sum] of deltas) {
    const update = summaryUpdate(t.tableName, scope, sum);
    if (update) items.push(update);
  }
  return items;
}

interface CancelledError {
  readonly name: string;
  readonly CancellationReasons?: readonly { readonly Code?: string }[];
}

/**
 * What the refusal of one of a fact's writes means, where the transaction itself refuses it (a marker's put
 * conditioned on no other holding it): `refused` runs after a cancellation whose reason for `item` is
 * ConditionalCheckFailed, reads what it needs then (who holds the marker) and throws the domain refusal; where it
 * returns, what refused the write is gone meanwhile and the fact is tried again. So a refusal is read after the
 * transaction made it, not before every write.
 */
export interface Refusal {
  readonly item: TransactItem;
  readonly refused: () => Promise<void>;
}

/** One try of a fact: its guard first, then its record; `refusals` name what a write's refusal means. */
export interface Attempt<T> {
  readonly writes: readonly TransactItem[];
  readonly refusals?: readonly Refusal[];
  readonly trail: FactTrail;
  readonly result: T;
}

/**
 * Commits one fact: `attempt` reads what its guard needs and answers the guard and record writes (or throws
 * GuardRefused, or a domain refusal its read found); the trail is added and all of it is one transaction.
 * The guard is the first item: its ConditionalCheckFailed means "read again" when `guardMoves` (an optimistic
 * guard: someone else wrote it meanwhile), else the guard's own refusal. A write with a `Refusal` refused by its
 * condition is answered by it (the kept answer's is AnsweredMeanwhile), unless the guard moved: then the attempt
 * was of what is no longer so, and is read again.
 */
export function commitFact<T>(t: TableClient, attempt: () => Promise<Attempt<T>>, options: { readonly guardMoves: boolean; readonly guardKey?: string }): Promise<T> {
  return options.guardKey === undefined ? commit(t, attempt, options.guardMoves) : inTurn(options.guardKey, () => commit(t, attempt, options.guardMoves));
}

/**
 * Facts of this container on one moving guard take turns: 50 payments racing one ledger in one process would
 * otherwise each read, lose to whichever committed, and read again (about n² tries). Across containers the guard's
 * condition still decides; this only saves the wasted tries.
 */
const turns = new Map<string, Promise<unknown>>();
function inTurn<T>(key: string, run: () => Promise<T>): Promise<T> {
  const previous = turns.get(key) ?? Promise.resolve();
  const mine = previous.then(run, run);
  const settled = mine.catch(() => undefined);
  turns.set(key, settled);
  void settled.then(() => {
    if (turns.get(key) === settled) turns.delete(key);
  });
  return mine;
}

/** The kept answer's put failed its condition: another request with this key was answered first. */
const answeredMeanwhile = (answer: TransactItem): Refusal => ({
  item: answer,
  refused: () => Promise.reject(new AnsweredMeanwhile()),
});

async function commit<T>(t: TableClient, attempt: () => Promise<Attempt<T>>, guardMoves: boolean): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (let tries = 0; ; tries++) {
    const { writes, refusals = [], trail, result } = await attempt();
    const answer = trail.answer ? answerItem(t.tableName, trail.answer) : undefined;
    const items = [...writes, ...(await trailItems(t, trail, answer))];
    // More than DynamoDB takes would be its ValidationException (a 500); refused here, nothing written.
    if (items.length > TRANSACTION_ITEMS) throw new TooManyWrites(items.length);
    try {
      await t.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return result;
    } catch (error) {
      const e = error as CancelledError;
      if (e.name !== 'TransactionCanceledException' && e.name !== 'TransactionConflictException') throw error;
      const reasons = e.CancellationReasons ?? [];
      const refusedItem = (item: TransactItem) => reasons[items.indexOf(item)]?.Code === 'ConditionalCheckFailed';
      const guardMoved = reasons[0]?.Code === 'ConditionalCheckFailed';
      // The answer's refusal stands whatever else moved; the attempt's own only where its guard did not.
      const answers = [...(answer ? [answeredMeanwhile(answer)] : []), ...(guardMoved && guardMoves ? [] : refusals)];
      for (const refusal of answers) if (refusedItem(refusal.item)) await refusal.refused();
      if (guardMoved && !guardMoves) throw new GuardRefused('the guard refused');
      // A first try that was slow to send (a busy process waiting for a connection) still gets its retries.
      if (Date.now() > deadline && tries + 1 >= MIN_TRIES) throw new Contention(`fact not committed after ${tries + 1} tries: contention (${reasons.map((r) => r.Code).join(',')})`);
      // A guard that moved was moved by a fact that committed: read again at once. Anything else (a transaction in
      // flight on one of the items, a partner counted meanwhile) waits a short random pause first.
      if (!guardMoved) await new Promise((r) => setTimeout(r, randomInt(1, Math.min(100, 5 * 2 ** Math.min(tries, 5)) + 1)));
    }
  }
}
