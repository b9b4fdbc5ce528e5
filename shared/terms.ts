/** Reading raw input (cells, JSON) into typed application terms, collecting a problem per bad field. */
import { CATEGORIES, lookupCode, lookupOptionalCode, TALENTS } from './codes.js';
import { parseCalendarDate, DEFAULT_TIME_ZONE } from './dates.js';
import type { Problem, Result } from './result.js';
import type { ApplicationTerms } from './schedule.js';

export interface RawTerms {
  readonly category: unknown;
  readonly ratingDate: unknown;
  readonly talent?: unknown;
}

export function parseTerms(raw: RawTerms, timeZone: string = DEFAULT_TIME_ZONE): Result<ApplicationTerms> {
  const category = lookupCode(CATEGORIES, raw.category, 'category');
  const ratingDate = parseCalendarDate(raw.ratingDate, 'ratingDate', timeZone);
  const talent = lookupOptionalCode(TALENTS, raw.talent, 'talent');
  if (category.ok && ratingDate.ok && talent.ok) {
    return { ok: true, value: { category: category.value, ratingDate: ratingDate.value, talent: talent.value } };
  }
  const problems: Problem[] = [];
  for (const r of [category, ratingDate, talent]) if (!r.ok) problems.push(...r.problems);
  return { ok: false, problems };
}
