/**
 * Where the text of 渝府办发〔2019〕126号 is silent and the project decided: POLICY.md §5, interpretations 1–9, each
 * with a short summary in 中文 and English. Parameters name the numbers they rest on (`Parameter.interpretations`), so
 * explanations (`CQ_EXPLAIN`) and `GET /policy` say which reading was taken; the wording here follows POLICY.md §5.
 */

/** A number of POLICY.md §5. */
export type InterpretationNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export interface Interpretation {
  readonly number: InterpretationNumber;
  readonly summary: string;
  readonly summaryZh: string;
  /** Where it is written: `POLICY.md §5.N`. */
  readonly reference: string;
}

const SUMMARIES: { readonly [N in InterpretationNumber]: { readonly summary: string; readonly summaryZh: string } } = {
  1: {
    summary: 'the performance subsidy (三(七) second sentence) applies to 科技成果转化基地（中心） (transfer bases) only, not to service organisations',
    summaryZh: '成果转化绩效后补助（三(七)第二句）仅适用于科技成果转化基地（中心），不适用于服务机构',
  },
  2: {
    summary: 'talent support is paid in the rating year',
    summaryZh: '高层次人才研发专项在评定当年支付',
  },
  3: {
    summary: 'a partner counts once towards the goal of 100, however many applications name it (matched on a normalised name)',
    summaryZh: '同一合作方无论出现在多少份申请中，对 100 家的目标只计一次（按规范化名称匹配）',
  },
  4: {
    summary: 'half-up rounding to the fen on the cumulative 5% figure',
    summaryZh: '对累计的 5% 补贴额四舍五入到分',
  },
  5: {
    summary: 'talent support (三(六): 研发机构、联合研究中心（基地）等平台) applies to every platform category of 三(一)–(三); the case-by-case categories decide it case by case',
    summaryZh: '三(六)（研发机构、联合研究中心（基地）等平台）的人才支持适用于三(一)至三(三)的每类平台；一事一议的类别逐案决定',
  },
  6: {
    summary:
      'the plan\'s window for ratings ends on 2022-12-31: the plan is titled 2019—2022 and 一 sets its goal "到 2022 年"; 六 gives only the start. A rating after it is an ERROR citing 一 and 六, flagged as this interpretation',
    summaryZh: '评定的行动计划期截至 2022-12-31：计划标题为 2019—2022 年，一 定目标“到 2022 年”；六 只规定起始日。此后的评定为 ERROR，引用 一 和 六，并标明本解释',
  },
  7: {
    summary:
      'performance subsidy years (三(七) second sentence): every performance year P from the rating year Y to 2022, each paid in P+1 (so a base rated late in 2019 has a short 2019 performance year, capped like any other)',
    summaryZh: '绩效后补助年度（三(七)第二句）：自评定年度 Y 至 2022 年的每一个绩效年度 P，均于 P+1 年支付（因此 2019 年末评定的基地 2019 绩效年度较短，上限与其他年度相同）',
  },
  8: {
    summary:
      "receipts for the 5% subsidy have no end date (the subsidy follows an introduced institution's achievements as its schedules outlive the plan), but a receipt dated before 2019-12-27 or after today is refused",
    summaryZh: '5% 补贴的到账没有截止日期（引进机构的资助计划延续至行动计划期后，补贴随其成果延续），但早于 2019-12-27 或晚于今天的到账不予受理',
  },
  9: {
    summary:
      'a partner organisation is matched on its normalised name: Unicode NFKC, case folded, format characters (zero-width, soft hyphen, direction marks) and punctuation/space dropped. The same organisation written in 中文 and in English counts twice until staff merge the names; the software never guesses translations',
    summaryZh: '合作方按规范化名称匹配：Unicode NFKC、大小写折叠、去除格式字符（零宽字符、软连字符、方向标记）及标点、空格。同一机构以中文和英文书写时，在工作人员合并名称前计为两家；软件从不猜测译名',
  },
};

/** Every interpretation of POLICY.md §5, in order. */
export const INTERPRETATIONS: readonly Interpretation[] = Object.freeze(
  (Object.keys(SUMMARIES).map(Number) as InterpretationNumber[]).map((number) => Object.freeze({ number, ...SUMMARIES[number], reference: `POLICY.md §5.${number}` })),
);

export function interpretation(number: InterpretationNumber): Interpretation {
  return INTERPRETATIONS[number - 1] as Interpretation;
}

/**
 * `本项目解释 §5.6` or `本项目解释 §5.1、§5.7` (中文 text citing interpretations), after `lead` (e.g. `；`), or '' for
 * none: the one such formatter (errors and explanations).
 */
export function citeInterpretationsZh(numbers: readonly InterpretationNumber[] = [], lead = ''): string {
  return numbers.length === 0 ? '' : `${lead}本项目解释 ${numbers.map((n) => `§5.${n}`).join('、')}`;
}

/** `interpretation 6, POLICY.md §5.6` (English text citing interpretations), after `lead`, or '' for none. */
export function citeInterpretations(numbers: readonly InterpretationNumber[] = [], lead = ''): string {
  if (numbers.length === 0) return '';
  return `${lead}${numbers.length === 1 ? 'interpretation' : 'interpretations'} ${numbers.join(', ')}, POLICY.md ${numbers.map((n) => `§5.${n}`).join(', ')}`;
}
