/**
 * The zod schemas of every body, query and answer. They check shape and types (naming the field); codes, yuan and
 * dates are then read by the rules module (./parse.ts), which names the field too. /openapi.json is generated from
 * these same schemas (./routes.ts).
 */
import { z } from '@hono/zod-openapi';

const codeOf = (what: string, example: string) =>
  z.string().max(200).openapi({ description: `${what}: the code (any case) or its 中文 label (POLICY.md)`, example });

export const Category = codeOf('category', 'HIGH_END_RD_INSTITUTION');
export const District = codeOf('district', 'YUBEI');
export const Field = codeOf('key field', 'BIG_DATA');
export const Talent = codeOf('top talent (三(六))', 'CAS_ACADEMICIAN');
export const PartnerType = codeOf('partner type', 'DOMESTIC_UNIVERSITY');
export const ItemCode = codeOf('support item', 'INITIAL_GRANT');

/**
 * Yuan as a JSON number, exact to the fen: at most 2 decimals, not negative (checked by parseYuan). Text such as
 * "1,234.56" is read the way the spreadsheet reads it, so the same vectors hold for both front doors.
 */
export const Yuan = z
  .union([z.number(), z.string().max(40)])
  .openapi({ description: 'yuan (元) as a number (or text like "1,234.56"), at most 2 decimals, not negative', example: 1000000 });
export const YuanOut = z.number().openapi({ description: 'yuan (元), exact to the fen' });
export const DateText = z.string().max(40).openapi({ description: 'calendar date YYYY-MM-DD', example: '2020-06-30' });
const Text = (max: number) => z.string().min(1).max(max).regex(/\S/, 'must not be blank');

export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not an id')
  .openapi({ param: { name: 'id', in: 'path' }, example: 'app_3kF9xQ2mZ7aP1bC4' });
export const IdParams = z.object({ id: Id });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(['INVALID', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CAP_EXCEEDED', 'CONFLICT', 'TOO_LARGE', 'INTERNAL']),
      message: z.string(),
      field: z.string().optional(),
      reason: z.string().optional().openapi({ description: "the rules module's problem code, e.g. TOO_PRECISE, AFTER_PLAN" }),
      messageZh: z.string().optional(),
      clause: z.string().optional(),
    }),
  })
  .openapi('Error');

const Warning = z.object({ code: z.string(), field: z.string(), message: z.string(), messageZh: z.string() });
export const ScheduleRow = z.object({ year: z.number().int(), item: z.string(), cap: YuanOut, clause: z.string() }).openapi('ScheduleRow');

export const CalculateBody = z.strictObject({ category: Category, ratingDate: DateText, talent: Talent.nullish() }).openapi('CalculateRequest');
export const CalculateAnswer = z
  .object({
    edition: z.string(),
    caseByCase: z.boolean(),
    clause: z.string(),
    totalCap: YuanOut,
    schedule: z.array(ScheduleRow),
    warnings: z.array(Warning),
  })
  .openapi('Calculation');

export const TransferBody = z.strictObject({ received: Yuan, receivedBefore: Yuan.optional() }).openapi('TransferSubsidyRequest');
export const TransferAnswer = z
  .object({ subsidy: YuanOut, cumulativeReceived: YuanOut, cumulativeSubsidy: YuanOut, capReached: z.boolean(), clause: z.string() })
  .openapi('TransferSubsidy');

export const PolicyAnswer = z
  .object({
    edition: z.string(),
    docNo: z.string(),
    title: z.string(),
    parameters: z.array(
      z.object({
        name: z.string(),
        value: z.unknown().openapi({ description: 'amounts in yuan' }),
        effectiveFrom: z.string(),
        clause: z.string(),
        description: z.string(),
        descriptionZh: z.string(),
        interpretation: z.boolean().optional(),
      }),
    ),
  })
  .openapi('Policy');

const PartnerIn = z.strictObject({ name: Text(300), type: PartnerType, country: Text(100) });
export const ApplicationBody = z
  .strictObject({
    institution: Text(300),
    partner: PartnerIn,
    category: Category,
    district: District,
    field: Field,
    talent: Talent.nullish(),
    legalPerson: z.boolean(),
    ratingDate: DateText.optional().openapi({ description: 'given: the application is recorded already rated on that date' }),
    requestedAmount: Yuan.optional(),
  })
  .openapi('ApplicationRequest');

