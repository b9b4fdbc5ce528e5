/**
 * GET /reports/summary from the counters kept on each write (one read of the scope's counter shards: its cost does not
 * grow with the number of applications). A district key reads its own district's counters; another key the city's, or
 * one district's when it asks for it.
 */
import { CURRENT_EDITION, type District, type Fen } from '../../shared/index.js';
import type { SummaryScope } from '../domain/records.js';
import { readScope, type ServiceContext } from './context.js';

export interface SummaryReport {
  readonly scope: SummaryScope;
  readonly applications: number;
  readonly rated: number;
  readonly partnersIntroduced: number;
  readonly goal: number;
  readonly byDistrict: Record<string, number>;
  readonly byCategory: Record<string, number>;
  readonly byField: Record<string, number>;
  /** fen */
  readonly committedByYear: Record<string, Fen>;
  /** fen */
  readonly paidByYear: Record<string, Fen>;
  /** fen: the scope's committed money by district (a district's summary holds its own district only) */
  readonly committedByDistrict: Record<string, Fen>;
  /** fen: paid, net of voids, by district */
  readonly paidByDistrict: Record<string, Fen>;
  /** fen */
  readonly transferReceived: Fen;
  /** fen */
  readonly transferSubsidy: Fen;
  /** Support that is not money, records per kind (三(八), 三(九)). */
  readonly support: Record<string, number>;
}

/** The summary of the city, or of `district` when one is asked for (a district key: its own only, asked or not). */
export async function summary(ctx: ServiceContext, asked?: District): Promise<SummaryReport> {
  const scope = readScope(ctx.principal, asked);
  const { counters } = await ctx.store.getSummary(scope);
  const group = (prefix: string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const key of Object.keys(counters).sort()) {
      const value = counters[key];
      if (key.startsWith(prefix) && value !== undefined && value !== 0) out[key.slice(prefix.length)] = value;
    }
    return out;
  };
  return {
    scope,
    applications: counters.applications ?? 0,
    rated: counters.rated ?? 0,
    partnersIntroduced: counters.partnersIntroduced ?? 0,
    goal: CURRENT_EDITION.goal.partners.value,
    byDistrict: group('district:'),
    byCategory: group('category:'),
    byField: group('field:'),
    committedByYear: group('committed:'),
    paidByYear: group('paid:'),
    committedByDistrict: group('committedDistrict:'),
    paidByDistrict: group('paidDistrict:'),
    transferReceived: counters.transferReceived ?? 0,
    transferSubsidy: counters.transferSubsidy ?? 0,
    support: group('support:'),
  };
}
