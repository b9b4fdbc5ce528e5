/**
 * An application's corrections and its support that is not money (CONTRACT.md §3): amend while SUBMITTED, withdraw,
 * reject, and support offered to a rated one. Served by the applications function (functions/handlers/applications.ts).
 */
import { CATEGORIES, DISTRICTS, FIELDS, PARTNER_TYPES, SUPPORT_KINDS, TALENTS } from '../../shared/index.js';
import { ApplicationAnswer, ErrorAnswer, SupportAnswer } from '../http/answers.js';
import { resource, serviceContext } from '../http/app.js';
import { WRITERS } from '../http/auth.js';
import { code, date, optionalCode, optionalFen, partnerName } from '../http/parse.js';
import { presentApplication, presentSupport } from '../http/present.js';
import { defineRoute, serve } from '../http/route.js';
import { AmendBody, CloseBody, IdParams, SupportBody } from '../http/schemas.js';
import { invalid } from '../domain/errors.js';
import { amendApplication, closeApplication, type ApplicationChanges } from '../services/corrections.js';
import { recordSupport } from '../services/support.js';

const noSuchApplication = { description: 'no such application', schema: ErrorAnswer };
const notSubmitted = { description: 'CONFLICT: not SUBMITTED (rated, withdrawn or rejected)', schema: ErrorAnswer };

export const correctionRoutes = {
  amend: defineRoute({
    method: 'patch',
    path: '/applications/{id}',
    summary: 'amend a SUBMITTED application, with the reason (fields given replace the stored ones; partner per field; talent null removes it)',
    roles: WRITERS,
    idempotent: true,
    request: { params: IdParams, body: AmendBody },
    responses: {
      200: { description: 'the amended application', schema: ApplicationAnswer },
      404: noSuchApplication,
      409: { description: 'CONFLICT: not SUBMITTED; DUPLICATE: another open application of the same institution, partner and category', schema: ErrorAnswer },
    },
  }),
  withdraw: defineRoute({
    method: 'post',
    path: '/applications/{id}/withdraw',
    summary: 'withdraw a SUBMITTED application (final), with the reason',
    roles: WRITERS,
    idempotent: true,
    request: { params: IdParams, body: CloseBody },
    responses: { 200: { description: 'WITHDRAWN', schema: ApplicationAnswer }, 404: noSuchApplication, 409: notSubmitted },
  }),
  reject: defineRoute({
    method: 'post',
    path: '/applications/{id}/reject',
    summary: 'reject a SUBMITTED application (final), with the reason',
    roles: WRITERS,
    idempotent: true,
    request: { params: IdParams, body: CloseBody },
    responses: { 200: { description: 'REJECTED', schema: ApplicationAnswer }, 404: noSuchApplication, 409: notSubmitted },
  }),
  support: defineRoute({
    method: 'post',
    path: '/applications/{id}/support',
    summary: 'record support that is not money offered to a RATED application (三(八), 三(九))',
    roles: WRITERS,
    idempotent: true,
    request: { params: IdParams, body: SupportBody },
    responses: { 201: { description: 'recorded', schema: SupportAnswer }, 404: noSuchApplication, 409: { description: 'CONFLICT: not RATED', schema: ErrorAnswer } },
  }),
};

export const corrections = resource();

serve(corrections, correctionRoutes.amend, async (c) => {
  const { reason, ...b } = c.req.valid('json');
  const changes: ApplicationChanges = {
    ...(b.institution !== undefined ? { institution: b.institution.trim() } : {}),
    ...(b.partner !== undefined
      ? {
          partner: {
            ...(b.partner.name !== undefined ? { name: partnerName(b.partner.name, 'partner.name') } : {}),
            ...(b.partner.type !== undefined ? { type: code(PARTNER_TYPES, b.partner.type, 'partner.type') } : {}),
            ...(b.partner.country !== undefined ? { country: b.partner.country.trim() } : {}),
          },
        }
      : {}),
    ...(b.category !== undefined ? { category: code(CATEGORIES, b.category, 'category') } : {}),
    ...(b.district !== undefined ? { district: code(DISTRICTS, b.district, 'district') } : {}),
    ...(b.field !== undefined ? { field: code(FIELDS, b.field, 'field') } : {}),
    // null (or blank) removes the talent; absent keeps it.
    ...(b.talent !== undefined ? { talent: optionalCode(TALENTS, b.talent, 'talent') ?? null } : {}),
    ...(b.legalPerson !== undefined ? { legalPerson: b.legalPerson } : {}),
    // null (or blank) removes the amount applied for; absent keeps it.
    ...(b.requestedAmount !== undefined ? { requestedAmount: optionalFen(b.requestedAmount, 'requestedAmount') ?? null } : {}),
  };
  const given = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (given.length === 0 || (given.length === 1 && given[0] === 'partner' && Object.keys(changes.partner ?? {}).length === 0)) {
    throw invalid('body', 'nothing to amend: give at least one field besides reason', '没有要修改的内容：除原因外至少填写一个字段');
  }
  const application = await amendApplication(serviceContext(c, 200, presentApplication), c.req.valid('param').id, changes, reason.trim());
  return c.json(presentApplication(application), 200);
});

serve(corrections, correctionRoutes.withdraw, async (c) => {
  const application = await closeApplication(serviceContext(c, 200, presentApplication), c.req.valid('param').id, 'WITHDRAWN', c.req.valid('json').reason.trim());
  return c.json(presentApplication(application), 200);
});

serve(corrections, correctionRoutes.reject, async (c) => {
  const application = await closeApplication(serviceContext(c, 200, presentApplication), c.req.valid('param').id, 'REJECTED', c.req.valid('json').reason.trim());
  return c.json(presentApplication(application), 200);
});

serve(corrections, correctionRoutes.support, async (c) => {
  const b = c.req.valid('json');
  const record = await recordSupport(serviceContext(c, 201, presentSupport), c.req.valid('param').id, code(SUPPORT_KINDS, b.kind, 'kind'), date(b.date, 'date'), b.note?.trim());
  return c.json(presentSupport(record), 201);
});
