/**
 * Every figure of GET /reports/summary (CONTRACT.md §3), asserted against numbers worked by hand in this file from
 * the inputs below and POLICY.md §2 (caps, years, the 5% subsidy and its cap), never from the service's own
 * functions or views (issue 14): a fresh table, five applications, their approvals (an approved initial grant at
 * creation, 0 approved at rating, 核定 approvals later), payments (one voided), receipts (one voided).
 *
 * The applications, worked out (Y = the rating year):
 * - A  HIGH_END_RD_INSTITUTION, YUBEI, BIG_DATA, partner "Partner Alpha", created rated 2020-06-30 with approvedInitial
 *   1,500,000. 三(一): INITIAL_GRANT 2020 cap 10,000,000 (approved 1,500,000), ANNUAL_RD_SUPPORT 2021–2024 10,000,000
 *   a year; then 核定 ANNUAL 2022 at 4,000,000.50. Paid: 2020 1,000,000; 2021 2,500,000.25; 2022 300,000 (voided).
 * - B  TRANSFER_BASE, JIANGBEI, ARTIFICIAL_INTELLIGENCE, partner "Partner Beta", created, then rated 2021-03-01 with
 *   approvedInitial 0. 三(三) 三(七): INITIAL_GRANT 2021 cap 2,000,000 (approved 0: nothing), PERFORMANCE_SUBSIDY
 *   2022 and 2023 (performance years 2021, 2022) 1,000,000 each. Receipts of its achievements: 19,000,000 then
 *   2,000,000 on one (5%: 950,000.00, then 50,000.00 to the 1,000,000 cap), 123,456.78 on another (6,172.84), and
 *   10,000.10 on a third (500.01), voided.
 * - C  TRANSFER_SERVICE_ORG, YUBEI, BIG_DATA, partner "PARTNER ALPHA" (the same partner as A, compared normalised),
 *   rated 2020-06-30: INITIAL_GRANT 2020 cap 2,000,000; 核定 at 1,200,000.
 * - D  JOINT_RD_BASE, JIANGBEI, SMART_CITY, partner "Partner Delta": filed, never rated.
 * - E  MAJOR_PROJECT (一事一议), YUBEI, BIOMEDICINE, partner "Partner Gamma", rated 2021-03-01: no computed rows;
 *   核定 CASE_BY_CASE 2023 at 3,000,000; paid 2023 1,000,000.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, ok } from './helpers.js';
import { startInProcess, type InProcess } from './in-process.js';

let api: InProcess;
beforeAll(async () => {
  api = await startInProcess('summary-figures-test');
}, 120_000);
afterAll(() => api?.close());

const partner = (name: string, type = 'DOMESTIC_UNIVERSITY', country = 'CN') => ({ name, type, country });
const create = async (body: Record<string, unknown>) => (await ok(api.call('applications', 'POST', '/applications', { body: application(body) }), 201)).id as string;
const approve = (id: string, body: Record<string, unknown>) => ok(api.call('applications', 'POST', `/applications/${id}/approvals`, { body }), 201);
const pay = async (id: string, item: string, year: number, amount: number) =>
  (await ok(api.call('applications', 'POST', `/applications/${id}/payments`, { body: { item, year, amount } }), 201)).id as string;
const achievement = async (applicationId: string, n: number) =>
  (await ok(api.call('achievements', 'POST', '/achievements', { body: { applicationId, title: `成果 ${n}`, contractNo: `HT-${n}` } }), 201)).id as string;
const receive = async (achievementId: string, amount: number) =>
  ok(api.call('achievements', 'POST', `/achievements/${achievementId}/receipts`, { body: { date: '2021-06-01', amount } }), 201);
const summary = async (query = '') => {
  const { labels, ...figures } = await ok(api.call('reports', 'GET', `/reports/summary${query}`), 200);
  return { labels, figures };
};

/** Yuan worked in fen, so the sums below are exact (4,000,000.50 + 1,000,000 is 5,000,000.50 to the fen). */
const yuan = (...amounts: number[]) => amounts.reduce((sum, a) => sum + Math.round(a * 100), 0) / 100;

