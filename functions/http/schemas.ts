/**
 * What clients send: every body, query and path of CONTRACT.md §3 as a zod/mini schema, declared once. They check
 * shape and types (naming the field); codes, yuan and dates are then read by the rules module (./parse.ts), which
 * names the field too. Handlers get `z.output` of these (./route.ts); /openapi.json is generated from these same
 * values (./openapi.ts). The answers are in ./answers.ts.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { AMOUNT_TEXT_MAX, CURRENT_EDITION } from '../../shared/index.js';

// zod/mini installs no message locale (classic zod installs `en`): English messages, the rules module gives 中文.
z.config(en());

/** OpenAPI metadata, read by the generator from zod's registry: `id` makes the schema a component. */
type Doc = {
  readonly id?: string;
  readonly description?: string;
  readonly example?: unknown;
  /** Said where the check is one JSON Schema cannot read from zod (a bound in characters: see `Text`). */
  readonly maxLength?: number;
  /** Said where zod's type is one JSON Schema cannot read (see `JsonNumber`). */
  readonly type?: 'number';
};

/** A copy of `schema` carrying `meta` (a copy, so one schema documented in two places keeps each description). */
export function doc<T extends z.ZodMiniType>(schema: T, meta: Doc): T {
  const copy = schema.check() as T;
  z.globalRegistry.add(copy, meta);
  return copy;
}

const str = (...checks: z.core.$ZodCheck<string>[]) => z.string().check(...checks);
export const Int = () => z.number().check(z.int());

const codeOf = (what: string, example: string) =>
  doc(str(z.maxLength(200)), { description: `${what}: the code (any case) or its 中文 label (POLICY.md)`, example });

const Category = codeOf('category', 'HIGH_END_RD_INSTITUTION');
const District = codeOf('district', 'YUBEI');
const Field = codeOf('key field', 'BIG_DATA');
const Talent = codeOf('top talent (三(六))', 'CAS_ACADEMICIAN');
const PartnerType = codeOf('partner type', 'DOMESTIC_UNIVERSITY');
const ItemCode = codeOf('support item', 'INITIAL_GRANT');

/**
 * Any JSON number, ±Infinity too: `1e400` parses as Infinity, which `z.number()` refuses as "not a number"; parseYuan
 * says what is wrong with it (too large).
 */
const JsonNumber = doc(z.custom<number>((value) => typeof value === 'number'), { type: 'number' });
/**
 * Yuan as a JSON number, exact to the fen: at most 2 decimals (floating-point noise of a whole fen is that fen), not
 * negative (checked by parseYuan). Text such as "1,234.56" is read the way the spreadsheet reads it (commas only between
 * groups of three digits), so the same vectors hold for both front doors. Text past AMOUNT_TEXT_MAX is refused by
 * parseYuan too (documented here as maxLength), with the sheet's message.
 */
const Yuan = doc(z.union([JsonNumber, doc(z.string(), { maxLength: AMOUNT_TEXT_MAX })]), {
  description: 'yuan (元) as a number (or text like "1,234.56", commas only between groups of three digits), at most 2 decimals, not negative',
  example: 1000000,
});
/**
 * An optional amount (`what` it is): absent, null, '' or only spaces is none, as a blank cell is (./parse.ts
 * `optionalFen`); `blank` says what that means where it means more.
 */
const OptionalYuan = (what: string, blank = 'absent, null or blank is none') =>
  doc(z.nullish(Yuan), {
    description: `${what}: yuan (元) as a number (or text like "1,234.56", commas only between groups of three digits), at most 2 decimals, not negative; ${blank}`,
  });
const DateText = doc(str(z.maxLength(40)), { description: 'calendar date YYYY-MM-DD', example: '2020-06-30' });

/** Characters as staff count them: Unicode code points (`'𠮷'.length` is 2 UTF-16 units, and one character). */
export function characters(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** How long an institution's or a partner's name may be, in characters (CONTRACT.md §3). */
export const NAME_MAX = 200;

/**
 * Text staff type, not blank and at most `max` characters counted as code points (zod's maxLength counts UTF-16
 * units, which would count a rare CJK character such as 𠮷 twice). Past it: 400 naming the field, the message in
 * English and (`params.messageZh`, carried by ./route.ts) in 中文. JSON Schema's maxLength counts code points too.
 */
const Text = (max: number, label: { readonly en: string; readonly zh: string }) =>
  doc(
    str(
      z.minLength(1),
      z.regex(/\S/, 'must not be blank'),
      z.refine((s: string) => s.length <= max || characters(s) <= max, {
        error: `${label.en} must be at most ${max} characters`,
        params: { messageZh: `${label.zh}不得超过 ${max} 个字符` },
      }),
    ),
    { maxLength: max },
  );

const Id = doc(str(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'not an id')), { example: 'app_3kF9xQ2mZ7aP1bC4' });
export const IdParams = z.object({ id: Id });
/** A receipt of an achievement: `/achievements/{id}/receipts/{receiptId}`. */
export const ReceiptParams = z.object({ id: Id, receiptId: Id });

