/** Applications (CONTRACT.md §3): record, list, read, rate (评定), history; their money is ./payments.ts. */
import { CATEGORIES, DISTRICTS, FIELDS, PARTNER_TYPES, TALENTS } from '../../shared/index.js';
import { ApplicationAnswer, ApplicationViewAnswer, ErrorAnswer, HistoryAnswer, ListAnswer } from '../http/answers.js';
import { serviceContext, resource } from '../http/app.js';
import { READERS, WRITERS } from '../http/auth.js';
import { code, date, optionalCode, optionalDate, optionalFen, partnerName } from '../http/parse.js';
import { presentApplication, presentApplicationView, presentEvent } from '../http/present.js';
import { defineRoute, serve } from '../http/route.js';
import { invalid } from '../domain/errors.js';
import { ApplicationBody, IdParams, ListQuery, RatingBody } from '../http/schemas.js';
import { applicationHistory, createApplication, getApplication, listApplications, rateApplication } from '../services/applications.js';

const noSuchApplication = { description: 'no such application', schema: ErrorAnswer };

export const applicationRoutes = {
  create: defineRoute({
    method: 'post',
    path: '/applications',
    summary: 'record an application',
    roles: WRITERS,
    idempotent: true,
    request: { body: ApplicationBody },
    responses: { 201: { description: 'stored', schema: ApplicationAnswer } },
  }),
  list: defineRoute({
    method: 'get',
    path: '/applications',
    summary: 'a page of applications, newest first (a district key: its own district)',
    roles: READERS,
    request: { query: ListQuery },
    responses: { 200: { description: 'a page', schema: ListAnswer } },
  }),
  get: defineRoute({
    method: 'get',
    path: '/applications/{id}',
    summary: 'one application with its ledger (a row per schedule row: cap, approved, paid, remaining), its achievements and its support',
    roles: READERS,
    request: { params: IdParams },
    responses: { 200: { description: 'the application and what hangs on it', schema: ApplicationViewAnswer }, 404: noSuchApplication },
  }),
  rate: defineRoute({
    method: 'post',
    path: '/applications/{id}/rating',
    summary: 'rate (评定): status RATED and its schedule',
    roles: WRITERS,
    idempotent: true,
    request: { params: IdParams, body: RatingBody },
    responses: { 200: { description: 'rated', schema: ApplicationAnswer }, 404: noSuchApplication, 409: { description: 'CONFLICT: not SUBMITTED (already rated, withdrawn or rejected, or changed meanwhile), or its partner name is an alias of an alias more than 4 deep (npm run reconcile -- --repair mends it)', schema: ErrorAnswer } },
  }),
  history: defineRoute({
    method: 'get',
    path: '/applications/{id}/history',
    summary: 'every change, oldest first, with who (key id) and when',
    roles: READERS,
    request: { params: IdParams },
    responses: { 200: { description: 'the events', schema: HistoryAnswer }, 404: noSuchApplication },
  }),
};

export const applications = resource();

serve(applications, applicationRoutes.create, async (c) => {
  const b = c.req.valid('json');
  const talent = optionalCode(TALENTS, b.talent, 'talent');
  const requestedAmount = optionalFen(b.requestedAmount, 'requestedAmount');
  const input = {
    institution: b.institution.trim(),
    partner: { name: partnerName(b.partner.name, 'partner.name'), type: code(PARTNER_TYPES, b.partner.type, 'partner.type'), country: b.partner.country.trim() },
    category: code(CATEGORIES, b.category, 'category'),
    district: code(DISTRICTS, b.district, 'district'),
    field: code(FIELDS, b.field, 'field'),
    ...(talent !== undefined ? { talent } : {}),
    legalPerson: b.legalPerson,
    ...(requestedAmount !== undefined ? { requestedAmount } : {}),
  };
  const ratingDate = optionalDate(b.ratingDate, 'ratingDate');
  // 核定评定资助 is decided at rating: without a rating date there is nothing it could be the approval of.
  const approvedInitial = optionalFen(b.approvedInitial, 'approvedInitial');
  if (approvedInitial !== undefined && ratingDate === undefined) {
    throw invalid('approvedInitial', 'approvedInitial is given only with ratingDate (the approval of the rated initial grant)', '核定评定资助须与评定日期一同填写');
  }
  const application = await createApplication(serviceContext(c, 201, presentApplication), input, ratingDate, approvedInitial);
  return c.json(presentApplication(application), 201);
});

serve(applications, applicationRoutes.list, async (c) => {
  const q = c.req.valid('query');
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  const filter = {
    ...(q.district !== undefined ? { district: code(DISTRICTS, q.district, 'district') } : {}),
    ...(q.category !== undefined ? { category: code(CATEGORIES, q.category, 'category') } : {}),
    ...(q.field !== undefined ? { field: code(FIELDS, q.field, 'field') } : {}),
    ...(q.status !== undefined ? { status: q.status } : {}),
  };
  const page = await listApplications(serviceContext(c), filter, limit, q.nextToken);
  return c.json({ items: page.items.map((a) => presentApplication(a)), ...(page.nextToken ? { nextToken: page.nextToken } : {}) }, 200);
});

serve(applications, applicationRoutes.get, async (c) => {
  const id = c.req.valid('param').id;
  return c.json(presentApplicationView(await getApplication(serviceContext(c), id)), 200);
});

serve(applications, applicationRoutes.rate, async (c) => {
  const b = c.req.valid('json');
  const approvedInitial = optionalFen(b.approvedInitial, 'approvedInitial');
  const rated = await rateApplication(serviceContext(c, 200, presentApplication), c.req.valid('param').id, date(b.ratingDate, 'ratingDate'), approvedInitial);
  return c.json(presentApplication(rated), 200);
});

serve(applications, applicationRoutes.history, async (c) => {
  const events = await applicationHistory(serviceContext(c), c.req.valid('param').id);
  return c.json({ items: events.map(presentEvent) }, 200);
});
