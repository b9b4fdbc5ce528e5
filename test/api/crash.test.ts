/**
 * Every crash point of every write route (issue 9): the process dies right after its k-th storage call, for every k
 * from 0 (before the first) to the request's last; then a fresh process on the same data gets the client's retry
 * with the same Idempotency-Key. After each:
 * - the retry answers as the request would have (the committed answer, marked as a replay, exactly when the fact had
 *   committed before the crash; otherwise the request runs now, once);
 * - the fact is there exactly once, with exactly one history event, and its guard agrees with its records (the
 *   ledger with its payments, the receipt counter with its receipts);
 * - every figure of the summary moved by exactly what one fact adds, and `npm run reconcile`'s check of the whole
 *   table (every counter, ledger, receipt counter, event, listing entry and partner marker) finds no drift.
 * The routes: file (plain, rated at filing, with approvedInitial), rate, pay (with paidOn and voucher too), a refused
 * payment (its 409 kept), approve (a schedule row, a case-by-case row), void a payment, achievement, receipt, a
 * receipt's void, an achievement refused as a DUPLICATE of its contract (its 409 kept), amend (moving its district),
 * withdraw, reject, support, a partner merge, a filing refused as a duplicate (its 409 kept), a key's revocation, and
 * POST /keys, which takes no Idempotency-Key (its answer holds the new key, which is stored only as a hash, so it
 * cannot be replayed): a crash there leaves at most a key nobody holds (listed by GET /keys with its label, for the admin
 * to revoke), and the retry makes one that works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDrift, findDrifts } from '../../functions/reconcile/index.js';
import { queryRange, tableClient } from '../../functions/store/dynamodb/client.js';
import { application, ledgerRow, ok } from './helpers.js';
import { startInProcess, type Answer, type FunctionName, type InProcess } from './in-process.js';

let api: InProcess;
beforeAll(async () => {
  api = await startInProcess('crash-test');
}, 120_000);
afterAll(() => api?.close());

type Summary = Record<string, unknown>;
const summary = async (): Promise<Summary> => (await api.call('reports', 'GET', '/reports/summary')).body as Summary;

/**
 * Every number in the summary, flattened (`paidByYear.2020`), so one comparison covers every figure; in hundredths
 * (fen for the money in yuan), so sums compare exactly.
 */
function figures(s: Summary, prefix = ''): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(s)) {
    if (typeof v === 'number') out[`${prefix}${k}`] = Math.round(v * 100);
    else if (v !== null && typeof v === 'object') Object.assign(out, figures(v as Summary, `${prefix}${k}.`));
  }
  return out;
}

/**
 * `before` moved by `delta` (figures absent from `delta` unchanged; a group's count moved to 0 leaves the summary).
 * Every fact here that moves money is YUBEI's, so the money a row moves by year moves YUBEI's money by district too.
 */
function moved(before: Summary, delta: Record<string, number>): Record<string, number> {
  const out = figures(before);
  const byDistrict: Record<string, number> = {};
  for (const [k, d] of Object.entries(delta)) {
    const money = /^(committed|paid)ByYear\./.exec(k);
    if (money) byDistrict[`${money[1]}ByDistrict.YUBEI`] = (byDistrict[`${money[1]}ByDistrict.YUBEI`] ?? 0) + d;
  }
  for (const [k, d] of [...Object.entries(delta), ...Object.entries(byDistrict)]) {
    out[k] = (out[k] ?? 0) + Math.round(d * 100);
    if (out[k] === 0 && k.includes('.')) delete out[k];
  }
  return out;
}

let unique = 0;
const next = (what: string) => `${what}-${++unique}-${Math.random().toString(36).slice(2, 8)}`;

async function filed(over: Record<string, unknown> = {}): Promise<string> {
  const body = application({ institution: next('institute'), partner: { name: next('partner'), type: 'DOMESTIC_UNIVERSITY', country: 'CN' }, ...over });
  return (await ok(api.call('applications', 'POST', '/applications', { body }), 201)).id as string;
}
const rated = (over: Record<string, unknown> = {}) => filed({ ratingDate: '2020-06-30', ...over });

