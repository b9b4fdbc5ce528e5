/**
 * The shape of a policy edition: every cap, rate, year count and date is a dated parameter naming its clause,
 * the way OpenFisca writes `values: {2019-12-27: {value, reference}}`. A successor policy is a new file of this type;
 * results name the edition they used.
 */
import type { Category, PartnerType, Talent } from '../codes.js';
import type { CalendarDate } from '../dates.js';
import type { Fen, Rate } from '../money.js';
import type { InterpretationNumber } from './interpretations.js';

export interface Parameter<T> {
  /**
   * Its path in the edition (`support.JOINT_RD_BASE.initialGrant`), set by `defineEdition`, never written by hand:
   * unique by construction, stable across editions of the same shape; how explanations and `GET /policy` refer to it.
   */
  readonly name: string;
  readonly value: T;
  /** The day this value takes effect. */
  readonly effectiveFrom: CalendarDate;
  /** Clause of the document, e.g. `三(一)`. */
  readonly clause: string;
  readonly description: string;
  readonly descriptionZh: string;
  /**
   * Where the text is silent: the POLICY.md §5 interpretations the value rests on (`[6]`: §5.6), at least one;
   * absent where the text (or POLICY.md §1–§4) says it.
   */
  readonly interpretations?: readonly [InterpretationNumber, ...InterpretationNumber[]];
  /** `fen` marks an amount of money (integer fen), so edges know to show it in yuan. */
  readonly unit?: 'fen';
}

/** A money parameter: integer fen, marked so. */
export interface MoneyParameter extends Parameter<Fen> {
  readonly unit: 'fen';
}

/** Support with caps the software computes (三(一)–(三), (六), (七)). */
export interface CappedSupport {
  readonly kind: 'CAPPED';
  /** 二: the task clause; 三: the support clause. */
  readonly taskClause: string;
  readonly clause: string;
  /** Paid in the rating year, once. */
  readonly initialGrant: MoneyParameter;
  /** Paid each year from the year after rating, for `years` years. */
  readonly annualRdSupport?: { readonly cap: MoneyParameter; readonly years: Parameter<number> };
  /** 三(七) second sentence: for performance year P, paid in P+1, for each P from the rating year to the plan's last year. */
  readonly performanceSubsidy?: { readonly cap: MoneyParameter };
  /**
   * Where the project's reading removes 三(七)'s performance subsidy from a category the text could be read to reach
   * (interpretation 1: transfer service organisations), so explanations cite it where the row is absent.
   */
  readonly performanceSubsidyApplies?: Parameter<false>;
  /** 三(六) applies: a platform led by top talent gets talent support on top. */
  readonly talentEligible: Parameter<boolean>;
  /** Partner types the text names for this category; `strict` false where the list ends in 等. */
  readonly partners?: Parameter<{ readonly types: readonly PartnerType[]; readonly strict: boolean }>;
  /** 二(一): must be an independent legal person. */
  readonly legalPersonRequired?: Parameter<boolean>;
}

/** 一事一议: recorded, never computed (三(四), (五), (九)). */
export interface CaseByCaseSupport {
  readonly kind: 'CASE_BY_CASE';
  readonly taskClause: string;
  readonly clause: string;
  /** 三(六) talent support is decided case by case too (interpretation 5), so explanations cite it where a talent is named. */
  readonly talentEligible: Parameter<'CASE_BY_CASE'>;
}

export type CategorySupport = CappedSupport | CaseByCaseSupport;

export interface Edition {
  readonly id: string;
  /** 文号, e.g. 渝府办发〔2019〕126号. */
  readonly docNo: string;
  readonly title: string;
  readonly issued: CalendarDate;
  readonly window: {
    /** Ratings and receipts dated before this are not covered (六: in force from the day it was issued). */
    readonly start: Parameter<CalendarDate>;
    /** Ratings dated after this are outside the plan (一, 六; interpretation 6). Schedules started inside run to their end. */
    readonly end: Parameter<CalendarDate>;
    /** The plan's last year: the last performance year of 三(七) (interpretation 7). */
    readonly lastYear: Parameter<number>;
  };
  readonly support: { readonly [C in Category]: CategorySupport };
  readonly talentSupport: {
    readonly cap: MoneyParameter;
    /** Paid in the rating year (interpretation 2). */
    readonly paidInRatingYear: Parameter<boolean>;
    /** Talents named in 三(六): granted automatically. */
    readonly named: Parameter<readonly Talent[]>;
    /** The list ends in 等: these need case-by-case confirmation. */
    readonly needsConfirmation: Parameter<readonly Talent[]>;
  };
  readonly transferSubsidy: {
    readonly rate: Parameter<Rate>;
    /** 单项成果补贴最高不超过 100 万元: cumulative per achievement. */
    readonly capPerAchievement: MoneyParameter;
    /** Half up to the fen, applied to the cumulative figure (interpretation 4). */
    readonly rounding: Parameter<'HALF_UP_FEN_CUMULATIVE'>;
    /**
     * Receipts have no end date (interpretation 8): dated from the plan's start (`window.start`, 六, the one source of
     * that date) and not after today, whatever the plan's end.
     */
    readonly receiptDates: Parameter<'NO_END_DATE'>;
  };
  readonly goal: {
    readonly partners: Parameter<number>;
    readonly byYear: Parameter<number>;
    /** Partners are counted once, matched on a normalised name (interpretations 3 and 9). */
    readonly countDistinctPartners: Parameter<boolean>;
  };
}

/** What an edition file writes: the edition with every parameter's `name` left out (`defineEdition` adds it). */
export type Definition<T> = T extends Parameter<unknown> ? Omit<T, 'name'> : T extends object ? { readonly [K in keyof T]: Definition<T[K]> } : T;

/** A parameter, as opposed to a group of them: it has a value, an effective date and a clause. */
export function isParameter(node: unknown): node is Parameter<unknown> {
  return node !== null && typeof node === 'object' && 'value' in node && 'effectiveFrom' in node && 'clause' in node;
}

/**
 * An edition from its definition: each parameter named by its path, so no two share a name even where the file
 * writes one definition for several places (the two categories of 三(二), the two of 三(三), the talent flag of five). Frozen.
 */
export function defineEdition(definition: Definition<Edition>): Edition {
  return named(definition, '') as Edition;
}

function named(node: unknown, path: string): unknown {
  // The name first (as listings show it), and the path even over a name carried in from another edition.
  if (isParameter(node)) return Object.freeze(Object.assign({ name: path }, node, { name: path }));
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node)) out[key] = named(child, path === '' ? key : `${path}.${key}`);
  return Object.freeze(out);
}
