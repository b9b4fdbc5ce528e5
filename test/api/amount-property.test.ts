/**
 * Issue 13: for every amount, the two builds read the same fen or both refuse it. Generated amounts of every kind
 * (texts over the alphabet people type amounts in, numbers as Sheets and JSON carry them) go to
 * - the built add-on: `CQ_RECEIVED_BEFORE([["a"],["a"]], [[amount],[0]])` row 2, the amount read back exactly in yuan
 *   (all of a run's amounts in one column call, each under its own achievement name);
 * - the real API: `POST /calculate/transfer-subsidy {received: amount, receivedBefore: 0}` → `cumulativeReceived`;
 * and both must say what the rules module's `parseYuan` says: that yuan, or an error naming `received`.
 * Likewise `receivedBefore`, blanks included: `CQ_TRANSFER_SUBSIDY(1, x)` (one column call) and the API's
 * `{received: 1, receivedBefore: x}` give the rules' subsidy, or the same error words naming `receivedBefore`.
 * On failure fast-check prints the seed and the shrunk amounts (`fc.assert(…, {seed})` replays them).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_EDITION, isBlank, parseOptionalYuan, parseYuan, toYuan, transferSubsidy } from '../../shared/index.js';
import { loadAddon, plain } from '../addon/load.js';
import { startApi, type Client } from './helpers.js';

let api: Client;
let addon: ReturnType<typeof loadAddon>;
beforeAll(async () => {
  addon = loadAddon({ Session: { getScriptTimeZone: () => 'Asia/Shanghai' } });
  api = await startApi();
});
afterAll(() => api?.close());

// ——— Amounts as text ———

const ALPHABET = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ',', '，', '.', '-', '¥', '￥', '元', ' ', '\u3000', 'e'];
const digits = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), minLength: min, maxLength: max });
/** Anything over the alphabet: mostly nonsense, sometimes an amount. */
const scrambled = fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 1, maxLength: 24 });
/** Digit groups joined by a comma: mostly groups of three (`1,234,567`), sometimes not (`12,50`, `1,000,00`, `1,5`). */
const grouped = fc
  .tuple(digits(1, 4), fc.array(fc.oneof({ weight: 3, arbitrary: digits(3, 3) }, { weight: 1, arbitrary: digits(1, 4) }), { maxLength: 4 }), fc.constantFrom(',', ',', ',', '，'))
  .map(([head, tail, comma]) => [head, ...tail].join(comma));
/** What a person types for an amount: sign, currency sign, grouped or plain digits, decimals, 元, spaces. */
const plausible = fc
  .record({
    lead: fc.constantFrom('', '', '', ' ', '\u3000'),
    sign: fc.constantFrom('', '', '', '', '-'),
    currency: fc.constantFrom('', '', '', '¥', '￥'),
    whole: fc.oneof(digits(1, 7), grouped),
    decimals: fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 4, arbitrary: digits(1, 2) }, { weight: 1, arbitrary: digits(0, 5) }),
    point: fc.constantFrom('.', '.', '.', ','),
    exponent: fc.constantFrom('', '', '', '', '', '', 'e3', 'e21', 'e-2'),
    unit: fc.constantFrom('', '', '', '元', ' 元'),
    trail: fc.constantFrom('', '', '', ' '),
  })
  .map((p) => `${p.lead}${p.sign}${p.currency}${p.whole}${p.decimals === '' ? '' : p.point + p.decimals}${p.exponent}${p.unit}${p.trail}`);
/** The spellings issue 13 names, and their neighbours. */
const named = fc.constantFrom('1,234.56', '12,50', '1,000,00', '1,5', '1,00', '0,01', ',,5', '1,000.50', '¥1,000', '1000元', '12,345,678', '１,000', '0.30000000000000004', '1e21', '1.005', '-0', '00.10');
/** Text past AMOUNT_TEXT_MAX: padding around an amount, or a long run of digits. */
const long = fc.oneof(
  fc.tuple(fc.integer({ min: 30, max: 60 }), plausible).map(([pad, amount]) => `${' '.repeat(pad)}${amount}`),
  digits(35, 60),
);
const text = fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 3, arbitrary: scrambled }, { weight: 1, arbitrary: named }, { weight: 1, arbitrary: long });

// ——— Amounts as numbers ———

/** `steps` doubles away from `x` (the float noise of a sum or a product). */
function ulps(x: number, steps: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigInt64(0, view.getBigInt64(0) + BigInt(x >= 0 ? steps : -steps));
  return view.getFloat64(0);
}
const fenCount = fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.maxSafeNat());
const wholeFen = fenCount.map((fen) => fen / 100);
const noisyFen = fc.tuple(fc.integer({ min: 1, max: 10_000_000_000 }), fc.integer({ min: -4, max: 4 })).map(([fen, steps]) => ulps(fen / 100, steps));
const summedCents = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 2, maxLength: 12 }).map((cents) => cents.reduce((sum, c) => sum + c / 100, 0));
const threeDecimals = fc.tuple(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 3, max: 8 })).map(([n, places]) => n / 10 ** places);
const huge = fc.oneof(fc.double({ min: 1e12, max: 1e22, noNaN: true }), fc.double({ min: 1e22, max: Number.MAX_VALUE, noNaN: true }), fc.constantFrom(1e13, 1e13 + 0.01, 1e21, 2 ** 53));
const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true }); // negatives, subnormals, everything JSON carries
const number = fc.oneof(wholeFen, noisyFen, summedCents, threeDecimals, huge, anyDouble);