beforeAll(async () => {
  const a = await create({ category: 'HIGH_END_RD_INSTITUTION', district: 'YUBEI', field: 'BIG_DATA', partner: partner('Partner Alpha'), ratingDate: '2020-06-30', approvedInitial: 1_500_000 });
  await approve(a, { item: 'ANNUAL_RD_SUPPORT', year: 2022, amount: 4_000_000.5, reason: '核定' });
  await pay(a, 'INITIAL_GRANT', 2020, 1_000_000);
  await pay(a, 'ANNUAL_RD_SUPPORT', 2021, 2_500_000.25);
  const voided = await pay(a, 'ANNUAL_RD_SUPPORT', 2022, 300_000);
  await ok(api.call('applications', 'POST', `/applications/${a}/payments/${voided}/void`, { body: { reason: '重复录入 entered twice' } }), 200);

  const b = await create({ category: 'TRANSFER_BASE', district: 'JIANGBEI', field: 'ARTIFICIAL_INTELLIGENCE', partner: partner('Partner Beta', 'FOREIGN_UNIVERSITY', 'DE') });
  await ok(api.call('applications', 'POST', `/applications/${b}/rating`, { body: { ratingDate: '2021-03-01', approvedInitial: 0 } }), 200);
  // Approved 0 is an approval of nothing: the initial grant takes no payment (CONTRACT.md §3 payments).
  const nothing = await api.call('applications', 'POST', `/applications/${b}/payments`, { body: { item: 'INITIAL_GRANT', year: 2021, amount: 0.01 } });
  expect({ status: nothing.status, code: nothing.body.error?.code, field: nothing.body.error?.field }).toEqual({ status: 409, code: 'CAP_EXCEEDED', field: 'amount' });
  const first = await achievement(b, 1);
  expect(await receive(first, 19_000_000)).toMatchObject({ subsidy: 950_000 });
  expect(await receive(first, 2_000_000)).toMatchObject({ subsidy: 50_000, capReached: true });
  expect(await receive(await achievement(b, 2), 123_456.78)).toMatchObject({ subsidy: 6_172.84 });
  const third = await achievement(b, 3);
  const gone = await receive(third, 10_000.1);
  expect(gone).toMatchObject({ subsidy: 500.01 });
  await ok(api.call('achievements', 'POST', `/achievements/${third}/receipts/${gone.id}/void`, { body: { reason: '到账撤回 withdrawn' } }), 200);

  const c = await create({ category: 'TRANSFER_SERVICE_ORG', district: 'YUBEI', field: 'BIG_DATA', partner: partner('PARTNER ALPHA'), ratingDate: '2020-06-30' });
  await approve(c, { item: 'INITIAL_GRANT', year: 2020, amount: 1_200_000 });

  await create({ category: 'JOINT_RD_BASE', district: 'JIANGBEI', field: 'SMART_CITY', partner: partner('Partner Delta') });

  const e = await create({ category: 'MAJOR_PROJECT', district: 'YUBEI', field: 'BIOMEDICINE', partner: partner('Partner Gamma'), ratingDate: '2021-03-01' });
  await approve(e, { item: 'CASE_BY_CASE', year: 2023, amount: 3_000_000, document: '渝府〔2021〕7号' });
  await pay(e, 'CASE_BY_CASE', 2023, 1_000_000);
}, 120_000);

// By hand, per application and year (see the header). Zero figures are left out of the answer.
const A = { 2020: 1_500_000, 2021: 10_000_000, 2022: 4_000_000.5, 2023: 10_000_000, 2024: 10_000_000 };
const B = { 2021: 0, 2022: 1_000_000, 2023: 1_000_000 };
const C = { 2020: 1_200_000 };
const E = { 2023: 3_000_000 };
const committedYubei = yuan(...Object.values(A), ...Object.values(C), ...Object.values(E));
const committedJiangbei = yuan(...Object.values(B));
const paidYubei = yuan(1_000_000, 2_500_000.25, 1_000_000);

