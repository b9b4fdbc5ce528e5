/**
 * What the API answers, as zod/mini schemas declared once. Nothing validates answers at run time: tsc checks each
 * handler's answer against its route's (./route.ts `RouteAnswer`, from `z.output` of these), ./present.ts is typed by
 * them, the tests check live answers against /openapi.json, and the add-on's client types are generated from the
 * document (sheets-addon/src/api-types.ts).
 */
import * as z from 'zod/mini';
import { ApplicationStatus, doc, Int } from './schemas.js';

const YuanOut = doc(z.number(), { description: 'yuan (元), exact to the fen' });
/** A code's 中文 label, answered beside it (`"district": "YUBEI", "districtLabel": "渝北区"`; shared/codes.ts). */
const Label = (of: string) => doc(z.string(), { description: `the 中文 label of ${of}` });

const ErrorCode = z.enum(['INVALID', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CAP_EXCEEDED', 'CONFLICT', 'DUPLICATE', 'TOO_LARGE', 'INTERNAL', 'UNAVAILABLE']);
export const ErrorAnswer = doc(
  z.object({
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      field: z.optional(z.string()),
      reason: z.optional(doc(z.string(), { description: "the rules module's problem code, e.g. TOO_PRECISE, AFTER_PLAN" })),
      messageZh: doc(z.string(), { description: 'the message in 中文 (every error has one)' }),
      clause: z.optional(z.string()),
      existingId: z.optional(doc(z.string(), { description: 'DUPLICATE: the id of the record that already exists' })),
    }),
  }),
  { id: 'ErrorBody' },
);

export const HealthAnswer = doc(z.object({ ok: z.literal(true) }), { id: 'Health' });

const Warning = z.object({ code: z.string(), field: z.string(), message: z.string(), messageZh: z.string() });
const ScheduleRow = doc(z.object({ year: Int(), item: z.string(), itemLabel: Label('item'), cap: YuanOut, clause: z.string() }), { id: 'ScheduleRow' });

export const CalculateAnswer = doc(
  z.object({ edition: z.string(), caseByCase: z.boolean(), clause: z.string(), totalCap: YuanOut, schedule: z.array(ScheduleRow), warnings: z.array(Warning) }),
  { id: 'Calculation' },
);

export const TransferAnswer = doc(
  z.object({ subsidy: YuanOut, cumulativeReceived: YuanOut, cumulativeSubsidy: YuanOut, capReached: z.boolean(), clause: z.string() }),
  { id: 'TransferSubsidy' },
);

