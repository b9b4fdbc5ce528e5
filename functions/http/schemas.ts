/**
 * The zod schemas of every body, query and answer. They check shape and types (naming the field); codes, yuan and
 * dates are then read by the rules module (./parse.ts), which names the field too. /openapi.json is generated from
 * these same schemas (./routes.ts, ./openapi.ts).
 *
 * Written once in the functional style that `zod/mini` and classic `zod` share (`z.optional(s)`, `.check(...)`,
 * `.register(...)`) and built from whichever `z` is given: the functions validate with `zod/mini` (tree-shakable:
 * ~30 KB in a bundle against ~190 KB for classic zod), and the OpenAPI generator, which reads classic schemas, gets
 * the very same definitions built with classic zod (./openapi.ts, only where the document is made).
 */
import type * as zm from 'zod/mini';

/**
 * What the schemas are built from: these functions of `zod/mini`, or of classic `zod` (which has all of them). Named
 * one by one, not the namespace: a namespace passed as a value keeps all of zod/mini in a bundle.
 */
export type Zod = Pick<
  typeof zm,
  'array' | 'boolean' | 'enum' | 'globalRegistry' | 'gte' | 'int' | 'literal' | 'lte' | 'maxLength' | 'minLength' | 'nullable' | 'nullish' | 'number' | 'object' | 'optional' | 'record' | 'regex' | 'strictObject' | 'string' | 'union' | 'unknown'
>;

/** OpenAPI metadata, read by the generator from zod's registry: `id` makes the schema a component. */
type Doc = {
  readonly id?: string;
  readonly description?: string;
  readonly example?: unknown;
  readonly param?: { readonly name: string; readonly in: 'path' };
};

/**
 * `documented: false` leaves out the OpenAPI metadata (and the copies that carry it): validation never reads it, and
 * the functions' schemas are made at module init, where each copy costs time. The document is made from a documented
 * build (./openapi.ts).
 */
