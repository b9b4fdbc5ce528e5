/**
 * CQ_RECEIVED_BEFORE (CONTRACT §2): the Receipts sheet's 此前累计到账 as a formula, so staff type each instalment
 * once and nothing else. 三(七) applies the 5% rate and the 1,000,000 cap to what one achievement has received in
 * total; the rules take "received before" as an input (`transferSubsidy`), and this function supplies it from the
 * rows above, summed in integer fen (exact however many rows: no 0.30000000000000004 to refuse later).
 */
import { MAX_FEN, foldText, formatYuan, parseOptionalYuan, problem, toYuan, type Fen, type Problem, type ProblemCode } from '../../shared/index.js';
import { errorText, mapRows, type Arg, type Out } from './cells.js';

/**
 * An achievement cell as the rows are grouped by it: folded as partner names and contract numbers are (`foldText`:
 * invisible characters such as a zero-width space dropped, Unicode NFKC so full-width `ＡＢＣ１` is `ABC1` and an
 * ideographic space a space, case folded so `ß` and `SS` group alike), then trimmed. Inner spaces are kept.
 *
 * A convention of this sheet column, not a rule, so it lives in the add-on: no rule and no API route compares
 * achievement names. The cloud knows an achievement by its id, and keeps one achievement per technology contract by
 * the contract number (shared/contracts.ts); the name typed in a receipts row only says which rows belong together.
 */
export function achievementKey(cell: unknown): string {
  return foldText(String(cell)).trim();
}

/** One achievement's rows so far: their sum in fen, and the first row whose amount could not be read. */
interface Running {
  sum: Fen;
  invalid?: { readonly row: number; readonly code: ProblemCode; readonly cell: unknown };
}

/** A cell as a message quotes it: its text, shortened past 20 characters. */
function quote(cell: unknown): string {
  const text = String(cell).trim();
  return `"${text.length > 20 ? `${text.slice(0, 20)}…` : text}"`;
}

/**
 * What a later row shows when an earlier row of its achievement has a bad amount. `row` is 1-based in the selected
 * range, which is not the sheet's row number (`A2:A` starts at sheet row 2), so the message says so and quotes the cell.
 */
function earlierInvalid(invalid: NonNullable<Running['invalid']>): Problem {
  const cell = quote(invalid.cell);
  return problem(
    invalid.code,
    'received',
    `所选区域第 ${invalid.row} 行（到账额 ${cell}）的到账额无效，此前累计到账无法计算`,
    `the amount received ${cell} in row ${invalid.row} of the selected range is invalid, so what was received before is unknown`,
  );
}

const sumTooLarge = (): Problem =>
  problem('TOO_LARGE', 'received', `此前累计到账超出可处理范围（最多 ${formatYuan(MAX_FEN)} 元）`, `what was received before exceeds ${formatYuan(MAX_FEN)} yuan`);

/**
 * For each row, what the same achievement received in the rows above it, in yuan. A blank achievement is a blank
 * row and counts for no achievement; a blank amount counts 0. A row's own bad amount is its ERROR (naming
 * `received`); the later rows of that achievement say which earlier row spoils their sum.
 */
export function receivedBefore(achievement: Arg, received: Arg): Out | Out[][] {
  const keys = new Map<unknown, string>(); // a column repeats its names: fold each distinct cell once
  const totals = new Map<string, Running>();
  return mapRows([['achievement', achievement], ['received', received]], (get, row) => {
    const cell = get(0);
    let key = keys.get(cell);
    if (key === undefined) keys.set(cell, (key = achievementKey(cell)));
    let running = totals.get(key);
    if (running === undefined) totals.set(key, (running = { sum: 0 }));

    const problems: Problem[] = [];
    const amount = parseOptionalYuan(get(1), 'received');
    if (!amount.ok) problems.push(...amount.problems);
    if (running.invalid) problems.push(earlierInvalid(running.invalid));
    else if (running.sum > MAX_FEN) problems.push(sumTooLarge());
    const answer = problems.length > 0 ? errorText(problems) : toYuan(running.sum);

    if (!amount.ok) running.invalid ??= { row: row + 1, code: amount.problems[0]?.code ?? 'INVALID_NUMBER', cell: get(1) };
    else running.sum += amount.value ?? 0;
    return answer;
  });
}