/** A blank cell is no amount: the sheet counts it 0, the API requires `received`. Blanks are a convention, not a reading. */
const amount = fc.oneof({ weight: 3, arbitrary: text }, { weight: 2, arbitrary: number }).filter((a) => !isBlank(a));
/** An optional amount: blank (empty, spaces, ideographic space, null) is none, i.e. nothing received before. */
const before = fc.oneof({ weight: 1, arbitrary: fc.constantFrom('', '  ', '\u3000', null) }, { weight: 3, arbitrary: text }, { weight: 2, arbitrary: number });

describe('an amount reads the same on the add-on, the API and the rules (issue 13)', () => {
  it('the same yuan, or an error naming received, on all three', async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(amount, { minLength: 20, maxLength: 80, size: 'max' }), async (amounts) => {
        // The add-on: one call; amount i is row 2i+1's, under achievement `a{i}`, so each is read back on its own.
        const achievements = amounts.flatMap((_, i) => [[`a${i}`], [`a${i}`]]);
        const received = amounts.flatMap((a) => [[a], [0]]);
        const column = plain(addon.CQ_RECEIVED_BEFORE(achievements, received)) as unknown[][];
        const answers = await Promise.all(amounts.map((a) => api.call('POST', '/calculate/transfer-subsidy', { body: { received: a, receivedBefore: 0 } })));
        amounts.forEach((a, i) => {
          const where = `amount ${JSON.stringify(a)}`;
          const rules = parseYuan(a, 'received');
          const sheet = column[2 * i + 1]?.[0];
          const cloud = answers[i];
          if (rules.ok) {
            expect(sheet, `${where} on the add-on`).toBe(toYuan(rules.value));
            expect(cloud?.status, `${where} on the API: ${JSON.stringify(cloud?.body)}`).toBe(200);
            expect(cloud?.body.cumulativeReceived, `${where} on the API`).toBe(toYuan(rules.value));
          } else {
            // Row 1 of the pair carries the amount's own error; row 2 says row 1's amount is invalid.
            expect(sheet, `${where} on the add-on`).toMatch(/^ERROR: .*\(received:/);
            expect(cloud?.status, `${where} on the API: ${JSON.stringify(cloud?.body)}`).toBe(400);
            const { field, reason, message, messageZh } = cloud?.body.error ?? {};
            expect({ field, reason }, `${where} on the API`).toEqual({ field: 'received', reason: rules.problems[0]?.code });
            expect(column[2 * i]?.[0], `${where}: the same words on both builds`).toBe(`ERROR: ${messageZh} (received: ${message})`);
          }
        });
        cases += amounts.length;
      }),
      { numRuns: 10 },
    );
    expect(cases).toBeGreaterThanOrEqual(200); // ten runs of 20 to 80 amounts: fewer means runs were skipped
  });
  it('receivedBefore, blanks included: the same subsidy of 1 yuan, or the same error naming receivedBefore, on all three', async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(before, { minLength: 20, maxLength: 80, size: 'max' }), async (befores) => {
        // The add-on: one column call, received 1 on every row.
        const column = plain(addon.CQ_TRANSFER_SUBSIDY(befores.map(() => [1]), befores.map((b) => [b]))) as unknown[][];
        const answers = await Promise.all(befores.map((b) => api.call('POST', '/calculate/transfer-subsidy', { body: { received: 1, receivedBefore: b } })));
        befores.forEach((b, i) => {
          const where = `receivedBefore ${JSON.stringify(b)}`;
          const rules = parseOptionalYuan(b, 'receivedBefore');
          const sheet = column[i]?.[0];
          const cloud = answers[i];
          if (rules.ok) {
            const subsidy = toYuan(transferSubsidy(CURRENT_EDITION, 100, rules.value).subsidy);
            expect(sheet, `${where} on the add-on`).toBe(subsidy);
            expect(cloud?.status, `${where} on the API: ${JSON.stringify(cloud?.body)}`).toBe(200);
            expect(cloud?.body.subsidy, `${where} on the API`).toBe(subsidy);
          } else {
            expect(cloud?.status, `${where} on the API: ${JSON.stringify(cloud?.body)}`).toBe(400);
            const { field, reason, message, messageZh } = cloud?.body.error ?? {};
            expect({ field, reason }, `${where} on the API`).toEqual({ field: 'receivedBefore', reason: rules.problems[0]?.code });
            expect(sheet, `${where}: the same words on both builds`).toBe(`ERROR: ${messageZh} (receivedBefore: ${message})`);
          }
        });
        cases += befores.length;
      }),
      { numRuns: 10 },
    );
    expect(cases).toBeGreaterThanOrEqual(200);
  });
});
