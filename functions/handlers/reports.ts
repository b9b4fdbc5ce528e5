/** Lambda `reports`: the summary, read from counters kept on each write. */
import { toYuan } from '../../shared/index.js';
import { allow, createApp, lambdaHandler, openapi, READERS, serviceContext } from '../http/app.js';
import { routes } from '../http/routes.js';
import { summary } from '../services/reports.js';

const app = createApp();

const inYuan = (byYear: Record<string, number>) => Object.fromEntries(Object.entries(byYear).map(([year, fen]) => [year, toYuan(fen)]));

openapi(app, routes.summary, [allow(...READERS)], async (c) => {
  const s = await summary(serviceContext(c));
  return c.json(
    {
      ...s,
      committedByYear: inYuan(s.committedByYear),
      paidByYear: inYuan(s.paidByYear),
      transferReceived: toYuan(s.transferReceived),
      transferSubsidy: toYuan(s.transferSubsidy),
    },
    200,
  );
});

export const handler = lambdaHandler(app);
