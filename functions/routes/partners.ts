/**
 * Partners towards the goal of 100 (一; CONTRACT.md §3): GET /partners, the partner organisations counted, and
 * POST /partners/merge, two names of one organisation counted once. Served by the partners function (not reports:
 * a merge writes, and the summary's function keeps its read-only grant).
 */
import { DISTRICTS } from '../../shared/index.js';
import type { Role } from '../domain/records.js';
import { ErrorAnswer, PartnerMergeAnswer, PartnersAnswer } from '../http/answers.js';
import { resource, serviceContext } from '../http/app.js';
import { READERS } from '../http/auth.js';
import { code } from '../http/parse.js';
import { presentMerge, presentPartner } from '../http/present-partners.js';
import { defineRoute, serve } from '../http/route.js';
import { PartnerMergeBody, ScopeQuery } from '../http/schemas.js';
import { listPartners, mergePartners } from '../services/partners.js';

/** Who may merge partners: the city's staff (CONTRACT.md §3: admin or municipal), not a district, not a viewer. */
const MERGERS: readonly Role[] = ['admin', 'municipal'];

export const partnerRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/partners',
    summary: 'the partner organisations counted towards the goal (一), each with the names merged into it; a district key: its district\'s',
    roles: READERS,
    request: { query: ScopeQuery },
    responses: { 200: { description: 'the partners, earliest rated first', schema: PartnersAnswer } },
  }),
  merge: defineRoute({
    method: 'post',
    path: '/partners/merge',
    summary: 'admin or municipal: from now on `name` counts as `into` (a partner counted towards the goal), in the city and every district, at once',
    roles: MERGERS,
    idempotent: true,
    request: { body: PartnerMergeBody },
    responses: {
      200: { description: 'merged', schema: PartnerMergeAnswer },
      409: { description: 'CONFLICT: `name` is already merged (or counted in too many districts for one transaction)', schema: ErrorAnswer },
    },
  }),
};

export const partners = resource();

serve(partners, partnerRoutes.list, async (c) => {
  const q = c.req.valid('query');
  const items = await listPartners(serviceContext(c), q.district === undefined ? undefined : code(DISTRICTS, q.district, 'district'));
  return c.json({ items: items.map(presentPartner) }, 200);
});

serve(partners, partnerRoutes.merge, async (c) => {
  const b = c.req.valid('json');
  const merge = await mergePartners(serviceContext(c, 200, presentMerge), b.name.trim(), b.into.trim(), b.reason?.trim());
  return c.json(presentMerge(merge), 200);
});
