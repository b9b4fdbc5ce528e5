/** The policy (CONTRACT.md §3): health, the parameters, the calculators (no storage but the key lookup), /openapi.json. */
import { CATEGORIES, CURRENT_EDITION as E, TALENTS, calculate, formatRate, interpretation, listParameters, parseTerms, toYuan, transferSubsidy, type Parameter } from '../../shared/index.js';
import { CalculateAnswer, HealthAnswer, PolicyAnswer, TransferAnswer } from '../http/answers.js';
import { resource } from '../http/app.js';
import { READERS } from '../http/auth.js';
import { fen, must, optionalFen } from '../http/parse.js';
import { presentScheduleRow } from '../http/present.js';
import { defineRoute, serve } from '../http/route.js';
import { CalculateBody, TransferBody } from '../http/schemas.js';
import { plans } from '../services/rating.js';

export const policyRoutes = {
  health: defineRoute({ method: 'get', path: '/health', summary: 'liveness (no key needed)', responses: { 200: { description: 'ok', schema: HealthAnswer } } }),
  policy: defineRoute({
    method: 'get',
    path: '/policy',
    summary: 'the parameters with their effective dates and clauses',
    roles: READERS,
    responses: { 200: { description: 'the edition in force', schema: PolicyAnswer } },
  }),
  calculate: defineRoute({
    method: 'post',
    path: '/calculate',
    summary: "one application's schedule and total cap",
    roles: READERS,
    request: { body: CalculateBody },
    responses: { 200: { description: 'the schedule', schema: CalculateAnswer } },
  }),
  transferSubsidy: defineRoute({
    method: 'post',
    path: '/calculate/transfer-subsidy',
    summary: `the ${formatRate(E.transferSubsidy.rate.value)} subsidy of one instalment (${E.transferSubsidy.rate.clause})`,
    roles: READERS,
    request: { body: TransferBody },
    responses: { 200: { description: 'the subsidy', schema: TransferAnswer } },
  }),
  openapi: defineRoute({ method: 'get', path: '/openapi.json', summary: 'this document', roles: READERS, responses: { 200: { description: 'OpenAPI 3.0 document' } } }),
};

export const policy = resource();

/** A parameter as GET /policy shows it: money in yuan, marked so; each interpretation with its summaries. */
function presentParameter(p: Parameter<unknown>) {
  return {
    name: p.name,
    value: p.unit === 'fen' ? toYuan(p.value as number) : p.value,
    ...(p.unit === 'fen' ? { unit: 'yuan' as const } : {}),
    effectiveFrom: p.effectiveFrom,
    clause: p.clause,
    description: p.description,
    descriptionZh: p.descriptionZh,
    ...(p.interpretations ? { interpretations: p.interpretations.map(interpretation) } : {}),
  };
}

const parameters = { edition: E.id, docNo: E.docNo, title: E.title, parameters: listParameters(E).map(presentParameter) };

serve(policy, policyRoutes.health, (c) => c.json({ ok: true as const }, 200));

serve(policy, policyRoutes.policy, (c) => c.json(parameters, 200));

serve(policy, policyRoutes.calculate, (c) => {
  const terms = must(parseTerms(c.req.valid('json')), { category: CATEGORIES, talent: TALENTS });
  const calc = must(calculate(E, terms, plans));
  return c.json(
    {
      edition: calc.edition.id,
      caseByCase: calc.caseByCase,
      clause: calc.clause,
      totalCap: toYuan(calc.totalCap),
      schedule: calc.schedule.map(presentScheduleRow),
      warnings: calc.warnings.map((w) => ({ code: w.code, field: w.field, message: w.message, messageZh: w.messageZh })),
    },
    200,
  );
});

serve(policy, policyRoutes.transferSubsidy, (c) => {
  const body = c.req.valid('json');
  const received = fen(body.received, 'received');
  // Blank or null is none: nothing received before (transferSubsidy's default), as in the sheet.
  const s = transferSubsidy(E, received, optionalFen(body.receivedBefore, 'receivedBefore'));
  return c.json(
    { subsidy: toYuan(s.subsidy), cumulativeReceived: toYuan(s.cumulativeReceived), cumulativeSubsidy: toYuan(s.cumulativeSubsidy), capReached: s.capReached, clause: s.clause },
    200,
  );
});

// Imported when first asked for: the document is made from every resource's routes, this file's included.
serve(policy, policyRoutes.openapi, async (c) => c.json((await import('../http/openapi.js')).openApiDocument(), 200));