async function events(id: string, type: string): Promise<Record<string, unknown>[]> {
  const history = await ok(api.call('applications', 'GET', `/applications/${id}/history`), 200);
  return (history.items as { type: string; data: Record<string, unknown> }[]).filter((e) => e.type === type).map((e) => e.data);
}

interface Case {
  readonly fn: FunctionName;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  /** What the request answers when it runs to the end. */
  readonly status: number;
  /** What one such fact adds to the summary's figures. */
  readonly delta: (answer: Answer) => Record<string, number>;
  /** The fact is there exactly once, with its one event, and its guard agrees with its records. */
  readonly check: (answer: Answer) => Promise<void>;
}

interface Route {
  readonly name: string;
  /** Fresh preconditions for one run (made with no crash), and the request. */
  readonly prepare: () => Promise<Case>;
}

/** What filing one application of helpers.ts's defaults (YUBEI, a high-end R&D institution, big data) adds. */
const FILED = { applications: 1, 'byDistrict.YUBEI': 1, 'byCategory.HIGH_END_RD_INSTITUTION': 1, 'byField.BIG_DATA': 1 } as const;

const ROUTES: readonly Route[] = [
  {
    name: 'POST /applications',
    prepare: async () => {
      const body = application({ institution: next('institute'), partner: { name: next('partner'), type: 'DOMESTIC_UNIVERSITY', country: 'CN' } });
      return {
        fn: 'applications',
        method: 'POST',
        path: '/applications',
        body,
        status: 201,
        delta: () => FILED,
        check: async (answer) => {
          expect((await ok(api.call('applications', 'GET', `/applications/${answer.body.id}`), 200)).application).toMatchObject({ status: 'SUBMITTED', institution: body.institution });
          expect(await events(answer.body.id, 'APPLICATION_CREATED')).toHaveLength(1);
        },
      };
    },
  },
  {
    name: 'POST /applications with its rating date (filed rated, its partner counted)',
    prepare: async () => {
      const body = application({ institution: next('institute'), partner: { name: next('partner'), type: 'DOMESTIC_UNIVERSITY', country: 'CN' }, ratingDate: '2020-06-30' });
      return {
        fn: 'applications',
        method: 'POST',
        path: '/applications',
        body,
        status: 201,
        delta: (a) => ({
          ...FILED,
          rated: 1,
          partnersIntroduced: 1,
          ...committed(a),
        }),
        check: async (answer) => {
          expect((await ok(api.call('applications', 'GET', `/applications/${answer.body.id}`), 200)).application).toMatchObject({ status: 'RATED' });
          expect(await events(answer.body.id, 'APPLICATION_CREATED')).toHaveLength(1);
        },
      };
    },
  },
  {
    name: 'POST /applications/{id}/rating',
    prepare: async () => {
      const id = await filed();
      return {
        fn: 'applications',
        method: 'POST',
        path: `/applications/${id}/rating`,
        body: { ratingDate: '2020-06-30' },
        status: 200,
        delta: (a) => ({ rated: 1, partnersIntroduced: 1, ...committed(a) }),
        check: async () => {
          expect((await ok(api.call('applications', 'GET', `/applications/${id}`), 200)).application).toMatchObject({ status: 'RATED' });
          expect(await events(id, 'APPLICATION_RATED')).toHaveLength(1);
        },
      };
    },
  },
  {
    name: 'POST /applications/{id}/payments',
    prepare: async () => {
      const id = await rated();
      return {
        fn: 'applications',
        method: 'POST',
        path: `/applications/${id}/payments`,
        body: { item: 'INITIAL_GRANT', year: 2020, amount: 7000 },
        status: 201,
        delta: () => ({ 'paidByYear.2020': 7000 }),
        check: async (answer) => {
          expect(answer.body).toMatchObject({ applicationId: id, amount: 7000, paidToDate: 7000 });
          const view = await ok(api.call('applications', 'GET', `/applications/${id}`), 200);
          expect(ledgerRow(view, 'INITIAL_GRANT', 2020)).toMatchObject({ paid: 7000, cap: 10_000_000, remaining: 9_993_000 });
          expect((await events(id, 'PAYMENT_RECORDED')).map((p) => p.id)).toEqual([answer.body.id]);
        },
      };
    },
  },
  {
    name: 'POST /applications/{id}/payments refused over the cap (409 kept for the retry)',
    prepare: async () => {
      const id = await rated();
      return {
        fn: 'applications',
        method: 'POST',
        path: `/applications/${id}/payments`,
        body: { item: 'INITIAL_GRANT', year: 2020, amount: 10_000_001 },
        status: 409,
        delta: () => ({}),
        check: async (answer) => {
          expect(answer.body.error.code).toBe('CAP_EXCEEDED');
          expect((await ok(api.call('applications', 'GET', `/applications/${id}`), 200)).ledger.filter((r: { paid: number }) => r.paid !== 0)).toEqual([]);
          expect(await events(id, 'PAYMENT_RECORDED')).toEqual([]);
        },
      };
    },
  },
  {
    name: 'POST /applications/{id}/payments with paidOn and voucher',
    prepare: async () => {
      const id = await rated();
      return {
        fn: 'applications',
        method: 'POST',
        path: `/applications/${id}/payments`,
        body: { item: 'ANNUAL_RD_SUPPORT', year: 2021, amount: 2500, paidOn: '2021-03-31', voucher: next('记') },
        status: 201,
        delta: () => ({ 'paidByYear.2021': 2500 }),
        check: async (answer) => {
          expect(answer.body).toMatchObject({ paidOn: '2021-03-31', voucher: expect.stringMatching(/^记-/), status: 'RECORDED' });
          expect((await ok(api.call('applications', 'GET', `/applications/${id}/payments`), 200)).items).toEqual([answer.body]);
          expect((await events(id, 'PAYMENT_RECORDED')).map((p) => p.id)).toEqual([answer.body.id]);
        },
      };
    },
  },
  {
    name: 'POST /applications/{id}/approvals (lowering INITIAL_GRANT 2020 from 10,000,000 to 6,000,000)',
    prepare: async () => {
      const id = await rated();
      return {
        fn: 'applications',
        method: 'POST',
        path: `/applications/${id}/approvals`,
        body: { item: 'INITIAL_GRANT', year: 2020, amount: 6_000_000, reason: next('核减') },
        status: 201,
        delta: () => ({ 'committedByYear.2020': -4_000_000 }),
        check: async (answer) => {
          expect(answer.body).toMatchObject({ amount: 6_000_000, sequence: 1, limitBefore: 10_000_000 });
          expect(ledgerRow(await ok(api.call('applications', 'GET', `/applications/${id}`), 200), 'INITIAL_GRANT', 2020)).toMatchObject({ paid: 0, cap: 10_000_000, approved: 6_000_000, remaining: 6_000_000 });
          expect((await events(id, 'APPROVAL_RECORDED')).map((a) => a.id)).toEqual([answer.body.id]);
        },
      };
    },
  },
  {
    name: 'POST /applications/{id}/approvals refused below what is paid (409 kept for the retry)',
    prepare: async () => {
      const id = await rated();
      await ok(api.call('applications', 'POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 3000 } }), 201);
      return {
        fn: 'applications',
        method: 'POST',
        path: `/applications/${id}/approvals`,
        body: { item: 'INITIAL_GRANT', year: 2020, amount: 2999.99 },
        status: 409,
        delta: () => ({}),
        check: async (answer) => {
          expect(answer.body.error).toMatchObject({ code: 'CONFLICT', field: 'amount' });
          expect(await events(id, 'APPROVAL_RECORDED')).toEqual([]);
        },
      };
    },
  },
  {
    name: 'POST /applications/{id}/approvals of a case-by-case row (一事一议)',
    prepare: async () => {
      const id = await filed({ category: 'MAJOR_PROJECT', ratingDate: '2021-05-01' });
      return {
        fn: 'applications',
        method: 'POST',
        path: `/applications/${id}/approvals`,
        body: { item: 'CASE_BY_CASE', year: 2022, amount: 30_000_000, document: next('渝府') },
        status: 201,
        delta: () => ({ 'committedByYear.2022': 30_000_000 }),
        check: async (answer) => {
          expect(answer.body).toMatchObject({ item: 'CASE_BY_CASE', amount: 30_000_000, limitBefore: 0 });
          expect((await events(id, 'APPROVAL_RECORDED')).map((a) => a.id)).toEqual([answer.body.id]);
        },
      };
    },
  },
  {
    name: 'POST /applications with its rating date and approvedInitial (the initial grant row approved in the same fact)',
    prepare: async () => {
      const body = application({ institution: next('institute'), partner: { name: next('partner'), type: 'DOMESTIC_UNIVERSITY', country: 'CN' }, ratingDate: '2020-06-30', approvedInitial: 1_500_000 });
      return {
        fn: 'applications',
        method: 'POST',
        path: '/applications',
        body,
        status: 201,
        delta: (a) => ({
          ...FILED,
          rated: 1,
          partnersIntroduced: 1,
          ...committed(a),
          'committedByYear.2020': 1_500_000,
        }),
        check: async (answer) => {
          expect(ledgerRow(await ok(api.call('applications', 'GET', `/applications/${answer.body.id}`), 200), 'INITIAL_GRANT', 2020)).toMatchObject({ paid: 0, cap: 10_000_000, approved: 1_500_000, remaining: 1_500_000 });
          expect(await events(answer.body.id, 'APPLICATION_CREATED')).toHaveLength(1);
        },
      };
    },
  },
  {
    name: 'POST /applications/{id}/payments/{paymentId}/void',
    prepare: async () => {
      const id = await rated();
      const payment = await ok(api.call('applications', 'POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 7000 } }), 201);
      return {
        fn: 'applications',
        method: 'POST',
        path: `/applications/${id}/payments/${payment.id}/void`,
        body: { reason: next('录错') },
        status: 200,
        delta: () => ({ 'paidByYear.2020': -7000 }),
        check: async (answer) => {
          expect(answer.body).toMatchObject({ id: payment.id, status: 'VOIDED' });
          expect(ledgerRow(await ok(api.call('applications', 'GET', `/applications/${id}`), 200), 'INITIAL_GRANT', 2020)).toMatchObject({ paid: 0, cap: 10_000_000, remaining: 10_000_000 });
          expect((await events(id, 'PAYMENT_VOIDED')).map((p) => p.id)).toEqual([payment.id]);
        },
      };
    },
  },
  {
    name: 'POST /achievements',
    prepare: async () => {
      const id = await rated({ category: 'TRANSFER_BASE' });
      const body = { applicationId: id, title: next('成果'), contractNo: next('HT') };
      return {
        fn: 'achievements',
        method: 'POST',
        path: '/achievements',
        body,
        status: 201,
        delta: () => ({}),
        check: async (answer) => {
          expect((await events(id, 'ACHIEVEMENT_CREATED')).map((a) => a.id)).toEqual([answer.body.id]);
          // Its link under its application came with it (one transaction): the application lists it, once.
          expect((await ok(api.call('achievements', 'GET', `/applications/${id}/achievements`), 200)).items.map((a: { id: string }) => a.id)).toEqual([answer.body.id]);
          // The achievement and its counter are there: a receipt takes it from 0.
          const receipt = await ok(api.call('achievements', 'POST', `/achievements/${answer.body.id}/receipts`, { body: { date: '2021-01-01', amount: 0.01 } }), 201);
          expect(receipt).toMatchObject({ sequence: 1, cumulativeReceived: 0.01 });
        },
      };
    },
  },
  {
    name: 'POST /achievements/{id}/receipts',
    prepare: async () => {
      const id = await rated({ category: 'TRANSFER_BASE' });
      const achievement = await ok(api.call('achievements', 'POST', '/achievements', { body: { applicationId: id, title: next('成果'), contractNo: next('HT') } }), 201);
      return {
        fn: 'achievements',
        method: 'POST',
        path: `/achievements/${achievement.id}/receipts`,
        body: { date: '2021-06-01', amount: 100_000 },
        status: 201,
        delta: () => ({ transferReceived: 100_000, transferSubsidy: 5_000 }),
        check: async (answer) => {
          expect(answer.body).toMatchObject({ sequence: 1, subsidy: 5_000, cumulativeReceived: 100_000 });
          expect((await events(id, 'RECEIPT_RECORDED')).map((r) => r.id)).toEqual([answer.body.id]);
        },
      };
    },
  },
  {
    name: 'POST /achievements/{id}/receipts/{receiptId}/void',
    prepare: async () => {
      const id = await rated({ category: 'TRANSFER_BASE' });
      const achievement = await ok(api.call('achievements', 'POST', '/achievements', { body: { applicationId: id, title: next('成果'), contractNo: next('HT') } }), 201);
      const receipt = await ok(api.call('achievements', 'POST', `/achievements/${achievement.id}/receipts`, { body: { date: '2021-06-01', amount: 19_000_000 } }), 201);
      await ok(api.call('achievements', 'POST', `/achievements/${achievement.id}/receipts`, { body: { date: '2021-06-02', amount: 2_000_000 } }), 201);
      return {
        fn: 'achievements',
        method: 'POST',
        path: `/achievements/${achievement.id}/receipts/${receipt.id}/void`,
        body: { reason: '重复录入' },
        status: 200,
        // 三(七): 19,000,000 leaves the 21,000,000 received; the cumulative subsidy falls from the cap to 100,000.
        delta: () => ({ transferReceived: -19_000_000, transferSubsidy: -900_000 }),
        check: async (answer) => {
          expect(answer.body).toMatchObject({ id: receipt.id, status: 'VOIDED', voided: { reason: '重复录入', adjustment: -900_000, cumulativeReceived: 2_000_000, cumulativeSubsidy: 100_000 } });
          expect((await events(id, 'RECEIPT_VOIDED')).map((r) => r.id)).toEqual([receipt.id]);
          // The counter agrees with the receipts that stand: the next receipt earns on 2,000,000.
          const r = await ok(api.call('achievements', 'POST', `/achievements/${achievement.id}/receipts`, { body: { date: '2021-06-03', amount: 0.01 } }), 201);
          expect(r).toMatchObject({ sequence: 3, cumulativeReceived: 2_000_000.01, cumulativeSubsidy: 100_000 });
        },
      };
    },
  },
  {
    name: 'PATCH /applications/{id} moving it to another district (its counts move with it)',
    prepare: async () => {
      const id = await filed();
      return {
        fn: 'applications',
        method: 'PATCH',
        path: `/applications/${id}`,
        body: { district: 'JIANGBEI', field: 'NEW_ENERGY', reason: next('区县填错') },
        status: 200,
        delta: () => ({ 'byDistrict.YUBEI': -1, 'byDistrict.JIANGBEI': 1, 'byField.BIG_DATA': -1, 'byField.NEW_ENERGY': 1 }),
        check: async () => {
          expect((await ok(api.call('applications', 'GET', `/applications/${id}`), 200)).application).toMatchObject({ district: 'JIANGBEI', field: 'NEW_ENERGY', status: 'SUBMITTED' });
          expect(await events(id, 'APPLICATION_AMENDED')).toHaveLength(1);
        },
      };
    },
  },
  ...(['withdraw', 'reject'] as const).map(
    (action): Route => ({
      name: `POST /applications/{id}/${action}`,
      prepare: async () => {
        const id = await filed();
        return {
          fn: 'applications',
          method: 'POST',
          path: `/applications/${id}/${action}`,
          body: { reason: next('原因') },
          status: 200,
          delta: () => ({}),
          check: async () => {
            const status = action === 'withdraw' ? 'WITHDRAWN' : 'REJECTED';
            expect((await ok(api.call('applications', 'GET', `/applications/${id}`), 200)).application).toMatchObject({ status });
            expect(await events(id, `APPLICATION_${status}`)).toHaveLength(1);
          },
        };
      },
    }),
  ),
  {
    name: 'POST /applications/{id}/support',
    prepare: async () => {
      const id = await rated();
      return {
        fn: 'applications',
        method: 'POST',
        path: `/applications/${id}/support`,
        body: { kind: 'SEED_FUND', date: '2021-01-01' },
        status: 201,
        delta: () => ({ 'support.SEED_FUND': 1 }),
        check: async (answer) => {
          expect((await events(id, 'SUPPORT_RECORDED')).map((s) => s.id)).toEqual([answer.body.id]);
          expect((await ok(api.call('applications', 'GET', `/applications/${id}`), 200)).support).toHaveLength(1);
        },
      };
    },
  },
  {
    name: 'POST /achievements refused as a DUPLICATE of its contract (409 kept for the retry)',
    prepare: async () => {
      const id = await rated({ category: 'TRANSFER_BASE' });
      const contractNo = next('HT');
      const first = await ok(api.call('achievements', 'POST', '/achievements', { body: { applicationId: id, title: next('成果'), contractNo } }), 201);
      return {
        fn: 'achievements',
        method: 'POST',
        path: '/achievements',
        body: { applicationId: id, title: next('成果'), contractNo: ` ${contractNo.toLowerCase().replace(/-/g, ' – ')} ` },
        status: 409,
        delta: () => ({}),
        check: async (answer) => {
          expect(answer.body.error).toMatchObject({ code: 'DUPLICATE', field: 'contractNo', existingId: first.id });
          expect((await events(id, 'ACHIEVEMENT_CREATED')).map((a) => a.id)).toEqual([first.id]);
        },
      };
    },
  },
  {
    name: 'POST /keys/{id}/revoke (the key and its listing entry marked together)',
    prepare: async () => {
      const made = await ok(api.call('keys', 'POST', '/keys', { body: { role: 'viewer', label: next('只读 查看') } }), 201);
      return {
        fn: 'keys',
        method: 'POST',
        path: `/keys/${made.id}/revoke`,
        body: undefined,
        status: 200,
        delta: () => ({}),
        check: async (answer) => {
          expect(answer.body).toMatchObject({ id: made.id, label: made.label, revokedAt: expect.any(String) });
          expect((await api.call('reports', 'GET', '/reports/summary', { key: made.key })).status).toBe(401);
          const listed = (await ok(api.call('keys', 'GET', '/keys'), 200)).items as { id: string }[];
          expect(listed.filter((k) => k.id === made.id)).toEqual([answer.body]);
        },
      };
    },
  },
  {
    name: 'POST /partners/merge (the name counted in the city and two districts, one of them counting both)',
    prepare: async () => {
      const into = next('大学');
      const name = next('University');
      await rated({ partner: { name: into, type: 'DOMESTIC_UNIVERSITY', country: 'CN' } });
      await rated({ partner: { name, type: 'DOMESTIC_UNIVERSITY', country: 'CN' } });
      await rated({ partner: { name, type: 'DOMESTIC_UNIVERSITY', country: 'CN' }, district: 'JIANGBEI' });
      return {
        fn: 'partners',
        method: 'POST',
        path: '/partners/merge',
        body: { name, into, reason: next('同一机构') },
        status: 200,
        // The summary read is the city's: one partner fewer (YUBEI too, which counted both; JIANGBEI keeps its one).
        delta: () => ({ partnersIntroduced: -1 }),
        check: async (answer) => {
          expect(answer.body).toMatchObject({ name, into, counted: true, districts: [{ district: 'JIANGBEI', applications: 1, both: false }, { district: 'YUBEI', applications: 1, both: true }] });
          const partners = (await ok(api.call('partners', 'GET', '/partners'), 200)).items as { name: string; aliases: string[]; applications: number }[];
          expect(partners.filter((p) => p.name === into || p.name === name)).toEqual([expect.objectContaining({ name: into, aliases: [name], applications: 3 })]);
          const records = await queryRange(tableClient(), { pk: 'PARTNERS#MERGES', prefix: 'M#' }, true);
          expect(records.filter((r) => r.displayName === name)).toHaveLength(1);
        },
      };
    },
  },
  {
    name: 'POST /applications refused as a DUPLICATE (409 kept for the retry)',
    prepare: async () => {
      const body = application({ institution: next('institute'), partner: { name: next('partner'), type: 'DOMESTIC_UNIVERSITY', country: 'CN' } });
      const holder = (await ok(api.call('applications', 'POST', '/applications', { body }), 201)).id as string;
      return {
        fn: 'applications',
        method: 'POST',
        path: '/applications',
        body,
        status: 409,
        delta: () => ({}),
        check: async (answer) => {
          expect(answer.body.error).toMatchObject({ code: 'DUPLICATE', existingId: holder, field: 'institution' });
        },
      };
    },
  },
];

/** A rating's committed money per year, as the answer's schedule says (the summary adds exactly that). */
function committed(answer: Answer): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of (answer.body.rating?.schedule ?? []) as { year: number; cap: number }[]) out[`committedByYear.${row.year}`] = (out[`committedByYear.${row.year}`] ?? 0) + row.cap;
  return out;
}

/** The request run to its end once: how many storage calls it makes, and after which one its answer is stored. */
async function dryRun(route: Route): Promise<{ calls: number; committedAt: number }> {
  const c = await route.prepare();
  api.clearLog();
  const answer = await api.call(c.fn, c.method, c.path, { body: c.body, idempotencyKey: next('dry') });
  expect(answer.status, JSON.stringify(answer.body)).toBe(c.status);
  const log = [...api.log];
  // The answer is stored by the fact's transaction, or (a refusal) by its own put; a transaction the store cancelled
  // (a DUPLICATE refused by its marker's condition) stored nothing.
  const committedAt = log.findIndex((call) => !call.failed && (call.command === 'TransactWriteItemsCommand' || (call.command === 'PutItemCommand' && call.pk?.startsWith('IDEM#')))) + 1;
  expect(committedAt, `no commit among ${log.map((l) => l.command).join(', ')}`).toBeGreaterThan(0);
  return { calls: log.length, committedAt };
}

describe('a crash after every storage call of every write route, then the retry', () => {
  for (const route of ROUTES) {
    it(route.name, async () => {
      const { calls, committedAt } = await dryRun(route);
      for (let k = 0; k <= calls; k++) {
        const c = await route.prepare();
        const before = await summary();
        const key = next('crash');
        api.dieAfter(k);
        const crashed = await api.call(c.fn, c.method, c.path, { body: c.body, idempotencyKey: key });
        expect(crashed.status, `k=${k}: the dead process answers nothing useful`).toBe(500);
        api.restart();

        const retry = await api.call(c.fn, c.method, c.path, { body: c.body, idempotencyKey: key });
        expect(retry.status, `k=${k} of ${calls}: ${JSON.stringify(retry.body)}`).toBe(c.status);
        expect(retry.headers['idempotent-replay'] === 'true', `k=${k}: replayed exactly when the answer had been stored (after call ${committedAt})`).toBe(k >= committedAt);
        // A second retry is the same answer, replayed, and changes nothing.
        const again = await api.call(c.fn, c.method, c.path, { body: c.body, idempotencyKey: key });
        expect({ status: again.status, body: again.body, replay: again.headers['idempotent-replay'] }).toEqual({ status: retry.status, body: retry.body, replay: 'true' });

        expect(figures(await summary()), `k=${k}: every summary figure moved by one fact`).toEqual(moved(before, c.delta(retry)));
        await c.check(retry);
        // And every derived figure of the whole table equals what its records add up to (npm run reconcile's check).
        expect((await findDrifts(tableClient())).drifts.map(describeDrift), `k=${k}`).toEqual([]);
      }
    }, 120_000);
  }

  it('POST /keys (no Idempotency-Key): a crash leaves no half key, and the retry makes one that works', async () => {
    api.clearLog();
    await ok(api.call('keys', 'POST', '/keys', { body: { role: 'viewer', label: '只读 crash test' } }), 201);
    const calls = api.log.length;
    expect(calls).toBeGreaterThan(0);
    for (let k = 0; k <= calls; k++) {
      api.dieAfter(k);
      expect((await api.call('keys', 'POST', '/keys', { body: { role: 'viewer', label: '只读 crash test' } })).status).toBe(500);
      api.restart();
      const made = await ok(api.call('keys', 'POST', '/keys', { body: { role: 'viewer', label: '只读 crash test' } }), 201);
      expect((await api.call('reports', 'GET', '/reports/summary', { key: made.key })).status).toBe(200);
    }
  });
});
