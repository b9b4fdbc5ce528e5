/** Achievements (单项成果) and their receipts with the 5% subsidy (三(七)) (CONTRACT.md §3). */
import { CURRENT_EDITION, formatRate } from '../../shared/index.js';
import { AchievementAnswer, AchievementDetailAnswer, AchievementListAnswer, ErrorAnswer, ReceiptAnswer } from '../http/answers.js';
import { resource, serviceContext } from '../http/app.js';
import { READERS, WRITERS } from '../http/auth.js';
import { date, positiveFen } from '../http/parse.js';
import { presentAchievement, presentAchievementDetail, presentReceipt } from '../http/present.js';
import { defineRoute, serve } from '../http/route.js';
import { AchievementBody, IdParams, ReceiptBody, ReceiptParams, ReceiptVoidBody } from '../http/schemas.js';
import { applicationAchievements, createAchievement, readAchievement, recordReceipt } from '../services/achievements.js';
import { voidReceipt } from '../services/receipt-voids.js';

export const achievementRoutes = {
  create: defineRoute({
    method: 'post',
    path: '/achievements',
    summary: 'record an achievement (单项成果) of a rated application',
    roles: WRITERS,
    idempotent: true,
    request: { body: AchievementBody },
    responses: {
      201: { description: 'stored', schema: AchievementAnswer },
      404: { description: 'no such application', schema: ErrorAnswer },
      409: { description: 'application not rated (CONFLICT), or its technology contract already registered (DUPLICATE, with existingId)', schema: ErrorAnswer },
    },
  }),
  get: defineRoute({
    method: 'get',
    path: '/achievements/{id}',
    summary: 'one achievement with its receipts (voided included): its cumulative figures are those of the receipts not voided',
    roles: READERS,
    request: { params: IdParams },
    responses: { 200: { description: 'the achievement', schema: AchievementDetailAnswer }, 404: { description: 'no such achievement', schema: ErrorAnswer } },
  }),
  ofApplication: defineRoute({
    method: 'get',
    path: '/applications/{id}/achievements',
    summary: "an application's achievements, each with its receipts (voided included) as GET /achievements/{id} answers it, oldest first",
    roles: READERS,
    request: { params: IdParams },
    responses: { 200: { description: 'the achievements', schema: AchievementListAnswer }, 404: { description: 'no such application', schema: ErrorAnswer } },
  }),
  receive: defineRoute({
    method: 'post',
    path: '/achievements/{id}/receipts',
    summary: `record money received; answers the ${formatRate(CURRENT_EDITION.transferSubsidy.rate.value)} subsidy of this instalment (${CURRENT_EDITION.transferSubsidy.rate.clause})`,
    roles: WRITERS,
    idempotent: true,
    request: { params: IdParams, body: ReceiptBody },
    responses: { 201: { description: 'recorded', schema: ReceiptAnswer }, 404: { description: 'no such achievement', schema: ErrorAnswer } },
  }),
  void: defineRoute({
    method: 'post',
    path: '/achievements/{id}/receipts/{receiptId}/void',
    summary: `void a receipt (a correction: it stays, marked VOIDED): its amount leaves the cumulative and the ${CURRENT_EDITION.transferSubsidy.rate.clause} subsidy is adjusted by the same cumulative rule`,
    roles: WRITERS,
    idempotent: true,
    request: { params: ReceiptParams, body: ReceiptVoidBody },
    responses: {
      200: { description: 'voided: the receipt with its void (the adjustment and the achievement after it)', schema: ReceiptAnswer },
      404: { description: 'no such achievement or receipt', schema: ErrorAnswer },
      409: { description: 'the receipt is voided already', schema: ErrorAnswer },
    },
  }),
};

export const achievements = resource();

serve(achievements, achievementRoutes.create, async (c) => {
  const b = c.req.valid('json');
  const achievement = await createAchievement(serviceContext(c, 201, presentAchievement), b.applicationId, b.title.trim(), b.contractNo.trim());
  return c.json(presentAchievement(achievement), 201);
});

serve(achievements, achievementRoutes.receive, async (c) => {
  const b = c.req.valid('json');
  const receipt = await recordReceipt(serviceContext(c, 201, presentReceipt), c.req.valid('param').id, date(b.date, 'date'), positiveFen(b.amount, 'amount'), b.voucher?.trim());
  return c.json(presentReceipt(receipt), 201);
});

serve(achievements, achievementRoutes.void, async (c) => {
  const { id, receiptId } = c.req.valid('param');
  const receipt = await voidReceipt(serviceContext(c, 200, presentReceipt), id, receiptId, c.req.valid('json').reason.trim());
  return c.json(presentReceipt(receipt), 200);
});

serve(achievements, achievementRoutes.get, async (c) => {
  const { achievement, receipts } = await readAchievement(serviceContext(c), c.req.valid('param').id);
  return c.json(presentAchievementDetail(achievement, receipts), 200);
});

serve(achievements, achievementRoutes.ofApplication, async (c) => {
  const items = await applicationAchievements(serviceContext(c), c.req.valid('param').id);
  return c.json({ items: items.map((a) => presentAchievementDetail(a.achievement, a.receipts)) }, 200);
});
