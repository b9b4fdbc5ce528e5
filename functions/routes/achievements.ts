/** Achievements (单项成果) and their receipts with the 5% subsidy (三(七)) (CONTRACT.md §3). */
import { CURRENT_EDITION, formatRate } from '../../shared/index.js';
import { AchievementAnswer, ErrorAnswer, ReceiptAnswer } from '../http/answers.js';
import { resource, serviceContext } from '../http/app.js';
import { WRITERS } from '../http/auth.js';
import { date, positiveFen } from '../http/parse.js';
import { presentAchievement, presentReceipt } from '../http/present.js';
import { defineRoute, serve } from '../http/route.js';
import { AchievementBody, IdParams, ReceiptBody } from '../http/schemas.js';
import { createAchievement, recordReceipt } from '../services/achievements.js';

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
      409: { description: 'application not rated', schema: ErrorAnswer },
    },
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
};

export const achievements = resource();

serve(achievements, achievementRoutes.create, async (c) => {
  const b = c.req.valid('json');
  const achievement = await createAchievement(serviceContext(c, 201, presentAchievement), b.applicationId, b.title.trim(), b.contractNo.trim());
  return c.json(presentAchievement(achievement), 201);
});

serve(achievements, achievementRoutes.receive, async (c) => {
  const b = c.req.valid('json');
  const receipt = await recordReceipt(serviceContext(c, 201, presentReceipt), c.req.valid('param').id, date(b.date, 'date'), positiveFen(b.amount, 'amount'));
  return c.json(presentReceipt(receipt), 201);
});