export function defineSchemas(z: Zod, { documented = true }: { readonly documented?: boolean } = {}) {
  /** A copy of `schema` carrying `meta` (a copy, so a schema documented twice keeps each description). */
  const doc = <T extends zm.ZodMiniType>(schema: T, meta: Doc): T => {
    if (!documented) return schema;
    const copy = schema.check() as T;
    z.globalRegistry.add(copy, meta);
    return copy;
  };
  const str = (...checks: zm.core.$ZodCheck<string>[]) => z.string().check(...checks);
  const int = () => z.number().check(z.int());

  const codeOf = (what: string, example: string) =>
    doc(str(z.maxLength(200)), { description: `${what}: the code (any case) or its 中文 label (POLICY.md)`, example });

  const Category = codeOf('category', 'HIGH_END_RD_INSTITUTION');
  const District = codeOf('district', 'YUBEI');
  const Field = codeOf('key field', 'BIG_DATA');
  const Talent = codeOf('top talent (三(六))', 'CAS_ACADEMICIAN');
  const PartnerType = codeOf('partner type', 'DOMESTIC_UNIVERSITY');
  const ItemCode = codeOf('support item', 'INITIAL_GRANT');

  /**
   * Yuan as a JSON number, exact to the fen: at most 2 decimals, not negative (checked by parseYuan). Text such as
   * "1,234.56" is read the way the spreadsheet reads it, so the same vectors hold for both front doors.
   */
  const Yuan = doc(z.union([z.number(), str(z.maxLength(40))]), {
    description: 'yuan (元) as a number (or text like "1,234.56"), at most 2 decimals, not negative',
    example: 1000000,
  });
  const DateText = doc(str(z.maxLength(40)), { description: 'calendar date YYYY-MM-DD', example: '2020-06-30' });
  const Text = (max: number) => str(z.minLength(1), z.maxLength(max), z.regex(/\S/, 'must not be blank'));

  const Id = doc(str(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'not an id')), {
    param: { name: 'id', in: 'path' },
    example: 'app_3kF9xQ2mZ7aP1bC4',
  });
  const IdParams = z.object({ id: Id });

  const CalculateBody = doc(z.strictObject({ category: Category, ratingDate: DateText, talent: z.nullish(Talent) }), { id: 'CalculateRequest' });
  const TransferBody = doc(z.strictObject({ received: Yuan, receivedBefore: z.optional(Yuan) }), { id: 'TransferSubsidyRequest' });
  const PartnerIn = z.strictObject({ name: Text(300), type: PartnerType, country: Text(100) });
  const ApplicationBody = doc(
    z.strictObject({
      institution: Text(300),
      partner: PartnerIn,
      category: Category,
      district: District,
      field: Field,
      talent: z.nullish(Talent),
      legalPerson: z.boolean(),
      ratingDate: doc(z.optional(DateText), { description: 'given: the application is recorded already rated on that date' }),
      requestedAmount: z.optional(Yuan),
    }),
    { id: 'ApplicationRequest' },
  );

  const ListQuery = z.strictObject({
    district: z.optional(District),
    category: z.optional(Category),
    status: z.optional(z.enum(['SUBMITTED', 'RATED'])),
    field: z.optional(Field),
    nextToken: z.optional(str(z.maxLength(4096))),
    limit: doc(z.optional(str(z.regex(/^\d{1,3}$/, 'limit must be 1–100'))), { description: '1–100, default 50' }),
  });
  const RatingBody = doc(z.strictObject({ ratingDate: DateText, approvedInitial: z.optional(Yuan) }), { id: 'RatingRequest' });

  const PaymentBody = doc(z.strictObject({ item: ItemCode, year: int().check(z.gte(1000), z.lte(9999)), amount: Yuan }), { id: 'PaymentRequest' });
  const AchievementBody = doc(z.strictObject({ applicationId: Id, title: Text(500), contractNo: Text(100) }), { id: 'AchievementRequest' });
  const ReceiptBody = doc(z.strictObject({ date: DateText, amount: Yuan }), { id: 'ReceiptRequest' });
  const KeyBody = doc(z.strictObject({ role: z.enum(['municipal', 'district', 'viewer']), district: z.optional(District) }), { id: 'KeyRequest' });

  /** The answers' schemas: only the OpenAPI document reads them, so they are made on first use (never in a function). */
  function makeAnswers() {
    const YuanOut = doc(z.number(), { description: 'yuan (元), exact to the fen' });
    const ErrorBody = doc(
      z.object({
        error: z.object({
          code: z.enum(['INVALID', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CAP_EXCEEDED', 'CONFLICT', 'TOO_LARGE', 'INTERNAL']),
          message: z.string(),
          field: z.optional(z.string()),
          reason: z.optional(doc(z.string(), { description: "the rules module's problem code, e.g. TOO_PRECISE, AFTER_PLAN" })),
          messageZh: z.optional(z.string()),
          clause: z.optional(z.string()),
        }),
      }),
      { id: 'Error' },
    );

    const Warning = z.object({ code: z.string(), field: z.string(), message: z.string(), messageZh: z.string() });
    const ScheduleRow = doc(z.object({ year: int(), item: z.string(), cap: YuanOut, clause: z.string() }), { id: 'ScheduleRow' });

    const CalculateAnswer = doc(
      z.object({
        edition: z.string(),
        caseByCase: z.boolean(),
        clause: z.string(),
        totalCap: YuanOut,
        schedule: z.array(ScheduleRow),
        warnings: z.array(Warning),
      }),
      { id: 'Calculation' },
    );

    const TransferAnswer = doc(
      z.object({ subsidy: YuanOut, cumulativeReceived: YuanOut, cumulativeSubsidy: YuanOut, capReached: z.boolean(), clause: z.string() }),
      { id: 'TransferSubsidy' },
    );

    const PolicyAnswer = doc(
      z.object({
        edition: z.string(),
        docNo: z.string(),
        title: z.string(),
        parameters: z.array(
          z.object({
            name: z.string(),
            value: doc(z.unknown(), { description: 'amounts in yuan' }),
            effectiveFrom: z.string(),
            clause: z.string(),
            description: z.string(),
            descriptionZh: z.string(),
            interpretation: z.optional(z.boolean()),
          }),
        ),
      }),
      { id: 'Policy' },
    );

    const Rating = z.object({
      ratingDate: z.string(),
      approvedInitial: z.optional(YuanOut),
      edition: z.string(),
      caseByCase: z.boolean(),
      totalCap: YuanOut,
      schedule: z.array(ScheduleRow),
      warnings: z.array(Warning),
    });
    const LedgerLine = z.object({ item: z.string(), year: int(), paid: YuanOut, cap: YuanOut });
    const ApplicationAnswer = doc(
      z.object({
        id: z.string(),
        institution: z.string(),
        partner: z.object({ name: z.string(), type: z.string(), country: z.string() }),
        category: z.string(),
        district: z.string(),
        field: z.string(),
        talent: z.optional(z.string()),
        legalPerson: z.boolean(),
        requestedAmount: z.optional(YuanOut),
        status: z.enum(['SUBMITTED', 'RATED']),
        rating: z.optional(Rating),
        payments: doc(z.optional(z.array(LedgerLine)), { description: 'paid so far per item·year (GET one only)' }),
        createdAt: z.string(),
        updatedAt: z.string(),
      }),
      { id: 'Application' },
    );

    const ListAnswer = doc(z.object({ items: z.array(ApplicationAnswer), nextToken: z.optional(z.string()) }), { id: 'ApplicationPage' });

    const PaymentAnswer = doc(
      z.object({
        id: z.string(),
        applicationId: z.string(),
        item: z.string(),
        year: int(),
        amount: YuanOut,
        paidToDate: doc(YuanOut, { description: "this item·year's payments including this one" }),
        cap: YuanOut,
        createdAt: z.string(),
      }),
      { id: 'Payment' },
    );

    const HistoryAnswer = doc(
      z.object({
        items: z.array(z.object({ at: z.string(), keyId: z.string(), type: z.string(), data: z.record(z.string(), z.unknown()) })),
      }),
      { id: 'History' },
    );

    const AchievementAnswer = doc(
      z.object({
        id: z.string(),
        applicationId: z.string(),
        district: z.string(),
        title: z.string(),
        contractNo: z.string(),
        cumulativeReceived: YuanOut,
        cumulativeSubsidy: YuanOut,
        capReached: z.boolean(),
        createdAt: z.string(),
      }),
      { id: 'Achievement' },
    );

    const ReceiptAnswer = doc(
      z.object({
        id: z.string(),
        achievementId: z.string(),
        sequence: int(),
        date: z.string(),
        amount: YuanOut,
        subsidy: YuanOut,
        cumulativeReceived: YuanOut,
        cumulativeSubsidy: YuanOut,
        capReached: z.boolean(),
        clause: z.string(),
      }),
      { id: 'Receipt' },
    );

    const Counts = z.record(z.string(), z.number());
    const SummaryAnswer = doc(
      z.object({
        scope: doc(z.string(), { description: 'ALL, or the district of a district key' }),
        applications: int(),
        rated: int(),
        partnersIntroduced: int(),
        goal: int(),
        byDistrict: Counts,
        byCategory: Counts,
        byField: Counts,
        committedByYear: doc(Counts, { description: 'yuan per year: the payable caps of rated applications' }),
        paidByYear: doc(Counts, { description: 'yuan per year' }),
        transferReceived: YuanOut,
        transferSubsidy: YuanOut,
      }),
      { id: 'Summary' },
    );

    const KeyAnswer = doc(
      z.object({ id: z.string(), key: doc(z.string(), { description: 'shown this once; stored only as a hash' }), role: z.string(), district: z.nullable(z.string()) }),
      { id: 'Key' },
    );

    const HealthAnswer = z.object({ ok: z.literal(true) });

    return { ErrorBody, HealthAnswer, PolicyAnswer, CalculateAnswer, TransferAnswer, ApplicationAnswer, ListAnswer, PaymentAnswer, HistoryAnswer, AchievementAnswer, ReceiptAnswer, SummaryAnswer, KeyAnswer };
  }
  let answers: ReturnType<typeof makeAnswers> | undefined;

  return {
    IdParams,
    CalculateBody,
    TransferBody,
    ApplicationBody,
    ListQuery,
    RatingBody,
    PaymentBody,
    AchievementBody,
    ReceiptBody,
    KeyBody,
    answers: () => (answers ??= makeAnswers()),
  };
}

export type Schemas = ReturnType<typeof defineSchemas>;
