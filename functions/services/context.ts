/** What every service call gets: the store (port), who is asking, and the clock. */
import { randomBytes } from 'node:crypto';
import { DEFAULT_TIME_ZONE, DISTRICT_LABELS, dateInTimeZone, type CalendarDate, type District } from '../../shared/index.js';
import type { Principal, SummaryScope } from '../domain/records.js';
import { forbidden } from '../domain/errors.js';
import type { FactAnswer, Store } from '../store/store.js';

/** `R`: what the call's fact results in (the record its route presents); `never` for calls that commit no fact. */
export interface ServiceContext<R = never> {
  readonly store: Store;
  readonly principal: Principal;
  readonly now: () => Date;
  /** Where the request has an Idempotency-Key: its answer made from the fact's result, to commit with the fact. */
  readonly answer?: (result: R) => FactAnswer;
}

/** Ids are random and sortable enough to read in logs: a prefix and 16 url-safe characters. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** A district key sees and writes only its own district (CONTRACT.md §3, 403 otherwise). */
export function ensureDistrict(principal: Principal, district: District, field?: string): void {
  if (principal.role === 'district' && principal.district !== district) {
    const own = principal.district ?? '?';
    const label = (d: District | undefined) => (d === undefined ? '?' : DISTRICT_LABELS[d]);
    throw forbidden(`this key may only work on district ${own}`, `此密钥只能处理本区县（${label(principal.district)}）的申请，不能处理${label(district)}的`, field);
  }
}


/** Today in Chongqing (Asia/Shanghai): the latest date a receipt, a payment or support offered may carry. */
export function today(ctx: { readonly now: () => Date }): CalendarDate {
  const date = dateInTimeZone(ctx.now(), DEFAULT_TIME_ZONE);
  if (date === undefined) throw new Error('the clock gives no date');
  return date;
}

/**
 * The scope a key reads (summary, partners, listing): a district key its own district (asking for another is 403);
 * another key the city, or the district it asks for.
 */
export function readScope(principal: Principal, asked: District | undefined): SummaryScope {
  if (principal.role !== 'district') return asked ?? 'ALL';
  if (principal.district === undefined) throw forbidden('this district key has no district', '此区县密钥未设区县');
  if (asked !== undefined) ensureDistrict(principal, asked, 'district');
  return principal.district;
}
