/**
 * The money of an application in DynamoDB: the ledger item of each application·item·year (`paid`, `approved`, the
 * count of its approvals) is the guard every payment, approval and void of that row conditions on, so racing facts on
 * one row are serialised by DynamoDB conditions: a payment never takes `paid` past `approved`, an approval never sets
 * `approved` under what a payment committed meanwhile. DynamoStore (./dynamo-store.ts) delegates here. Layout: ./items.ts.
 */
import type { Approval, LedgerLine, Payment, Rating } from '../../domain/records.js';
import type { FactTrail, LedgerRowRef, LedgerState, PaymentResult, VoidResult } from '../store.js';
import { getConsistent, queryRange, type TableClient } from './client.js';
import { commitFact, GuardRefused, putNewItem, type TransactItem } from './facts.js';
import { approvalKey, fromItem, keyString, ledgerKey, paymentKey, paymentsRange } from './items.js';
import { initialApproval, type Item } from '../../../shared/index.js';

/** A ledger item read back as the line GET /applications/{id} shows. */
export const ledgerLineOf = (i: Record<string, unknown>): LedgerLine => ({
  item: i.item as Item,
  year: Number(i.year),
  paid: Number(i.paid),
  cap: Number(i.cap),
  ...(i.approved !== undefined ? { approved: Number(i.approved) } : {}),
});

/** A payment: the ledger's `paid` moves from what was read, and only while it stays within the row's approval. */
export async function recordPayment(
  t: TableClient,
  line: LedgerRowRef & { readonly amount: number; readonly limit: (approved: number | undefined) => number },
  record: (paidBefore: number, limit: number) => { readonly payment: Payment; readonly trail: FactTrail },
): Promise<PaymentResult> {
  const key = ledgerKey(line.applicationId, line.year, line.item);
  try {
    return await commitFact(
      t,
      async () => {
        const current = await getConsistent(t, key);
        const before = current ? Number(current.paid ?? 0) : 0;
        const approved = current?.approved === undefined ? undefined : Number(current.approved);
        const limit = line.limit(approved);
        if (before + line.amount > limit) throw new OverLimit(before, limit, approved);
        const { payment, trail } = record(before, limit);
        const after = before + line.amount;
        // Conditioned on what was read, the approval included (already checked ≥ after): an approval committing
        // meanwhile fails this, and the payment reads again, so its recorded limit is the approval it committed under.
        const condition = !current ? 'attribute_not_exists(pk)' : `paid = :before AND ${approved === undefined ? 'attribute_not_exists(approved)' : 'approved = :approved'}`;
        const guard: TransactItem = {
          Update: {
            TableName: t.tableName,
            Key: key,
            UpdateExpression: `SET paid = :after, #item = :item, #year = :year${line.cap !== undefined ? ', cap = :cap' : ''}`,
            ConditionExpression: condition,
            ExpressionAttributeNames: { '#item': 'item', '#year': 'year' },
            ExpressionAttributeValues: {
              ':after': after,
              ':item': line.item,
              ':year': line.year,
              ...(line.cap !== undefined ? { ':cap': line.cap } : {}),
              ...(current ? { ':before': before } : {}),
              ...(current && approved !== undefined ? { ':approved': approved } : {}),
            },
          },
        };
        return { writes: [guard, putNewItem(t, { ...paymentKey(payment), entity: 'PAYMENT', ...payment })], trail, result: { ok: true as const, payment } };
      },
      { guardMoves: true, guardKey: keyString(key) },
    );
  } catch (error) {
    if (error instanceof OverLimit) return { ok: false, paid: error.paid, limit: error.limit, ...(error.approved !== undefined ? { approved: error.approved } : {}) };
    throw error;
  }
}

/**
 * An approval (核定): the row's `approved` becomes the approval's amount, on condition that its paid sum and its count
 * of approvals are still what the approval was checked against; its record is the row's next in sequence.
 */