const Rating = z.object({
  ratingDate: z.string(),
  approvedInitial: YuanOut.optional(),
  edition: z.string(),
  caseByCase: z.boolean(),
  totalCap: YuanOut,
  schedule: z.array(ScheduleRow),
  warnings: z.array(Warning),
});
const LedgerLine = z.object({ item: z.string(), year: z.number().int(), paid: YuanOut, cap: YuanOut });
export const ApplicationAnswer = z
  .object({
    id: z.string(),
    institution: z.string(),
    partner: z.object({ name: z.string(), type: z.string(), country: z.string() }),
    category: z.string(),
    district: z.string(),
    field: z.string(),
    talent: z.string().optional(),
    legalPerson: z.boolean(),
    requestedAmount: YuanOut.optional(),
    status: z.enum(['SUBMITTED', 'RATED']),
    rating: Rating.optional(),
    payments: z.array(LedgerLine).optional().openapi({ description: 'paid so far per item·year (GET one only)' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Application');

export const ListQuery = z.strictObject({
  district: District.optional(),
  category: Category.optional(),
  status: z.enum(['SUBMITTED', 'RATED']).optional(),
  field: Field.optional(),
  nextToken: z.string().max(4096).optional(),
  limit: z.string().regex(/^\d{1,3}$/, 'limit must be 1–100').optional().openapi({ description: '1–100, default 50' }),
});
export const ListAnswer = z.object({ items: z.array(ApplicationAnswer), nextToken: z.string().optional() }).openapi('ApplicationPage');

export const RatingBody = z.strictObject({ ratingDate: DateText, approvedInitial: Yuan.optional() }).openapi('RatingRequest');

export const PaymentBody = z.strictObject({ item: ItemCode, year: z.number().int().min(1000).max(9999), amount: Yuan }).openapi('PaymentRequest');
export const PaymentAnswer = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    item: z.string(),
    year: z.number().int(),
    amount: YuanOut,
    paidToDate: YuanOut.openapi({ description: "this item·year's payments including this one" }),
    cap: YuanOut,
    createdAt: z.string(),
  })
  .openapi('Payment');

export const HistoryAnswer = z
  .object({
    items: z.array(z.object({ at: z.string(), keyId: z.string(), type: z.string(), data: z.record(z.string(), z.unknown()) })),
  })
  .openapi('History');

export const AchievementBody = z.strictObject({ applicationId: Id, title: Text(500), contractNo: Text(100) }).openapi('AchievementRequest');
export const AchievementAnswer = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    district: z.string(),
    title: z.string(),
    contractNo: z.string(),
    cumulativeReceived: YuanOut,
    cumulativeSubsidy: YuanOut,
    capReached: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Achievement');

export const ReceiptBody = z.strictObject({ date: DateText, amount: Yuan }).openapi('ReceiptRequest');
export const ReceiptAnswer = z
  .object({
    id: z.string(),
    achievementId: z.string(),
    sequence: z.number().int(),
    date: z.string(),
    amount: YuanOut,
    subsidy: YuanOut,
    cumulativeReceived: YuanOut,
    cumulativeSubsidy: YuanOut,
    capReached: z.boolean(),
    clause: z.string(),
  })
  .openapi('Receipt');

const Counts = z.record(z.string(), z.number());
export const SummaryAnswer = z
  .object({
    scope: z.string().openapi({ description: 'ALL, or the district of a district key' }),
    applications: z.number().int(),
    rated: z.number().int(),
    partnersIntroduced: z.number().int(),
    goal: z.number().int(),
    byDistrict: Counts,
    byCategory: Counts,
    byField: Counts,
    committedByYear: Counts.openapi({ description: 'yuan per year: the payable caps of rated applications' }),
    paidByYear: Counts.openapi({ description: 'yuan per year' }),
    transferReceived: YuanOut,
    transferSubsidy: YuanOut,
  })
  .openapi('Summary');

export const KeyBody = z.strictObject({ role: z.enum(['municipal', 'district', 'viewer']), district: District.optional() }).openapi('KeyRequest');
export const KeyAnswer = z
  .object({ id: z.string(), key: z.string().openapi({ description: 'shown this once; stored only as a hash' }), role: z.string(), district: z.string().nullable() })
  .openapi('Key');

export const HealthAnswer = z.object({ ok: z.literal(true) });
