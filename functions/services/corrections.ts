/**
 * Corrections, never deletions (CONTRACT.md §3): an application still SUBMITTED may be amended (with a reason), or
 * withdrawn or rejected (final). Each is one fact with who, when and why in the history. Filing checks (shared/
 * filing.ts) hold for the amended application as for a new one, and an open application is the only one of its
 * institution, partner and category (its duplicate marker: functions/store).
 */
import { APPLICATION_STATUS_LABELS, checkFiling, CURRENT_EDITION, type Category, type District, type Fen, type KeyField, type Talent } from '../../shared/index.js';
import type { Application, Partner } from '../domain/records.js';
import { ApiError, conflict, duplicate, fromProblems } from '../domain/errors.js';
import { DuplicateHeld } from '../store/store.js';
import { readable } from './applications.js';
import { ensureDistrict, type ServiceContext } from './context.js';
import { amendmentCounts } from './counts.js';
import { trail } from './trail.js';

/** What a PATCH may change: any creation field but the rating's; absent fields are kept, null removes talent or requestedAmount. */
export interface ApplicationChanges {
  readonly institution?: string;
  readonly partner?: Partial<Partner>;
  readonly category?: Category;
  readonly district?: District;
  readonly field?: KeyField;
  readonly talent?: Talent | null;
  readonly legalPerson?: boolean;
  /** fen; null removes it (as `talent: null` does the talent) */
  readonly requestedAmount?: Fen | null;
}

/** One changed field of an amendment, as stored (fen), for the history. */
interface FieldChange {
  readonly before: unknown;
  readonly after: unknown;
}

/** 400 where the application may not be filed as it is (二(一): a high-end R&D institution must be a legal person). */
export function checkFilingOf(application: Pick<Application, 'category' | 'legalPerson'>): void {
  const problems = checkFiling(CURRENT_EDITION, { category: application.category, legalPerson: application.legalPerson });
  if (problems.length > 0) throw fromProblems(problems);
}

/** 409 DUPLICATE naming the open application of the same institution, partner and category. */
function duplicateOf(existingId: string): ApiError {
  return duplicate(
    existingId,
    'institution',
    `application ${existingId} of the same institution, partner and category is open (submitted or rated)`,
    `同一机构、合作方和类别的申请 ${existingId} 尚在办理（已提交或已评定），不得重复申报`,
  );
}

/** Runs a store call that may meet another open application's duplicate marker: that is 409 DUPLICATE. */
export async function refusingDuplicates<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DuplicateHeld) throw duplicateOf(error.holderId);
    throw error;
  }
}

/** A time after `previous` (the guard of a change conditions on updatedAt: each change must move it). */
function later(now: Date, previous: string): string {
  const before = Date.parse(previous);
  return new Date(Number.isNaN(before) ? now.getTime() : Math.max(now.getTime(), before + 1)).toISOString();
}

/** 409 unless the application is still SUBMITTED (rated, withdrawn and rejected applications are not corrected). */
function ensureSubmitted(application: Application, what: { readonly en: string; readonly zh: string }): void {
  if (application.status === 'SUBMITTED') return;
  throw conflict(
    `application ${application.id} is ${application.status}: only a SUBMITTED application can be ${what.en}`,
    'status',
    `申请 ${application.id} ${APPLICATION_STATUS_LABELS[application.status]}，只有已提交的申请可以${what.zh}`,
  );
}

/** The application with `changes` applied (fields given replace the stored ones; the partner per field). */
function amended(current: Application, changes: ApplicationChanges, at: string): Application {
  const { talent: _talent, requestedAmount: _requested, ...rest } = current;
  const talent = changes.talent === undefined ? current.talent : (changes.talent ?? undefined);
  const requestedAmount = changes.requestedAmount === undefined ? current.requestedAmount : (changes.requestedAmount ?? undefined);
  return {
    ...rest,
    institution: changes.institution ?? current.institution,
    partner: {
      name: changes.partner?.name ?? current.partner.name,
      type: changes.partner?.type ?? current.partner.type,
      country: changes.partner?.country ?? current.partner.country,
    },
    category: changes.category ?? current.category,
    district: changes.district ?? current.district,
    field: changes.field ?? current.field,
    legalPerson: changes.legalPerson ?? current.legalPerson,
    ...(talent !== undefined ? { talent } : {}),
    ...(requestedAmount !== undefined ? { requestedAmount } : {}),
    updatedAt: at,
  };
}

/** What changed, field by field (`partner.name`), before and after: the amendment's history. */
function changedFields(before: Application, after: Application): Record<string, FieldChange> {
  const read = (a: Application): Record<string, unknown> => ({
    institution: a.institution,
    'partner.name': a.partner.name,
    'partner.type': a.partner.type,
    'partner.country': a.partner.country,
    category: a.category,
    district: a.district,
    field: a.field,
    talent: a.talent,
    legalPerson: a.legalPerson,
    requestedAmount: a.requestedAmount,
  });
  const was = read(before);
  const out: Record<string, FieldChange> = {};
  for (const [name, value] of Object.entries(read(after))) {
    if (was[name] !== value) out[name] = { before: was[name] ?? null, after: value ?? null };
  }
  return out;
}

/** PATCH /applications/{id}: the amended application, its counts moved, its listing and duplicate marker following. */
export async function amendApplication(ctx: ServiceContext<Application>, id: string, changes: ApplicationChanges, reason: string): Promise<Application> {
  await readable(ctx, id);
  if (changes.district !== undefined) ensureDistrict(ctx.principal, changes.district, 'district');
  return refusingDuplicates(() =>
    ctx.store.changeApplication(id, (current) => {
      ensureDistrict(ctx.principal, current.district, 'district');
      ensureSubmitted(current, { en: 'amended', zh: '修改' });
      const after = amended(current, changes, later(ctx.now(), current.updatedAt));
      checkFilingOf(after);
      const data = { id, changes: changedFields(current, after) };
      return { application: after, trail: trail(ctx, after, id, 'APPLICATION_AMENDED', data, amendmentCounts(current, after), reason) };
    }),
  );
}

/** POST /applications/{id}/withdraw · /reject: SUBMITTED → WITHDRAWN · REJECTED, final; its duplicate marker released. */
export async function closeApplication(ctx: ServiceContext<Application>, id: string, status: 'WITHDRAWN' | 'REJECTED', reason: string): Promise<Application> {
  await readable(ctx, id);
  const what = status === 'WITHDRAWN' ? { en: 'withdrawn', zh: '撤回' } : { en: 'rejected', zh: '驳回' };
  return ctx.store.changeApplication(id, (current) => {
    ensureDistrict(ctx.principal, current.district, 'district');
    ensureSubmitted(current, what);
    const after: Application = { ...current, status, updatedAt: later(ctx.now(), current.updatedAt) };
    const type = status === 'WITHDRAWN' ? 'APPLICATION_WITHDRAWN' : 'APPLICATION_REJECTED';
    return { application: after, trail: trail(ctx, after, id, type, { id, status }, undefined, reason) };
  });
}
