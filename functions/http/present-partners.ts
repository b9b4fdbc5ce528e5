/** Partners as the API answers them (CONTRACT.md §3): GET /partners and POST /partners/merge. */
import type { output } from 'zod/mini';
import { DISTRICT_LABELS } from '../../shared/index.js';
import type { PartnerMerge } from '../domain/partners.js';
import type { PartnerListing } from '../services/partners.js';
import type { PartnerMergeAnswer, PartnersAnswer } from './answers.js';

/** A partner counted in the scope asked, with the names merged into it. */
export function presentPartner(p: PartnerListing): output<typeof PartnersAnswer>['items'][number] {
  return { ...p, aliases: [...p.aliases] };
}

/** A merge: both names as given and normalised, and the districts where the merged name was counted, with their labels. */
export function presentMerge(m: PartnerMerge): output<typeof PartnerMergeAnswer> {
  return {
    id: m.id,
    name: m.displayName,
    normalisedName: m.name,
    into: m.intoDisplayName,
    intoNormalisedName: m.into,
    counted: m.counted,
    districts: m.districts.map((d) => ({ district: d.district, districtLabel: DISTRICT_LABELS[d.district], applications: d.applications, both: d.both })),
    aliasesMoved: [...m.aliasesMoved],
    mergedAt: m.mergedAt,
    mergedBy: m.mergedBy,
    ...(m.reason !== undefined ? { reason: m.reason } : {}),
  };
}
