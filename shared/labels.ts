/**
 * The 中文 label of any of the policy's codes (CQ_LABEL, CONTRACT §2): a category, an item, a talent, a key field, a
 * district or a partner type, given as the code (any case) or already as its label. No code or label stands in two
 * lists (test/shared/labels-row-cap.test.ts), so the first list that knows the text answers.
 */
import { CATEGORIES, DISTRICTS, FIELDS, ITEMS, PARTNER_TYPES, TALENTS, lookupCode, type CodeList } from './codes.js';
import { fail, ok, type Result } from './result.js';

/** The code lists POLICY.md §1 names, in the order a message lists them. */
export const LABELLED_CODE_LISTS: readonly CodeList<string>[] = [CATEGORIES, ITEMS, TALENTS, FIELDS, DISTRICTS, PARTNER_TYPES];

/**
 * The label of `input` in the first of `lists` that knows it (by code or label, as `lookupCode` reads them);
 * `field` names the input in the problem. An edge may add its own lists (the add-on's row kinds).
 */
export function labelOf(input: unknown, field: string, lists: readonly CodeList<string>[] = LABELLED_CODE_LISTS): Result<string> {
  if (typeof input === 'string') {
    for (const list of lists) {
      const found = lookupCode(list, input, field);
      if (found.ok) return ok(list.labels[found.value] ?? found.value);
    }
  }
  const text = String(input ?? '').trim();
  const zh = lists.map((l) => l.kindZh).join('、');
  const en = lists.map((l) => l.kind).join(', ');
  if (text === '') return fail('REQUIRED', field, `缺少代码（${zh}）`, `a code is required (${en})`);
  return fail('UNKNOWN_CODE', field, `未知代码：${text}（应为${zh}的代码或中文名称）`, `unknown code "${text}" (not a ${en.replace(/, ([^,]*)$/, ' or $1')} code or label)`);
}
