/**
 * What the API answers, as zod/mini schemas declared once. Nothing validates answers at run time: tsc checks each
 * handler's answer against its route's (./route.ts `RouteAnswer`, from `z.output` of these), ./present.ts is typed by
 * them, the tests check live answers against /openapi.json, and the add-on's client types are generated from the
 * document (sheets-addon/src/api-types.ts).
 */
import * as z from 'zod/mini';
import { ApplicationStatus, doc, Int } from './schemas.js';

const YuanOut = doc(z.number(), { description: 'yuan (元), exact to the fen' });

const ErrorCode = z.enum(['INVALID', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CAP_EXCEEDED', 'CONFLICT', 'DUPLICATE', 'TOO_LARGE', 'INTERNAL']);
export const ErrorAnswer = doc(
  z.object({
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      field: z.optional(z.string()),
      reason: z.optional(doc(z.string(), { description: "the rules module's problem code, e.g. TOO_PRECISE, AFTER_PLAN" })),
      messageZh: z.optional(z.string()),
      clause: z.optional(z.string()),
      existingId: z.optional(doc(z.string(), { description: 'DUPLICATE: the id of the record that already exists' })),
    }),
  }),
  { id: 'ErrorBody' },
);

export const HealthAnswer = doc(z.object({ ok: z.literal(true) }), { id: 'Health' });

const Warning = z.object({ code: z.string(), field: z.string(), message: z.string(), messageZh: z.string() });
const ScheduleRow = doc(z.object({ year: Int(), item: z.string(), cap: YuanOut, clause: z.string() }), { id: 'ScheduleRow' });

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
export const PolicyAnswer = doc(
  z.object({
    edition: z.string(),
    docNo: z.string(),
    title: z.string(),
    parameters: z.array(
      z.object({
        name: z.string(),
        value: ParameterValue,
        unit: z.optional(z.string()),
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
const LedgerLine = z.object({ item: z.string(), year: Int(), paid: YuanOut, cap: YuanOut });

export const SupportAnswer = doc(
  z.object({
    id: z.string(),
    applicationId: z.string(),
    kind: z.string(),
    kindZh: z.string(),
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
    partner: z.object({ name: z.string(), type: z.string(), country: z.string() }),
    category: z.string(),
    district: z.string(),
    field: z.string(),
    talent: z.optional(z.string()),
    legalPerson: z.boolean(),
    requestedAmount: z.optional(YuanOut),
    status: ApplicationStatus,
    rating: z.optional(Rating),
    payments: doc(z.optional(z.array(LedgerLine)), { description: 'paid so far per item·year (GET one only)' }),
    support: doc(z.optional(z.array(SupportAnswer)), { description: 'support that is not money offered to it, oldest first (GET one only)' }),
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
    year: Int(),
    amount: YuanOut,
    paidToDate: doc(YuanOut, { description: "this item·year's payments including this one" }),
    cap: YuanOut,
    createdAt: z.string(),
  }),
  { id: 'Payment' },
);

export const AchievementAnswer = doc(
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
  }),
  { id: 'Receipt' },
);

const HistoryItem = z.object({ at: z.string(), keyId: z.string(), type: z.string(), reason: z.optional(z.string()), data: doc(z.record(z.string(), z.unknown()), { description: 'what changed, in the shape of the answer that recorded it' }) });
export const HistoryAnswer = doc(z.object({ items: z.array(HistoryItem) }), { id: 'History' });

const Counts = z.record(z.string(), z.number());
export const SummaryAnswer = doc(
  z.object({
    scope: doc(z.string(), { description: 'ALL, or the district of a district key' }),
    applications: Int(),
    rated: Int(),
    partnersIntroduced: Int(),
    goal: Int(),
    byDistrict: Counts,
    byCategory: Counts,
    byField: Counts,
    committedByYear: doc(Counts, { description: 'yuan per year: the payable caps of rated applications' }),
    paidByYear: doc(Counts, { description: 'yuan per year' }),
    transferReceived: YuanOut,
    transferSubsidy: YuanOut,
    support: doc(Counts, { description: 'support that is not money (三(八), 三(九)): records per kind' }),
  }),
  { id: 'Summary' },
);

export const KeyAnswer = doc(
  z.object({
    id: z.string(),
    key: doc(z.string(), { description: 'shown this once; stored only as a hash' }),
    role: z.string(),
    district: z.nullable(z.string()),
  }),
  { id: 'Key' },
);
