/**
 * Partners towards the goal of 100 (一 工作目标) as the cloud keeps them: each counted once per scope (the city, each
 * district) on its normalised name (POLICY.md §5 interpretations 3 and 9), and names staff merged into another
 * (POST /partners/merge), which from then on count as it. Names here are normalised (shared/ normalisePartnerName)
 * unless they say `displayName`.
 */
import type { District } from '../../shared/index.js';
import type { SummaryScope } from './records.js';

/** A partner counted in one scope: its marker. */
export interface CountedPartner {
  readonly name: string;
  readonly scope: SummaryScope;
  /** The name as the first application counting it wrote it. */
  readonly displayName: string;
  /** Rated applications naming it (or a name merged into it) in this scope. */
  readonly applications: number;
  /** YYYY-MM-DD: the earliest of their rating dates. */
  readonly firstRatedOn: string;
  readonly firstApplicationId: string;
}

/** A name merged into another: it counts as `aliasOf` (never itself an alias: a merge into a name moves its aliases too). */
export interface PartnerAlias {
  readonly name: string;
  readonly aliasOf: string;
  /** The name as the merge gave it. */
  readonly displayName: string;
  readonly mergedAt: string;
  /** The key (id) that merged it. */
  readonly mergedBy: string;
  readonly reason?: string;
}

/** What a name is in the city: counted (a marker), merged into another (an alias), or neither yet. */
export type NameInCity = { readonly kind: 'counted'; readonly partner: CountedPartner } | { readonly kind: 'alias'; readonly alias: PartnerAlias } | { readonly kind: 'unknown' };

/** What a merge of `name` into `into` reads before it is recorded. */
export interface MergeState {
  readonly name: NameInCity;
  readonly into: NameInCity;
  /** The districts where `name` is counted, with `into`'s marker there where it is counted there too. */
  readonly districts: readonly { readonly district: District; readonly name: CountedPartner; readonly into?: CountedPartner }[];
  /** Names merged into `name` earlier: they follow it into `into`. */
  readonly aliasesOfName: readonly PartnerAlias[];
}

/** One merge, as recorded (append-only) and answered. */
export interface PartnerMerge {
  readonly id: string;
  /** Normalised, and as given. */
  readonly name: string;
  readonly displayName: string;
  readonly into: string;
  /** `into` as its city marker names it. */
  readonly intoDisplayName: string;
  /** Whether `name` was counted in the city (then the city counts one partner fewer). */
  readonly counted: boolean;
  /** The districts where `name` was counted: its applications there now count as `into`; `both`: `into` was counted there too (one partner fewer there). */
  readonly districts: readonly { readonly district: District; readonly applications: number; readonly both: boolean }[];
  /** Names merged into `name` earlier, which now count as `into` (normalised). */
  readonly aliasesMoved: readonly string[];
  readonly mergedAt: string;
  readonly mergedBy: string;
  readonly reason?: string;
}
