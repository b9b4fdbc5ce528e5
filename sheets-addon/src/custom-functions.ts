/**
 * The CQ_ custom functions (CONTRACT §2) as thin adapters: normalise cells → call the rules → shape the 2-D array.
 * Nothing here decides policy; every amount, year and clause comes from shared/.
 */
import {
  checkApplication,
  explain,
  fail,
  isDate,
  itemCap,
  labelOf,
  LABELLED_CODE_LISTS,
  parseOptionalYuan,
  parseYuan,
  problem,
  rowCap,
  toYuan,
  transferSubsidy,
  yearCap,
  type Item,
  type Result,
} from '../../shared/index.js';
import { BLANK, CASE_BY_CASE, errorText, isBlank, isErrorText, isRange, mapRows, warnText, type Arg, type Out } from './cells.js';
import { ROW_KINDS } from './layout.js';
import { collect, Reader } from './reader.js';

export type Answer = Out | Out[][];

/** One row of CQ_CAP / CQ_CLAUSE: the rules' cap for (category, item), or the cells' problems. */
function itemCapOf(read: Reader, category: unknown, item: unknown) {
  const c = read.category(category);
  const i = read.item(item);
  if (!c.ok || !i.ok) return { ok: false as const, text: errorText(collect(c, i)) };
  return { ok: true as const, category: c.value, item: i.value, found: itemCap(read.edition, c.value, i.value) };
}

export function cap(category: Arg, item: Arg): Answer {
  const read = new Reader();
  return mapRows([['category', category], ['item', item]], (get) => {
    const row = itemCapOf(read, get(0), get(1));
    if (!row.ok) return row.text;
    if (row.found.kind === 'CASE_BY_CASE') return CASE_BY_CASE;
    return row.found.kind === 'CAP' ? toYuan(row.found.cap) : 0;
  });
}

export function clause(category: Arg, item: Arg): Answer {
  const read = new Reader();
  return mapRows([['category', category], ['item', item]], (get) => {
    const row = itemCapOf(read, get(0), get(1));
    if (!row.ok) return row.text;
    const { found, item: i, category: c } = row;
    if (found.kind === 'NOT_APPLICABLE') {
      return errorText([
        problem('NOT_APPLICABLE', 'item', `${i} 不适用于类别 ${c}（${found.clause}）`, `${i} does not apply to ${c} (${found.clause})`, found.clause),
      ]);
    }
    return found.clause;
  });
}

export function totalCap(category: Arg, ratingDate: Arg, talent: Arg): Answer {
  const read = new Reader();
  return mapRows([['category', category], ['ratingDate', ratingDate], ['talent', talent]], (get) => {
    const calc = read.calculate(get(0), get(1), get(2));
    if (!calc.ok) return errorText(calc.problems);
    return calc.value.caseByCase ? CASE_BY_CASE : toYuan(calc.value.totalCap);
  });
}

export function yearCapOf(category: Arg, ratingDate: Arg, year: Arg, talent: Arg): Answer {
  const read = new Reader();
  return mapRows([['category', category], ['ratingDate', ratingDate], ['year', year], ['talent', talent]], (get) => {
    const terms = read.terms(get(0), get(1), get(3));
    const y = read.year(get(2));
    if (!terms.ok || !y.ok) return errorText(collect(terms, y));
    const calc = read.calculation(terms.value);
    if (!calc.ok) return errorText(calc.problems);
    return calc.value.caseByCase ? CASE_BY_CASE : toYuan(yearCap(calc.value, y.value));
  });
}

export function schedule(category: Arg, ratingDate: Arg, talent: Arg): Answer {
  const args = [['category', category], ['ratingDate', ratingDate], ['talent', talent]] as const;
  const ranges = args.filter(([, value]) => isRange(value));
  if (ranges.length > 0) {
    return errorText(
      ranges.map(([name]) => problem('RANGE_NOT_ALLOWED', name, `CQ_SCHEDULE 只接受单个值，${name} 不能是区域`, `CQ_SCHEDULE takes single values; ${name} must not be a range`)),
    );
  }
  if (isBlank(category)) return BLANK;
  const calc = new Reader().calculate(category, ratingDate, talent);
  if (!calc.ok) return errorText(calc.problems);
  if (calc.value.caseByCase) return CASE_BY_CASE;
  // Spilled: one row [year, item, cap, clause] per schedule row, in the rules' order.
  return calc.value.schedule.map((row) => [row.year, row.item, toYuan(row.cap), row.clause]);
}