describe('GET /reports/summary: every figure, worked by hand from what was recorded', () => {
  it('the city', async () => {
    const { figures, labels } = await summary();
    expect(committedYubei).toBe(39_700_000.5);
    expect(committedJiangbei).toBe(2_000_000);
    expect(figures).toEqual({
      scope: 'ALL',
      scopeLabel: '全市',
      applications: 5,
      rated: 4,
      // A and C name one partner (normalised), B and E one each; D is not rated: not counted (一 工作目标).
      partnersIntroduced: 3,
      goal: 100,
      byDistrict: { JIANGBEI: 2, YUBEI: 3 },
      byCategory: { HIGH_END_RD_INSTITUTION: 1, JOINT_RD_BASE: 1, MAJOR_PROJECT: 1, TRANSFER_BASE: 1, TRANSFER_SERVICE_ORG: 1 },
      byField: { ARTIFICIAL_INTELLIGENCE: 1, BIG_DATA: 2, BIOMEDICINE: 1, SMART_CITY: 1 },
      committedByYear: {
        2020: yuan(A[2020], C[2020]), // 2,700,000: the approved initial grant and a 核定, not the caps 10,000,000 + 2,000,000
        2021: yuan(A[2021], B[2021]), // 10,000,000: B's initial grant approved at 0
        2022: yuan(A[2022], B[2022]), // 5,000,000.50
        2023: yuan(A[2023], B[2023], E[2023]), // 14,000,000
        2024: A[2024],
      },
      paidByYear: { 2020: 1_000_000, 2021: 2_500_000.25, 2023: 1_000_000 }, // 2022's one payment was voided
      committedByDistrict: { JIANGBEI: committedJiangbei, YUBEI: committedYubei },
      paidByDistrict: { YUBEI: paidYubei },
      transferReceived: yuan(19_000_000, 2_000_000, 123_456.78), // the voided 10,000.10 left
      transferSubsidy: yuan(950_000, 50_000, 6_172.84), // its 500.01 left too
      support: {},
    });
    expect(labels).toMatchObject({ YUBEI: '渝北区', JIANGBEI: '江北区', BIG_DATA: '大数据', SMART_CITY: '智慧城市', MAJOR_PROJECT: expect.stringMatching(/\p{Script=Han}/u) });
  });

  it('each district: its own applications, money and partners', async () => {
    expect((await summary('?district=YUBEI')).figures).toEqual({
      scope: 'YUBEI',
      scopeLabel: '渝北区',
      applications: 3,
      rated: 3,
      partnersIntroduced: 2, // Alpha (A and C), Gamma
      goal: 100,
      byDistrict: { YUBEI: 3 },
      byCategory: { HIGH_END_RD_INSTITUTION: 1, MAJOR_PROJECT: 1, TRANSFER_SERVICE_ORG: 1 },
      byField: { BIG_DATA: 2, BIOMEDICINE: 1 },
      committedByYear: { 2020: yuan(A[2020], C[2020]), 2021: A[2021], 2022: A[2022], 2023: yuan(A[2023], E[2023]), 2024: A[2024] },
      paidByYear: { 2020: 1_000_000, 2021: 2_500_000.25, 2023: 1_000_000 },
      committedByDistrict: { YUBEI: committedYubei },
      paidByDistrict: { YUBEI: paidYubei },
      transferReceived: 0,
      transferSubsidy: 0,
      support: {},
    });
    expect((await summary('?district=JIANGBEI')).figures).toEqual({
      scope: 'JIANGBEI',
      scopeLabel: '江北区',
      applications: 2,
      rated: 1,
      partnersIntroduced: 1, // Beta; Delta is not rated
      goal: 100,
      byDistrict: { JIANGBEI: 2 },
      byCategory: { JOINT_RD_BASE: 1, TRANSFER_BASE: 1 },
      byField: { ARTIFICIAL_INTELLIGENCE: 1, SMART_CITY: 1 },
      committedByYear: { 2022: B[2022], 2023: B[2023] }, // 2021: approved 0, left out
      paidByYear: {},
      committedByDistrict: { JIANGBEI: committedJiangbei },
      paidByDistrict: {},
      transferReceived: 21_123_456.78,
      transferSubsidy: 1_006_172.84,
      support: {},
    });
  });
});
