/**
 * Partners towards the goal of 100 (一 工作目标; CONTRACT.md §3 GET /partners, POST /partners/merge): the list of those
 * counted, and the merge of two names of one organisation, which staff decide (POLICY.md §5 interpretation 9: the
 * software never guesses translations). Names are compared normalised (shared/ normalisePartnerName).
 */
import { hasComparableName, normalisePartnerName, type District } from '../../shared/index.js';
import type { PartnerMerge } from '../domain/partners.js';
import { conflict, invalid } from '../domain/errors.js';
import { byText } from '../domain/order.js';
import { TooManyWrites } from '../store/store.js';
import { mergeCounts } from './counts.js';
import { newId, readScope, type ServiceContext } from './context.js';

/** One partner counted in a scope, as GET /partners lists it. */
export interface PartnerListing {
  /** As the first application counting it wrote it. */
  readonly name: string;
  readonly normalisedName: string;
  /** The names merged into it, as the merges gave them. */
  readonly aliases: readonly string[];
  readonly applications: number;
  readonly firstRatedOn: string;
}

/** The partners counted in the city (or a district), earliest rated first, each with the names merged into it. */
export async function listPartners(ctx: ServiceContext, district?: District): Promise<PartnerListing[]> {
  const { partners, aliases } = await ctx.store.partners(readScope(ctx.principal, district));
  const aliasesOf = new Map<string, string[]>();
  for (const alias of aliases) aliasesOf.set(alias.aliasOf, [...(aliasesOf.get(alias.aliasOf) ?? []), alias.displayName]);
  return [...partners]
    .sort(byText((p) => p.firstRatedOn, (p) => p.name))
    .map((p) => ({ name: p.displayName, normalisedName: p.name, aliases: (aliasesOf.get(p.name) ?? []).sort(), applications: p.applications, firstRatedOn: p.firstRatedOn }));
}

/**
 * From now on `name` counts as `into` (both as staff wrote them), in the city and in every district, and
 * `partnersIntroduced` is exact at once: one transaction. Refused (nothing written):
 * - 400 `name` or `into` with nothing left once normalised; the same partner once normalised;
 * - 400 `into` not counted towards the goal in the city (a merge moves counted applications onto a partner the goal
 *   already counts: a name nobody rated, or a typo, is not made a partner), or itself merged into another (merges
 *   are one deep: the answer names the partner to merge into instead; a merge into `name` later moves its aliases);
 * - 409 `name` already merged (into that partner or another).
 * `name` need not be counted yet: then only its alias is recorded, and its later ratings count as `into`.
 */
export async function mergePartners(ctx: ServiceContext<PartnerMerge>, nameGiven: string, intoGiven: string, reason: string | undefined): Promise<PartnerMerge> {
  const name = normalisePartnerName(nameGiven);
  const into = normalisePartnerName(intoGiven);
  if (!hasComparableName(nameGiven)) throw invalid('name', `"${nameGiven}" has no letters or digits to compare`, `“${nameGiven}”没有可比较的文字或数字`);
  if (!hasComparableName(intoGiven)) throw invalid('into', `"${intoGiven}" has no letters or digits to compare`, `“${intoGiven}”没有可比较的文字或数字`);
  if (name === into) {
    throw invalid('into', `"${nameGiven}" and "${intoGiven}" are already the same partner (compared normalised: "${name}")`, `“${nameGiven}”与“${intoGiven}”规范化后相同（“${name}”），已是同一合作方`);
  }
  try {
    return await ctx.store.mergePartners(name, into, (state) => {
      if (state.name.kind === 'alias') {
        const to = state.name.alias.aliasOf;
        throw conflict(`"${nameGiven}" is already merged into "${to}"`, 'name', `“${nameGiven}”已合并到“${to}”`);
      }
      if (state.into.kind === 'alias') {
        const to = state.into.alias.aliasOf;
        throw invalid('into', `"${intoGiven}" is itself merged into "${to}": merge into "${to}" instead`, `“${intoGiven}”本身已合并到“${to}”，请合并到“${to}”`);
      }
      if (state.into.kind === 'unknown') {
        throw invalid(
          'into',
          `"${intoGiven}" is not a partner counted towards the goal: merge into a partner GET /partners lists`,
          `“${intoGiven}”不是已计入目标的合作方，请合并到 GET /partners 所列的合作方`,
        );
      }
      const merge: PartnerMerge = {
        id: newId('merge'),
        name,
        displayName: nameGiven,
        into,
        intoDisplayName: state.into.partner.displayName,
        counted: state.name.kind === 'counted',
        districts: state.districts.map((d) => ({ district: d.district, applications: d.name.applications, both: d.into !== undefined })),
        aliasesMoved: state.aliasesOfName.map((a) => a.name).sort(),
        mergedAt: ctx.now().toISOString(),
        mergedBy: ctx.principal.keyId,
        ...(reason !== undefined ? { reason } : {}),
      };
      const answer = ctx.answer?.(merge);
      return { merge, trail: { counts: mergeCounts(merge), ...(answer ? { answer } : {}) } };
    });
  } catch (error) {
    if (!(error instanceof TooManyWrites)) throw error;
    throw conflict(
      `"${nameGiven}" is counted in too many districts to merge in one transaction (${error.writes} writes)`,
      'name',
      `“${nameGiven}”计入的区县过多，无法在一次事务中合并（${error.writes} 项写入）`,
    );
  }
}