/**
 * receivedBefore when it is an ERROR cell (CQ_RECEIVED_BEFORE's, in `=CQ_TRANSFER_SUBSIDY(E2:E, CQ_RECEIVED_BEFORE(…))`):
 * that cell already says what is wrong, so point at it rather than read its words as an amount.
 */
const receivedBeforeIsError = (): Result<never> =>
  fail('INVALID_NUMBER', 'receivedBefore', '此前累计到账有误，见该单元格', 'the received-before cell is an ERROR; see it');

export function transferSubsidyOf(received: Arg, receivedBefore: Arg): Answer {
  const read = new Reader();
  return mapRows([['received', received], ['receivedBefore', receivedBefore]], (get) => {
    const r = parseYuan(get(0), 'received');
    const before = isErrorText(get(1)) ? receivedBeforeIsError() : parseOptionalYuan(get(1), 'receivedBefore');
    if (!r.ok || !before.ok) return errorText(collect(r, before));
    return toYuan(transferSubsidy(read.edition, r.value, before.value).subsidy);
  });
}

export function check(category: Arg, ratingDate: Arg, approvedInitial: Arg, talent: Arg): Answer {
  const read = new Reader();
  return mapRows([['category', category], ['ratingDate', ratingDate], ['approvedInitial', approvedInitial], ['talent', talent]], (get) => {
    const terms = read.terms(get(0), get(1), get(3));
    const approved = parseOptionalYuan(get(2), 'approvedInitial');
    if (!terms.ok || !approved.ok) return errorText(collect(terms, approved));
    const result = checkApplication(read.edition, { ...terms.value, approvedInitial: approved.value }, read.plans);
    if (result.status === 'ERROR') return errorText(result.errors);
    if (result.status === 'WARN') return warnText(result.warnings);
    return 'OK';
  });
}

export function explanation(category: Arg, ratingDate: Arg, talent: Arg): Answer {
  const read = new Reader();
  return mapRows([['category', category], ['ratingDate', ratingDate], ['talent', talent]], (get) => {
    const calc = read.calculate(get(0), get(1), get(2));
    return calc.ok ? explain(calc.value) : errorText(calc.problems);
  });
}

/**
 * The cap of one row of the Approvals & payments sheet: that application's schedule row of `item` in `year`, or 0.
 * A row with neither item nor year (a VOID row, which voids a payment and caps nothing) is blank, as is a row with a
 * blank category (its application not looked up); a row missing only one of the two says which.
 */
export function rowCapOf(category: Arg, ratingDate: Arg, item: Arg, year: Arg, talent: Arg): Answer {
  const read = new Reader();
  // A column repeats a handful of items and years: each distinct cell is read once per call.
  const items = new Map<unknown, Result<Item>>();
  const years = new Map<unknown, Result<number>>();
  return mapRows([['category', category], ['ratingDate', ratingDate], ['item', item], ['year', year], ['talent', talent]], (get) => {
    if (isBlank(get(2)) && isBlank(get(3))) return BLANK;
    const terms = read.terms(get(0), get(1), get(4));
    const i = once(items, get(2), (cell) => read.item(cell));
    const y = once(years, get(3), (cell) => read.year(cell));
    if (!terms.ok || !i.ok || !y.ok) return errorText(collect(terms, i, y));
    const calc = read.calculation(terms.value);
    if (!calc.ok) return errorText(calc.problems);
    return calc.value.caseByCase ? CASE_BY_CASE : toYuan(rowCap(calc.value, i.value, y.value));
  });
}

/** `read(cell)`, kept in `cache` by the cell's value (a Date cell by its instant). */
function once<T>(cache: Map<unknown, T>, cell: unknown, read: (cell: unknown) => T): T {
  const key = typeof cell === 'object' && isDate(cell) ? cell.getTime() : cell;
  let found = cache.get(key);
  if (found === undefined) cache.set(key, (found = read(cell)));
  return found;
}

/**
 * The policy's code lists and the Approvals & payments sheet's row kinds (核定/支付/冲销): every code a sheet shows.
 * The row kinds are named 行类型 / row kind here, where a message lists them beside the partner type (合作方类型).
 */
const LABELLED = [...LABELLED_CODE_LISTS, { ...ROW_KINDS, kind: 'row kind', kindZh: '行类型' }];

export function label(code: Arg): Answer {
  return mapRows([['code', code]], (get) => {
    const found = labelOf(get(0), 'code', LABELLED);
    return found.ok ? found.value : errorText(found.problems);
  });
}
