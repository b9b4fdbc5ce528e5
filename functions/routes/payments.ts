/**
 * The money of an application (CONTRACT.md §3): approvals (核定) of its ledger rows, payments held to them, the list
 * of its payments, and voids. Served by the applications Lambda (functions/handlers/applications.ts).
 */
import { ITEMS } from '../../shared/index.js';
import { ApprovalAnswer, ErrorAnswer, PaymentAnswer, PaymentListAnswer } from '../http/answers.js';
import { serviceContext, resource } from '../http/app.js';
import { READERS, WRITERS } from '../http/auth.js';
import { code, fen, optionalDate, positiveFen } from '../http/parse.js';
import { presentApproval, presentPayment } from '../http/present.js';
import { defineRoute, serve } from '../http/route.js';
import { ApprovalBody, IdParams, PaymentBody, PaymentParams, VoidBody } from '../http/schemas.js';
import { listPayments, recordApproval, recordPayment, voidPayment } from '../services/payments.js';

const noSuchApplication = { description: 'no such application', schema: ErrorAnswer };

export const paymentRoutes = {
  approve: defineRoute({
    method: 'post',
    path: '/applications/{id}/approvals',
    summary: 'approve (核定) one row: at most its cap, at least what is paid on it; replaces the row\'s earlier approval',
    roles: WRITERS,
    idempotent: true,
    request: { params: IdParams, body: ApprovalBody },
    responses: {
      201: { description: 'recorded', schema: ApprovalAnswer },
      404: noSuchApplication,
      409: { description: 'CONFLICT: less than what is paid on the row, or the application is not rated', schema: ErrorAnswer },
    },
  }),
  pay: defineRoute({
    method: 'post',
    path: '/applications/{id}/payments',
    summary: 'record a payment within the row\'s approved amount (or its cap where none is approved)',
    roles: WRITERS,
    idempotent: true,
    request: { params: IdParams, body: PaymentBody },
    responses: {
      201: { description: 'recorded', schema: PaymentAnswer },
      404: noSuchApplication,
      409: { description: 'CAP_EXCEEDED: would pass the approval or cap; CONFLICT: not rated', schema: ErrorAnswer },
    },
  }),
  list: defineRoute({
    method: 'get',
    path: '/applications/{id}/payments',
    summary: 'every payment, voided ones included, oldest first',
    roles: READERS,
    request: { params: IdParams },
    responses: { 200: { description: 'the payments', schema: PaymentListAnswer }, 404: noSuchApplication },
  }),
  void: defineRoute({
    method: 'post',
    path: '/applications/{id}/payments/{paymentId}/void',
    summary: 'void a payment: it stays, marked VOIDED, and its amount is released from its row',
    roles: WRITERS,
    idempotent: true,
    request: { params: PaymentParams, body: VoidBody },
    responses: {
      200: { description: 'voided', schema: PaymentAnswer },
      404: { description: 'no such application or payment', schema: ErrorAnswer },
      409: { description: 'CONFLICT: already voided', schema: ErrorAnswer },
    },
  }),
};

export const payments = resource();

serve(payments, paymentRoutes.approve, async (c) => {
  const b = c.req.valid('json');
  const approval = await recordApproval(serviceContext(c, 201, presentApproval), c.req.valid('param').id, {
    item: code(ITEMS, b.item, 'item'),
    year: b.year,
    amount: fen(b.amount, 'amount'),
    ...(b.document !== undefined ? { document: b.document.trim() } : {}),
    ...(b.reason !== undefined ? { reason: b.reason.trim() } : {}),
  });
  return c.json(presentApproval(approval), 201);
});

serve(payments, paymentRoutes.pay, async (c) => {
  const b = c.req.valid('json');
  const paidOn = optionalDate(b.paidOn, 'paidOn');
  const payment = await recordPayment(serviceContext(c, 201, presentPayment), c.req.valid('param').id, {
    item: code(ITEMS, b.item, 'item'),
    year: b.year,
    amount: positiveFen(b.amount, 'amount'),
    ...(paidOn !== undefined ? { paidOn } : {}),
    ...(b.voucher !== undefined ? { voucher: b.voucher.trim() } : {}),
  });
  return c.json(presentPayment(payment), 201);
});

serve(payments, paymentRoutes.list, async (c) => {
  const items = await listPayments(serviceContext(c), c.req.valid('param').id);
  return c.json({ items: items.map(presentPayment) }, 200);
});

serve(payments, paymentRoutes.void, async (c) => {
  const { id, paymentId } = c.req.valid('param');
  const voided = await voidPayment(serviceContext(c, 200, presentPayment), id, paymentId, c.req.valid('json').reason.trim());
  return c.json(presentPayment(voided), 200);
});
