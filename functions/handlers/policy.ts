/** Lambda `policy`: health, the parameters, the calculators (no storage but the key lookup), and /openapi.json. */
import { CURRENT_EDITION as E, calculate, listParameters, parseTerms, toYuan, transferSubsidy, type Parameter } from '../../shared/index.js';
import { allow, createApp, lambdaHandler, openapi, READERS } from '../http/app.js';
import { openApiDocument } from '../http/openapi.js';
import { fen, must } from '../http/parse.js';
import { routes } from '../http/routes.js';

const app = createApp();

const policy = {
  edition: E.id,
  docNo: E.docNo,
  title: E.title,
  parameters: listParameters(E).map((p: Parameter<unknown>) => ({ ...p, value: p.unit === 'fen' ? toYuan(p.value as number) : p.value })),
};

openapi(app, routes.health, [], (c) => c.json({ ok: true as const }, 200));

openapi(app, routes.policy, [allow(...READERS)], (c) => c.json(policy, 200));

openapi(app, routes.calculate, [allow(...READERS)], (c) => {
  const calc = must(
    (() => {
      const terms = parseTerms(c.req.valid('json'));
      return terms.ok ? calculate(E, terms.value) : terms;
    })(),
  );
  return c.json(
    {
      edition: calc.edition.id,
      caseByCase: calc.caseByCase,
      clause: calc.clause,
      totalCap: toYuan(calc.totalCap),
      schedule: calc.schedule.map((r) => ({ year: r.year, item: r.item, cap: toYuan(r.cap), clause: r.clause })),
      warnings: calc.warnings.map((w) => ({ code: w.code, field: w.field, message: w.message, messageZh: w.messageZh })),
    },
    200,
  );
});

openapi(app, routes.transferSubsidy, [allow(...READERS)], (c) => {
  const body = c.req.valid('json');
  const received = fen(body.received, 'received');
  const before = body.receivedBefore === undefined ? 0 : fen(body.receivedBefore, 'receivedBefore');
  const s = transferSubsidy(E, received, before);
  return c.json(
    { subsidy: toYuan(s.subsidy), cumulativeReceived: toYuan(s.cumulativeReceived), cumulativeSubsidy: toYuan(s.cumulativeSubsidy), capReached: s.capReached, clause: s.clause },
    200,
  );
});

openapi(app, routes.openapi, [allow(...READERS)], async (c) => c.json(await openApiDocument(), 200));

export const handler = lambdaHandler(app);