/** A parameter's value: an amount, a rate, a count, a date, a list of codes or a rule's settings. */
const ParameterValue = doc(z.unknown(), { description: 'any JSON value; amounts in yuan' });
/** Where the text is silent, a reading the project took (POLICY.md §5; shared/policy/interpretations.ts). */
const Interpretation = doc(
  z.object({
    number: doc(Int(), { description: 'its number in POLICY.md §5' }),
    summary: z.string(),
    summaryZh: doc(z.string(), { description: 'the summary in 中文' }),
    reference: doc(z.string(), { description: 'where it is written, e.g. POLICY.md §5.6' }),
  }),
  { id: 'Interpretation' },
);
export const PolicyAnswer = doc(
  z.object({
    edition: z.string(),
    docNo: z.string(),
    title: z.string(),
    parameters: z.array(
      z.object({
        name: z.string(),
        value: ParameterValue,
        unit: z.optional(doc(z.literal('yuan'), { description: 'the value is an amount of money in yuan (元), exact to the fen' })),
        effectiveFrom: z.string(),
        clause: z.string(),
        description: z.string(),
        descriptionZh: z.string(),
        interpretations: z.optional(
          doc(z.array(Interpretation), { description: "where the text is silent: the project's interpretations (POLICY.md §5) the value rests on" }),
        ),
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
const LedgerRow = doc(
  z.object({
    year: Int(),
    item: z.string(),
    itemLabel: Label('item'),
    clause: z.string(),
    cap: z.optional(doc(YuanOut, { description: 'the schedule row\'s cap; absent for a case-by-case (一事一议) row' })),
    approved: z.optional(doc(YuanOut, { description: 'the approved (核定) amount, where one is recorded' })),
    paid: doc(YuanOut, { description: 'net of voided payments' }),
    remaining: doc(YuanOut, { description: 'what may still be paid: the approved amount (else the cap) less what is paid' }),
  }),
  { id: 'LedgerRow' },
);

export const SupportAnswer = doc(
  z.object({
    id: z.string(),
    applicationId: z.string(),
    kind: z.string(),
    kindZh: doc(z.string(), { description: 'the 中文 label of kind (as kindLabel)' }),
    kindLabel: Label('kind'),
    clause: doc(z.string(), { description: '三(八) or 三(九)' }),
    date: z.string(),
    note: z.optional(z.string()),
    createdAt: z.string(),
  }),
  { id: 'Support' },
);

export const ApplicationAnswer = doc(
  z.object({
    id: z.string(),
    institution: z.string(),
    partner: z.object({ name: z.string(), type: z.string(), typeLabel: Label('type'), country: z.string() }),
    category: z.string(),
    categoryLabel: Label('category'),
    district: z.string(),
    districtLabel: Label('district'),
    field: z.string(),
    fieldLabel: Label('field'),
    talent: z.optional(z.string()),
    talentLabel: z.optional(Label('talent')),
    legalPerson: z.boolean(),
    requestedAmount: z.optional(YuanOut),
    status: ApplicationStatus,
    statusLabel: Label('status'),
    rating: z.optional(Rating),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
  { id: 'Application' },
);

export const ListAnswer = doc(z.object({ items: z.array(ApplicationAnswer), nextToken: z.optional(z.string()) }), { id: 'ApplicationPage' });

export const PaymentAnswer = doc(
  z.object({
    id: z.string(),
    applicationId: z.string(),
    item: z.string(),
    itemLabel: Label('item'),
    year: Int(),
    amount: YuanOut,
    paidToDate: doc(YuanOut, { description: "this item·year's payments including this one" }),
    cap: doc(YuanOut, { description: 'the limit it was held to: the approved amount, else the cap' }),
    paidOn: z.optional(z.string()),
    voucher: z.optional(z.string()),
    createdAt: z.string(),
    status: doc(z.enum(['RECORDED', 'VOIDED']), { description: 'VOIDED: its amount was released from its row' }),
    statusLabel: Label('status'),
    voidedAt: z.optional(z.string()),
    voidedBy: z.optional(doc(z.string(), { description: 'the key id that voided it' })),
    voidReason: z.optional(z.string()),
  }),
  { id: 'Payment' },
);

export const PaymentListAnswer = doc(z.object({ items: z.array(PaymentAnswer) }), { id: 'PaymentList' });

export const ApprovalAnswer = doc(
  z.object({
    id: z.string(),
    applicationId: z.string(),
    item: z.string(),
    itemLabel: Label('item'),
    year: Int(),
    amount: doc(YuanOut, { description: 'the approved (核定) amount: the row\'s limit from now on' }),
    sequence: doc(Int(), { description: "1, 2, 3 … per row: the latest is the row's approval" }),
    limitBefore: doc(YuanOut, { description: 'the limit it replaces (the earlier approval, else the cap; case-by-case: 0)' }),
    document: z.optional(doc(z.string(), { description: '批复文号' })),
    reason: z.optional(z.string()),
    createdAt: z.string(),
  }),
  { id: 'Approval' },
);

export const AchievementAnswer = doc(
  z.object({
    id: z.string(),
    applicationId: z.string(),
    district: z.string(),
    districtLabel: Label('district'),
    title: z.string(),
    contractNo: z.string(),
    cumulativeReceived: YuanOut,
    cumulativeSubsidy: YuanOut,
    capReached: z.boolean(),
    createdAt: z.string(),
  }),
  { id: 'Achievement' },
);

export const ReceiptAnswer = doc(
  z.object({
    id: z.string(),
    achievementId: z.string(),
    sequence: Int(),
    date: z.string(),
    amount: YuanOut,
    subsidy: YuanOut,
    cumulativeReceived: YuanOut,
    cumulativeSubsidy: YuanOut,
    capReached: z.boolean(),
    clause: z.string(),
    voucher: z.optional(z.string()),
    status: z.enum(['RECORDED', 'VOIDED']),
    statusLabel: Label('status'),
    voided: z.optional(
      doc(
        z.object({
          reason: z.string(),
          at: z.string(),
          keyId: z.string(),
          adjustment: doc(YuanOut, { description: 'the subsidy adjustment of the void (≤ 0): the cumulative subsidy after it − before it (三(七))' }),
          cumulativeReceived: doc(YuanOut, { description: "the achievement's received total right after the void (its receipts not voided)" }),
          cumulativeSubsidy: doc(YuanOut, { description: "the achievement's cumulative subsidy right after the void" }),
          capReached: z.boolean(),
        }),
        { description: 'VOIDED: who voided it, when and why, and what it did to the achievement' },
      ),
    ),
  }),
  { id: 'Receipt' },
);

/** GET /achievements/{id}: the achievement and its receipts, voided included (CONTRACT.md §3). */
export const AchievementDetailAnswer = doc(z.object({ ...AchievementAnswer.shape, receipts: z.array(ReceiptAnswer) }), { id: 'AchievementWithReceipts' });

/** GET /applications/{id}/achievements: each as GET /achievements/{id} answers it, oldest first. */
export const AchievementListAnswer = doc(z.object({ items: z.array(AchievementDetailAnswer) }), { id: 'AchievementList' });

/** GET /applications/{id}: the application and what hangs on it (CONTRACT.md §3). */
export const ApplicationViewAnswer = doc(
  z.object({
    application: ApplicationAnswer,
    ledger: doc(z.array(LedgerRow), { description: 'one row per schedule row (and per approved case-by-case row), paid or not; empty until rated' }),
    achievements: doc(z.array(AchievementDetailAnswer), { description: 'its achievements (单项成果) with their receipts, voided included, oldest first' }),
    support: doc(z.array(SupportAnswer), { description: 'support that is not money offered to it, oldest first' }),
  }),
  { id: 'ApplicationView' },
);

const HistoryItem = z.object({ at: z.string(), keyId: z.string(), keyLabel: doc(z.nullable(z.string()), { description: "who holds the key that made the change (its label then); null for events written before keys had labels" }), type: z.string(), reason: z.optional(z.string()), data: doc(z.record(z.string(), z.unknown()), { description: 'what changed, in the shape of the answer that recorded it' }) });
export const HistoryAnswer = doc(z.object({ items: z.array(HistoryItem) }), { id: 'History' });

const Counts = z.record(z.string(), z.number());
export const SummaryAnswer = doc(
  z.object({
    scope: doc(z.string(), { description: 'ALL (the city), or a district: the one asked for with ?district=, or a district key\'s own' }),
    scopeLabel: doc(z.string(), { description: '全市, or the district\'s 中文 name' }),
    applications: Int(),
    rated: Int(),
    partnersIntroduced: Int(),
    goal: Int(),
    byDistrict: Counts,
    byCategory: Counts,
    byField: Counts,
    committedByYear: doc(Counts, { description: 'yuan per year: each rated row\'s approved (核定) amount where one is recorded, else its cap (case-by-case rows: their approvals)' }),
    paidByYear: doc(Counts, { description: 'yuan per year, net of voided payments' }),
    committedByDistrict: doc(Counts, { description: 'yuan committed per district (as committedByYear); the city\'s equals the sum of its districts\'' }),
    paidByDistrict: doc(Counts, { description: 'yuan paid per district, net of voided payments' }),
    transferReceived: YuanOut,
    transferSubsidy: YuanOut,
    support: doc(Counts, { description: 'support that is not money (三(八), 三(九)): records per kind' }),
    labels: doc(z.record(z.string(), z.string()), { description: 'the 中文 label of every code used as a key above (districts, categories, fields, support kinds)' }),
  }),
  { id: 'Summary' },
);

const KeyLabel = doc(z.nullable(z.string()), { description: 'who holds the key (e.g. 渝北区科技局 张三); null for a key made before labels were required' });
const KeyFields = {
  id: z.string(),
  role: z.string(),
  roleLabel: Label('the role'),
  district: z.nullable(z.string()),
  districtLabel: doc(z.nullable(z.string()), { description: 'the district\'s 中文 label' }),
  label: KeyLabel,
};

export const KeyAnswer = doc(
  z.object({
    ...KeyFields,
    key: doc(z.string(), { description: 'shown this once; stored only as a hash' }),
    label: z.string(),
  }),
  { id: 'Key' },
);

/** A key as GET /keys lists it and its revocation answers: never the key, never its hash. */
export const KeyListing = doc(
  z.object({
    ...KeyFields,
    createdAt: z.string(),
    revokedAt: z.optional(doc(z.string(), { description: 'set once revoked: from then on the key gets 401' })),
  }),
  { id: 'KeyListing' },
);
export const KeyListAnswer = doc(z.object({ items: z.array(KeyListing) }), { id: 'KeyList' });
/** GET /keys/me: the key that asks (the admin: id `admin`). */
export const KeyMeAnswer = doc(z.object(KeyFields), { id: 'KeyMe' });
export const PartnersAnswer = doc(
  z.object({
    items: z.array(
      z.object({
        name: doc(z.string(), { description: 'as the first application counting it wrote it' }),
        normalisedName: doc(z.string(), { description: 'what names are compared on (POLICY.md §5 interpretation 9)' }),
        aliases: doc(z.array(z.string()), { description: 'names merged into it (POST /partners/merge), as the merges gave them' }),
        applications: doc(Int(), { description: 'rated applications naming it or a name merged into it (in the scope asked)' }),
        firstRatedOn: doc(z.string(), { description: 'the earliest of their rating dates, YYYY-MM-DD' }),
      }),
    ),
  }),
  { id: 'Partners' },
);

export const PartnerMergeAnswer = doc(
  z.object({
    id: z.string(),
    name: doc(z.string(), { description: 'the name merged, as given' }),
    normalisedName: z.string(),
    into: doc(z.string(), { description: 'the partner it now counts as, as its first application wrote it' }),
    intoNormalisedName: z.string(),
    counted: doc(z.boolean(), { description: 'whether the name was counted in the city (the city then counts one partner fewer)' }),
    districts: doc(
      z.array(z.object({ district: z.string(), districtLabel: z.string(), applications: Int(), both: doc(z.boolean(), { description: 'both names were counted there: one partner fewer there' }) })),
      { description: 'the districts where the name was counted: its applications there now count as `into`' },
    ),
    aliasesMoved: doc(z.array(z.string()), { description: 'names merged into `name` earlier, which now count as `into` (normalised)' }),
    mergedAt: z.string(),
    mergedBy: doc(z.string(), { description: 'the id of the key that merged' }),
    reason: z.optional(z.string()),
  }),
  { id: 'PartnerMerge' },
);