export function recordApproval(
  t: TableClient,
  line: LedgerRowRef,
  record: (ledger: LedgerState) => { readonly approval: Approval; readonly trail: FactTrail },
): Promise<Approval> {
  const key = ledgerKey(line.applicationId, line.year, line.item);
  return commitFact(
    t,
    async () => {
      const current = await getConsistent(t, key);
      const paid = current ? Number(current.paid ?? 0) : 0;
      const approvals = current?.approvals === undefined ? 0 : Number(current.approvals);
      const state: LedgerState = { paid, approvals, ...(current?.approved !== undefined ? { approved: Number(current.approved) } : {}) };
      const { approval, trail } = record(state);
      const condition = !current ? 'attribute_not_exists(pk)' : `paid = :paid AND ${current.approvals === undefined ? 'attribute_not_exists(approvals)' : 'approvals = :count'}`;
      const guard: TransactItem = {
        Update: {
          TableName: t.tableName,
          Key: key,
          // A case-by-case row has no computed cap: its approval is the only limit it has.
          UpdateExpression: 'SET approved = :amount, approvals = :sequence, cap = :cap, paid = if_not_exists(paid, :zero), #item = :item, #year = :year',
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#item': 'item', '#year': 'year' },
          ExpressionAttributeValues: {
            ':amount': approval.amount,
            ':sequence': approval.sequence,
            ':cap': line.cap ?? approval.amount,
            ':zero': 0,
            ':item': line.item,
            ':year': line.year,
            ...(current ? { ':paid': paid } : {}),
            ...(current && current.approvals !== undefined ? { ':count': approvals } : {}),
          },
        },
      };
      return { writes: [guard, putNewItem(t, { ...approvalKey(approval), entity: 'APPROVAL', ...approval })], trail, result: approval };
    },
    { guardMoves: true, guardKey: keyString(key) },
  );
}

/** Every payment of an application, oldest first (their sort keys start with the time they were made). */
export async function payments(t: TableClient, applicationId: string, consistent = false): Promise<Payment[]> {
  return (await queryRange(t, paymentsRange(applicationId), consistent)).map((i) => fromItem<Payment>(i));
}

/**
 * A void: the payment is marked VOIDED (its guard: only a payment not voided yet) and its amount leaves its row's
 * `paid`, in one transaction. Two voids racing: the second fails the guard and is `already-voided`.
 */
export async function voidPayment(
  t: TableClient,
  applicationId: string,
  paymentId: string,
  record: (payment: Payment) => { readonly voided: Payment; readonly trail: FactTrail },
): Promise<VoidResult> {
  let found: Payment | undefined;
  try {
    return await commitFact(
      t,
      async () => {
        found = (await payments(t, applicationId, true)).find((p) => p.id === paymentId);
        if (!found) return refusal({ outcome: 'not-found' });
        if (found.status === 'VOIDED') return refusal({ outcome: 'already-voided', payment: found });
        const { voided, trail } = record(found);
        const guard: TransactItem = {
          Update: {
            TableName: t.tableName,
            Key: paymentKey(found),
            UpdateExpression: 'SET #status = :voided, voidedAt = :at, voidedBy = :by, voidReason = :reason',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#status)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':voided': 'VOIDED', ':at': voided.voidedAt, ':by': voided.voidedBy, ':reason': voided.voidReason },
          },
        };
        // ADD commutes with the other facts on the row; those that read `paid` before it fail their condition and read again.
        const release: TransactItem = {
          Update: {
            TableName: t.tableName,
            Key: ledgerKey(applicationId, found.year, found.item),
            UpdateExpression: 'ADD paid :minus',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':minus': -found.amount },
          },
        };
        return { writes: [guard, release], trail, result: { outcome: 'voided' as const, payment: voided } };
      },
      { guardMoves: false },
    );
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    if (error instanceof GuardRefused && found) return { outcome: 'already-voided', payment: { ...found, status: 'VOIDED' } };
    throw error;
  }
}

/**
 * The ledger writes of a rating with an approved initial grant (核定评定资助): the INITIAL_GRANT row's approval, in the
 * rating's own transaction (no payment can precede a rating, so the row is new or untouched).
 */
export function ratingLedgerWrites(t: TableClient, applicationId: string, rating: Rating): TransactItem[] {
  const initial = initialApproval(rating);
  if (!initial) return [];
  const { row, amount } = initial;
  return [
    {
      Update: {
        TableName: t.tableName,
        Key: ledgerKey(applicationId, row.year, row.item),
        UpdateExpression: 'SET approved = :approved, cap = :cap, paid = if_not_exists(paid, :zero), #item = :item, #year = :year',
        ExpressionAttributeNames: { '#item': 'item', '#year': 'year' },
        ExpressionAttributeValues: { ':approved': amount, ':cap': row.cap, ':zero': 0, ':item': row.item, ':year': row.year },
      },
    },
  ];
}

/** A guard that would pass its limit: what was read, nothing written. */
class OverLimit extends Error {
  override readonly name = 'OverLimit';
  constructor(
    readonly paid: number,
    readonly limit: number,
    readonly approved: number | undefined,
  ) {
    super('over the limit');
  }
}

/** A refusal found on reading (no such payment, voided already): nothing written. */
class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(readonly result: VoidResult) {
    super(result.outcome);
  }
}
const refusal = (result: VoidResult): never => {
  throw new Refusal(result);
};
