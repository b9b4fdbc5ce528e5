/** Lambda `applications`: record, list, read, rate, pay, history. */
import { CATEGORIES, DISTRICTS, FIELDS, ITEMS, PARTNER_TYPES, TALENTS } from '../../shared/index.js';
import { allow, createApp, lambdaHandler, openapi, READERS, serviceContext, WRITERS } from '../http/app.js';
import { code, date, fen, optionalCode, positiveFen } from '../http/parse.js';
import { presentApplication, presentEvent, presentPayment } from '../http/present.js';
import { routes } from '../http/routes.js';
import { DynamoDBPersistenceLayer, idempotent } from '../idempotency/index.js';
import {
  applicationHistory,
  createApplication,
  getApplication,
  listApplications,
  rateApplication,
  recordPayment,
} from '../services/applications.js';

const app = createApp();
const write = [allow(...WRITERS), idempotent(new DynamoDBPersistenceLayer())];

openapi(app, routes.createApplication, write, async (c) => {
  const b = c.req.valid('json');
  const talent = optionalCode(TALENTS, b.talent, 'talent');
  const requestedAmount = b.requestedAmount === undefined ? undefined : fen(b.requestedAmount, 'requestedAmount');
  const input = {
    institution: b.institution.trim(),
    partner: { name: b.partner.name.trim(), type: code(PARTNER_TYPES, b.partner.type, 'partner.type'), country: b.partner.country.trim() },
    category: code(CATEGORIES, b.category, 'category'),
    district: code(DISTRICTS, b.district, 'district'),
    field: code(FIELDS, b.field, 'field'),
    ...(talent !== undefined ? { talent } : {}),
    legalPerson: b.legalPerson,
    ...(requestedAmount !== undefined ? { requestedAmount } : {}),
  };
  const ratingDate = b.ratingDate === undefined ? undefined : date(b.ratingDate, 'ratingDate');
  const application = await createApplication(serviceContext(c), input, ratingDate);
  return c.json(presentApplication(application), 201);
});

openapi(app, routes.listApplications, [allow(...READERS)], async (c) => {
  const q = c.req.valid('query');
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  if (limit < 1 || limit > 100) return c.json({ error: { code: 'INVALID' as const, message: 'limit must be 1–100', field: 'limit' } }, 400);
  const filter = {
    ...(q.district !== undefined ? { district: code(DISTRICTS, q.district, 'district') } : {}),
    ...(q.category !== undefined ? { category: code(CATEGORIES, q.category, 'category') } : {}),
    ...(q.field !== undefined ? { field: code(FIELDS, q.field, 'field') } : {}),
    ...(q.status !== undefined ? { status: q.status } : {}),
  };
  const page = await listApplications(serviceContext(c), filter, limit, q.nextToken);
  return c.json({ items: page.items.map((a) => presentApplication(a)), ...(page.nextToken ? { nextToken: page.nextToken } : {}) }, 200);
});

openapi(app, routes.getApplication, [allow(...READERS)], async (c) => {
  const { application, ledger } = await getApplication(serviceContext(c), c.req.valid('param').id);
  return c.json(presentApplication(application, ledger), 200);
});

openapi(app, routes.rateApplication, write, async (c) => {
  const b = c.req.valid('json');
  const approvedInitial = b.approvedInitial === undefined ? undefined : fen(b.approvedInitial, 'approvedInitial');
  const rated = await rateApplication(serviceContext(c), c.req.valid('param').id, date(b.ratingDate, 'ratingDate'), approvedInitial);
  return c.json(presentApplication(rated), 200);
});

openapi(app, routes.recordPayment, write, async (c) => {
  const b = c.req.valid('json');
  const payment = await recordPayment(serviceContext(c), c.req.valid('param').id, code(ITEMS, b.item, 'item'), b.year, positiveFen(b.amount, 'amount'));
  return c.json(presentPayment(payment), 201);
});

openapi(app, routes.history, [allow(...READERS)], async (c) => {
  const events = await applicationHistory(serviceContext(c), c.req.valid('param').id);
  return c.json({ items: events.map(presentEvent) }, 200);
});

export const handler = lambdaHandler(app);
