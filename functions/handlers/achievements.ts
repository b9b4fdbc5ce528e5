/** Lambda `achievements`: achievements (单项成果) and their receipts with the 5% subsidy (三(七)). */
import { allow, createApp, lambdaHandler, openapi, serviceContext, WRITERS } from '../http/app.js';
import { date, positiveFen } from '../http/parse.js';
import { presentAchievement, presentReceipt } from '../http/present.js';
import { routes } from '../http/routes.js';
import { DynamoDBPersistenceLayer, idempotent } from '../idempotency/index.js';
import { createAchievement, recordReceipt } from '../services/achievements.js';

const app = createApp();
const write = [allow(...WRITERS), idempotent(new DynamoDBPersistenceLayer())];

openapi(app, routes.createAchievement, write, async (c) => {
  const b = c.req.valid('json');
  const achievement = await createAchievement(serviceContext(c), b.applicationId, b.title.trim(), b.contractNo.trim());
  return c.json(presentAchievement(achievement), 201);
});

openapi(app, routes.recordReceipt, write, async (c) => {
  const b = c.req.valid('json');
  const receipt = await recordReceipt(serviceContext(c), c.req.valid('param').id, date(b.date, 'date'), positiveFen(b.amount, 'amount'));
  return c.json(presentReceipt(receipt), 201);
});

export const handler = lambdaHandler(app);
