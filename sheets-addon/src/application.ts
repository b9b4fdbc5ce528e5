/**
 * One application as the API wants it (CONTRACT §3 POST /applications), read from a sheet row or a form response:
 * codes or 中文 labels become codes, dates `YYYY-MM-DD`, amounts yuan exact to the fen. Every bad field is a problem
 * naming it, so nothing malformed is sent.
 */
import {
  CATEGORIES,
  DISTRICTS,
  FIELDS,
  PARTNER_TYPES,
  TALENTS,
  fail,
  lookupCode,
  lookupOptionalCode,
  ok,
  parseOptionalCalendarDate,
  parseOptionalYuan,
  toYuan,
  type Fen,
  type Problem,
  type Result,
} from '../../shared/index.js';
import type { ApplicationBody } from './api-client.js';
import { isBlank } from './cells.js';

/** Raw values by column key (see layout.ts APPLICATIONS). */
export type RawApplication = Readonly<Record<string, unknown>>;

/** A required text cell, trimmed; blank is REQUIRED naming the field (also read by ./row-requests.ts). */
export function text(value: unknown, field: string, zh: string): Result<string> {
  if (isBlank(value)) return fail('REQUIRED', field, `缺少${zh}`, `${field} is required`);
  return ok(String(value).trim());
}

/** A checkbox (true/false), or text 是/否, yes/no, true/false; blank is false. */
function yesNo(value: unknown, field: string): Result<boolean> {
  if (typeof value === 'boolean') return ok(value);
  if (isBlank(value)) return ok(false);
  const t = String(value).trim().toLowerCase();
  if (['是', 'yes', 'y', 'true', '1'].includes(t)) return ok(true);
  if (['否', 'no', 'n', 'false', '0'].includes(t)) return ok(false);
  return fail('INVALID_NUMBER', field, `应为“是”或“否”：${String(value)}`, `${field} must be yes or no`);
}

/** The approved (核定) initial grant: only with a rating date (POST /applications records it with the rating). */
function approvedInitialOf(value: unknown, ratingDate: Result<string | undefined>): Result<Fen | undefined> {
  const amount = parseOptionalYuan(value, 'approvedInitial');
  if (!amount.ok || amount.value === undefined || !ratingDate.ok || ratingDate.value !== undefined) return amount;
  return fail('REQUIRED', 'approvedInitial', '核定评定资助须同时填写评定日期', 'an approved initial grant needs the rating date');
}

export function applicationBody(raw: RawApplication, timeZone: string): Result<ApplicationBody> {
  const institution = text(raw.institution, 'institution', '机构名称');
  const partnerName = text(raw.partnerName, 'partner.name', '合作方名称');
  const partnerType = lookupCode(PARTNER_TYPES, raw.partnerType, 'partner.type');
  const partnerCountry = text(raw.partnerCountry, 'partner.country', '合作方国家（地区）');
  const category = lookupCode(CATEGORIES, raw.category, 'category');
  const district = lookupCode(DISTRICTS, raw.district, 'district');
  const field = lookupCode(FIELDS, raw.field, 'field');
  const talent = lookupOptionalCode(TALENTS, raw.talent, 'talent');
  const legalPerson = yesNo(raw.legalPerson, 'legalPerson');
  const ratingDate = parseOptionalCalendarDate(raw.ratingDate, 'ratingDate', timeZone);
  const requested = parseOptionalYuan(raw.requestedAmount, 'requestedAmount');
  const approved = approvedInitialOf(raw.approvedInitial, ratingDate);

  const all = [institution, partnerName, partnerType, partnerCountry, category, district, field, talent, legalPerson, ratingDate, requested, approved];
  const problems: Problem[] = all.flatMap((r) => (r.ok ? [] : r.problems));
  if (
    problems.length > 0 ||
    !institution.ok || !partnerName.ok || !partnerType.ok || !partnerCountry.ok || !category.ok ||
    !district.ok || !field.ok || !talent.ok || !legalPerson.ok || !ratingDate.ok || !requested.ok || !approved.ok
  ) {
    return { ok: false, problems };
  }
  return ok({
    institution: institution.value,
    partner: { name: partnerName.value, type: partnerType.value, country: partnerCountry.value },
    category: category.value,
    district: district.value,
    field: field.value,
    ...(talent.value ? { talent: talent.value } : {}),
    legalPerson: legalPerson.value,
    ...(ratingDate.value ? { ratingDate: ratingDate.value } : {}),
    ...(requested.value !== undefined ? { requestedAmount: toYuan(requested.value) } : {}),
    ...(approved.value !== undefined ? { approvedInitial: toYuan(approved.value) } : {}),
  });
}