/** The `Idempotency-Key` header of the write routes (functions/idempotency checks it with this). */
export const IdempotencyKey = str(z.minLength(1), z.maxLength(200), z.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII'));

export const CalculateBody = doc(z.strictObject({ category: Category, ratingDate: DateText, talent: z.nullish(Talent) }), { id: 'CalculateRequest' });
export const TransferBody = doc(
  z.strictObject({ received: Yuan, receivedBefore: OptionalYuan('what the same achievement received before (none: 0)') }),
  { id: 'TransferSubsidyRequest' },
);

const PartnerIn = z.strictObject({
  name: Text(NAME_MAX, { en: 'partner name', zh: '合作方名称' }),
  type: PartnerType,
  country: Text(100, { en: 'partner country', zh: '合作方国别' }),
});
export const ApplicationBody = doc(
  z.strictObject({
    institution: Text(NAME_MAX, { en: 'institution name', zh: '机构名称' }),
    partner: PartnerIn,
    category: Category,
    district: District,
    field: Field,
    talent: z.nullish(Talent),
    legalPerson: z.boolean(),
    ratingDate: doc(z.nullish(DateText), { description: 'given: the application is recorded already rated on that date; absent, null or blank is none' }),
    approvedInitial: OptionalYuan('with ratingDate only: the approved (核定) initial grant, the INITIAL_GRANT row\'s approval'),
    requestedAmount: OptionalYuan('the amount applied for'),
  }),
  { id: 'ApplicationRequest' },
);

/** WITHDRAWN (by the applicant) and REJECTED (by the office) are final: only a SUBMITTED application gets there. */
export const ApplicationStatus = z.enum(['SUBMITTED', 'RATED', 'WITHDRAWN', 'REJECTED']);

/** Why a correction is made (an amendment, a withdrawal, a rejection): kept in the history. */
const Reason = Text(500, { en: 'reason', zh: '原因' });

/**
 * PATCH /applications/{id}: any creation field but `ratingDate` (and `approvedInitial`), with the reason. Fields given
 * replace the stored ones; `partner` is amended per field (`{"partner": {"country": "DE"}}` keeps its name and type);
 * `talent: null` removes the talent, `requestedAmount: null` (or blank) the amount applied for. At least one field besides `reason`.
 */
export const AmendBody = doc(
  z.strictObject({
    institution: z.optional(Text(NAME_MAX, { en: 'institution name', zh: '机构名称' })),
    partner: doc(
      z.optional(
        z.strictObject({
          name: z.optional(Text(NAME_MAX, { en: 'partner name', zh: '合作方名称' })),
          type: z.optional(PartnerType),
          country: z.optional(Text(100, { en: 'partner country', zh: '合作方国别' })),
        }),
      ),
      { description: 'the partner fields to change; those not given are kept' },
    ),
    category: z.optional(Category),
    district: z.optional(District),
    field: z.optional(Field),
    talent: doc(z.nullish(Talent), { description: 'null removes the talent' }),
    legalPerson: z.optional(z.boolean()),
    requestedAmount: OptionalYuan('the amount applied for', 'null or blank removes it, absent keeps it'),
    reason: Reason,
  }),
  { id: 'AmendRequest' },
);

/** POST /applications/{id}/withdraw and /reject. */
export const CloseBody = doc(z.strictObject({ reason: Reason }), { id: 'CloseRequest' });

/** POST /applications/{id}/support (三(八), 三(九)). */
export const SupportBody = doc(
  z.strictObject({
    kind: codeOf('support kind', 'CREDIT_LOAN'),
    date: DateText,
    note: z.optional(Text(500, { en: 'note', zh: '备注' })),
  }),
  { id: 'SupportRequest' },
);

export const ListQuery = z.strictObject({
  district: z.optional(District),
  category: z.optional(Category),
  status: z.optional(ApplicationStatus),
  field: z.optional(Field),
  nextToken: z.optional(str(z.maxLength(4096))),
  // 1–100 written in at most 3 digits (`7`, `07`, `100`).
  limit: doc(z.optional(str(z.regex(/^(?:0{0,2}[1-9]|0?[1-9]\d|100)$/, 'limit must be 1–100'))), { description: '1–100, default 50' }),
});

/**
 * The scope read (GET /reports/summary, /reports/export.xlsx, /partners): absent, the city; or one district (a district
 * key: its own only).
 */
export const ScopeQuery = z.strictObject({ district: z.optional(District) });

export const RatingBody = doc(
  z.strictObject({ ratingDate: DateText, approvedInitial: OptionalYuan('the approved (核定) initial grant, the INITIAL_GRANT row\'s approval') }),
  { id: 'RatingRequest' },
);
const Year = Int().check(z.gte(1000), z.lte(9999));
export const PaymentBody = doc(
  z.strictObject({
    item: ItemCode,
    year: Year,
    amount: Yuan,
    paidOn: doc(z.nullish(DateText), { description: `the date it was paid: not before ${CURRENT_EDITION.window.start.value}, not after today (Asia/Shanghai); absent, null or blank is none` }),
    voucher: z.optional(Text(100, { en: 'voucher number', zh: '凭证号' })),
  }),
  { id: 'PaymentRequest' },
);
export const ApprovalBody = doc(
  z.strictObject({
    item: ItemCode,
    year: Year,
    amount: Yuan,
    document: doc(z.optional(Text(200, { en: 'approval document number', zh: '批复文号' })), { description: '批复文号: required for a case-by-case (一事一议) row' }),
    reason: z.optional(Text(1000, { en: 'reason', zh: '原因' })),
  }),
  { id: 'ApprovalRequest' },
);
export const VoidBody = doc(z.strictObject({ reason: Text(1000, { en: 'reason', zh: '原因' }) }), { id: 'VoidRequest' });
export const PaymentParams = z.object({ id: Id, paymentId: Id });
export const AchievementBody = doc(
  z.strictObject({ applicationId: Id, title: Text(500, { en: 'achievement title', zh: '成果名称' }), contractNo: Text(100, { en: 'contract number', zh: '合同编号' }) }),
  { id: 'AchievementRequest' },
);
export const ReceiptBody = doc(z.strictObject({ date: DateText, amount: Yuan, voucher: z.optional(Text(100, { en: 'voucher', zh: '凭证号' })) }), { id: 'ReceiptRequest' });
/** Why a receipt is voided (a correction keeps who, when and why). */
export const ReceiptVoidBody = doc(z.strictObject({ reason: Text(500, { en: 'reason', zh: '作废原因' }) }), { id: 'ReceiptVoidRequest' });

/** The roles a key may be made with (the admin key is not made: it is configured, README). */
export const KeyRole = z.enum(['municipal', 'district', 'viewer']);
/**
 * Who holds a key (`渝北区科技局 张三`): required, trimmed, 1–200 characters. A missing one, or one not text, is refused
 * in both languages (checks of their own, run before the type's: zod's own "expected string" has no 中文).
 */
const KEY_LABEL_MAX = 200;
const KeyLabel = z.pipe(
  z.unknown().check(
    // A value of another type was given: say so (not "required"); the first issue is the one answered.
    z.refine((v) => v === undefined || v === null || typeof v === 'string', {
      error: 'label must be text: who holds the key, e.g. 渝北区科技局 张三',
      params: { messageZh: 'label（密钥持有人）须为文本，例如：渝北区科技局 张三' },
    }),
    z.refine((v) => typeof v === 'string' && /\S/.test(v), {
      error: 'label is required: who holds the key, e.g. 渝北区科技局 张三',
      params: { messageZh: '缺少 label（密钥持有人），例如：渝北区科技局 张三' },
    }),
  ),
  z.pipe(z.string().check(z.trim()), Text(KEY_LABEL_MAX, { en: 'label', zh: '密钥持有人（label）' })),
).check();
// JSON Schema reads a pipe's input side (here `unknown`): say what it takes.
z.globalRegistry.add(KeyLabel, { type: 'string', minLength: 1, maxLength: KEY_LABEL_MAX, description: 'who holds the key, e.g. 渝北区科技局 张三', example: '渝北区科技局 张三' });
export const KeyBody = doc(z.strictObject({ role: KeyRole, district: z.optional(District), label: KeyLabel }), { id: 'KeyRequest' });

/** POST /partners/merge: from now on `name` counts as `into` (names as staff write them, compared normalised). */
export const PartnerMergeBody = doc(
  z.strictObject({
    name: doc(Text(NAME_MAX, { en: 'name', zh: '合作方名称' }), { description: 'the name merged: from now on it counts as `into`', example: 'Tsinghua University' }),
    into: doc(Text(NAME_MAX, { en: 'into', zh: '合并到的合作方名称' }), { description: 'a partner counted towards the goal (GET /partners), not itself merged', example: '清华大学' }),
    reason: z.optional(Text(1000, { en: 'reason', zh: '原因' })),
  }),
  { id: 'PartnerMergeRequest' },
);
