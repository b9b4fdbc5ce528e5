/**
 * The add-on's custom functions inside the built bundle (sheets-addon/dist/Code.js in a vm context, as the tests
 * load it): one call over a 10,000-row range against 10,000 single-cell calls, in the same run. Aim: a 10,000-row
 * column in under 100 ms of script time (Apps Script allows 30 s per call). Single-cell formulas cost more than this
 * shows: in Sheets each is its own server round trip. The receipts sheet's pair (issue 12): CQ_RECEIVED_BEFORE and
 * CQ_TRANSFER_SUBSIDY over 10,000 receipt rows, one call each, aim < 100 ms together; a running total has no
 * single-cell form, so that row has no single-call figure.
 */
import { performance } from 'node:perf_hooks';
import { fakeSession } from '../addon/fakes/session.js';
import { loadAddon, readCode, shanghaiMidnight } from '../addon/load.js';
import { random as seeded } from './random.js';

const ROWS = 10_000;
const AIM_MS = 100;

function best(times: number, fn: () => void): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

export async function run(): Promise<void> {
  const addon = loadAddon({ Session: fakeSession('Asia/Shanghai') });
  // The same Code.js evaluated as a plain function body in this realm: a vm context reaches every global (Math,
  // Number, …) through an interceptor, which Apps Script's V8 does not; this bounds that overhead.
  const plainRealm = new Function('Session', `${readCode()}\nreturn { CQ_TOTAL_CAP, CQ_TRANSFER_SUBSIDY, CQ_RECEIVED_BEFORE, CQ_ROW_CAP };`)(fakeSession('Asia/Shanghai')) as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  const random = seeded(126); // every run measures the same sheet
  const categories = ['HIGH_END_RD_INSTITUTION', 'JOINT_RD_BASE', '国家级科技创新基地（国家级科研平台在渝共建）', 'transfer_base', 'TRANSFER_SERVICE_ORG', 'MAJOR_PROJECT'];
  const talents = ['', '', '', 'NOBEL_LAUREATE', '中国工程院院士', 'OTHER_HIGH_LEVEL'];
  const start = Date.UTC(2019, 11, 27);
  const days = 1100; // 2019-12-27 … 2022-12-31
  const category: unknown[][] = [];
  const ratingDate: unknown[][] = [];
  const ratingDateHere: unknown[][] = []; // the same instants as this realm's Dates, for the no-vm row
  const talent: unknown[][] = [];
  const received: unknown[][] = [];
  const before: unknown[][] = [];
  const achievement: unknown[][] = []; // 500 achievements, each spelt as staff do (case, width, spaces, invisibles) row by row
  const instalment: unknown[][] = [];
  const item: unknown[][] = []; // the Approvals & payments sheet's item and year beside each application's terms
  const year: unknown[][] = [];
  const items = ['INITIAL_GRANT', 'ANNUAL_RD_SUPPORT', '年度研发专项', 'TALENT_TEAM_SUPPORT', 'PERFORMANCE_SUBSIDY'];
  for (let i = 0; i < ROWS; i++) {
    category.push([categories[Math.floor(random() * categories.length)]]);
    const day = new Date(start + Math.floor(random() * days) * 86_400_000).toISOString().slice(0, 10);
    ratingDate.push([shanghaiMidnight(addon, day)]);
    ratingDateHere.push([new Date(`${day}T00:00:00+08:00`)]);
    talent.push([talents[Math.floor(random() * talents.length)]]);
    received.push([Math.round(random() * 5_000_000_00) / 100]);
    before.push([random() < 0.5 ? '' : Math.round(random() * 30_000_000_00) / 100]);
    const n = Math.floor(random() * 500);
    // The spelling by row, so one achievement comes in every spelling, and all fold to one name (`kc-n`).
    achievement.push([[`KC-${n}`, ` kc-${n} `, `ｋｃ－${n}`, `Kc-\u200b${n}`][i % 4]]);
    instalment.push([random() < 0.3 ? Math.round(random() * 1000) / 10 : Math.round(random() * 500_000_00) / 100]);
    item.push([items[i % items.length]]);
    year.push([2019 + Math.floor(random() * 8)]);
  }

  const cases = [
    {
      name: 'CQ_TOTAL_CAP',
      range: () => addon.CQ_TOTAL_CAP(category, ratingDate, talent),
      plain: () => plainRealm.CQ_TOTAL_CAP?.(category, ratingDateHere, talent),
      single: () => {
        for (let i = 0; i < ROWS; i++) addon.CQ_TOTAL_CAP(category[i]?.[0], ratingDate[i]?.[0], talent[i]?.[0]);
      },
      check: () => (addon.CQ_TOTAL_CAP(category, ratingDate, talent) as unknown[][]).filter((r) => typeof r[0] === 'number').length,
    },
    {
      name: 'CQ_TRANSFER_SUBSIDY',
      range: () => addon.CQ_TRANSFER_SUBSIDY(received, before),
      plain: () => plainRealm.CQ_TRANSFER_SUBSIDY?.(received, before),
      single: () => {
        for (let i = 0; i < ROWS; i++) addon.CQ_TRANSFER_SUBSIDY(received[i]?.[0], before[i]?.[0]);
      },
      check: () => (addon.CQ_TRANSFER_SUBSIDY(received, before) as unknown[][]).filter((r) => typeof r[0] === 'number').length,
    },
    {
      name: 'CQ_ROW_CAP',
      range: () => addon.CQ_ROW_CAP(category, ratingDate, item, year, talent),
      plain: () => plainRealm.CQ_ROW_CAP?.(category, ratingDateHere, item, year, talent),
      single: () => {
        for (let i = 0; i < ROWS; i++) addon.CQ_ROW_CAP(category[i]?.[0], ratingDate[i]?.[0], item[i]?.[0], year[i]?.[0], talent[i]?.[0]);
      },
      check: () => (addon.CQ_ROW_CAP(category, ratingDate, item, year, talent) as unknown[][]).filter((r) => typeof r[0] === 'number' && r[0] > 0).length,
    },
    {
      name: 'CQ_RECEIVED_BEFORE',
      range: () => addon.CQ_RECEIVED_BEFORE(achievement, instalment),
      plain: () => plainRealm.CQ_RECEIVED_BEFORE?.(achievement, instalment),
      check: () => (addon.CQ_RECEIVED_BEFORE(achievement, instalment) as unknown[][]).filter((r) => typeof r[0] === 'number').length,
    },
    {
      name: 'CQ_TRANSFER_SUBSIDY(E, CQ_RECEIVED_BEFORE(A, E))',
      range: () => addon.CQ_TRANSFER_SUBSIDY(instalment, addon.CQ_RECEIVED_BEFORE(achievement, instalment)),
      plain: () => plainRealm.CQ_TRANSFER_SUBSIDY?.(instalment, plainRealm.CQ_RECEIVED_BEFORE?.(achievement, instalment)),
      check: () =>
        (addon.CQ_TRANSFER_SUBSIDY(instalment, addon.CQ_RECEIVED_BEFORE(achievement, instalment)) as unknown[][]).filter((r) => typeof r[0] === 'number').length,
    },
  ];

  const table: Record<string, string | number>[] = [];
  for (const c of cases) {
    const numeric = c.check(); // also warms up
    c.single?.();
    const rangeMs = best(7, c.range);
    const singleMs = c.single ? best(3, c.single) : undefined;
    c.plain();
    const plainMs = best(7, c.plain);
    table.push({
      function: c.name,
      rows: ROWS,
      'numeric rows': numeric,
      'one range call (ms)': Number(rangeMs.toFixed(2)),
      'µs / row': Number(((rangeMs * 1000) / ROWS).toFixed(2)),
      '10,000 single calls (ms)': singleMs === undefined ? '—' : Number(singleMs.toFixed(2)),
      'single ÷ range': singleMs === undefined ? '—' : Number((singleMs / rangeMs).toFixed(1)),
      'range call, no vm (ms)': Number(plainMs.toFixed(2)),
      [`aim < ${AIM_MS} ms`]: rangeMs < AIM_MS ? 'met' : 'MISSED',
    });
  }
  console.table(table);
  console.log('Script time only, best of several runs; in Sheets every single-cell formula is also a server round trip.');
}
