/**
 * GET /reports/export.xlsx's work after the reads: exportSheets + writeWorkbook (functions/http/export-sheets.ts,
 * workbook.ts, as functions/routes/export.ts calls them) on generated answers of 500, 1,000 and 2,000 applications
 * with 19 rows each (the application, 10 ledger rows, 5 payments, 3 receipts), each size in a fresh Node process so
 * its peak memory is its own. Prints wall time, CPU time (user + system: what a Lambda vCPU has to give), the
 * process's peak RSS and the workbook's size (and in base64, as Lambda answers it: at most 6 MB).
 *
 * The export function's limit (functions/services/export.ts EXPORT_MAX_APPLICATIONS) and memory
 * (functions/manifest.ts) are read from these figures. `BENCH_EXPORT_SIZES=500,4000` measures other sizes.
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  APPLICATION_STATUS_LABELS,
  CATEGORY_LABELS,
  DISTRICT_LABELS,
  FIELD_LABELS,
  ITEM_LABELS,
  PARTNER_TYPE_LABELS,
  RECORD_STATUS_LABELS,
  TALENT_LABELS,
} from '../../shared/index.js';
import { exportSheets, type ExportAnswers } from '../../functions/http/export-sheets.js';
import { writeWorkbook } from '../../functions/http/workbook.js';
import { random } from './random.js';

type Exported = ExportAnswers['applications'][number];

/** Generated answers of `n` applications, each with 10 ledger rows, 5 payments (one voided) and 3 receipts (one voided). */
function generate(n: number): ExportAnswers {
  const next = random(n);
  const pick = <T extends Record<string, string>>(labels: T): [keyof T & string, string] => {
    const codes = Object.keys(labels);
    const code = codes[Math.floor(next() * codes.length)] as keyof T & string;
    return [code, labels[code] as string];
  };
  const id = (prefix: string) => `${prefix}_${Math.floor(next() * 2 ** 52).toString(36).padStart(11, '0')}${Math.floor(next() * 2 ** 30).toString(36)}`;
  const yuan = (max: number) => Math.round(next() * max * 100) / 100;
  const instant = () => new Date(Date.UTC(2020, 0, 1) + Math.floor(next() * 3 * 365 * 86_400_000)).toISOString();
  const day = (year: number) => `${year}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;

  const applications: Exported[] = [];
  for (let i = 0; i < n; i++) {
    const [category, categoryLabel] = pick(CATEGORY_LABELS);
    const [district, districtLabel] = pick(DISTRICT_LABELS);
    const [field, fieldLabel] = pick(FIELD_LABELS);
    const [talent, talentLabel] = pick(TALENT_LABELS);
    const [type, typeLabel] = pick(PARTNER_TYPE_LABELS);
    const createdAt = instant();
    const application: Exported['application'] = {
      id: id('app'),
      institution: `重庆${districtLabel}某某科技研究院有限公司 ${i + 1}`,
      partner: { name: `Partner Institute of Advanced Research ${i % 997}`, type, typeLabel, country: 'DE' },
      category,
      categoryLabel,
      district,
      districtLabel,
      field,
      fieldLabel,
      talent,
      talentLabel,
      legalPerson: true,
      requestedAmount: yuan(20_000_000),
      status: 'RATED',
      statusLabel: APPLICATION_STATUS_LABELS.RATED,
      rating: { ratingDate: day(2020), edition: '2019-2022', caseByCase: false, totalCap: 10_000_000, schedule: [], warnings: [] },
      createdAt,
      updatedAt: createdAt,
    };
    const ledger: Exported['ledger'] = Array.from({ length: 10 }, (_, r) => {
      const [item, itemLabel] = pick(ITEM_LABELS);
      const cap = yuan(5_000_000);
      const paid = yuan(cap);
      return { year: 2020 + (r % 3), item, itemLabel, clause: '三(一)', cap, approved: cap, paid, remaining: Math.round((cap - paid) * 100) / 100 };
    });
    const payments: Exported['payments'] = Array.from({ length: 5 }, (_, p) => {
      const [item, itemLabel] = pick(ITEM_LABELS);
      const voided = p === 4;
      const amount = yuan(1_000_000);
      return {
        id: id('pay'),
        applicationId: application.id,
        item,
        itemLabel,
        year: 2020 + (p % 3),
        amount,
        paidToDate: amount,
        cap: 5_000_000,
        paidOn: day(2020 + (p % 3)),
        voucher: `V-${i}-${p}`,
        createdAt: instant(),
        status: voided ? 'VOIDED' : 'RECORDED',
        statusLabel: RECORD_STATUS_LABELS[voided ? 'VOIDED' : 'RECORDED'],
        ...(voided ? { voidedAt: instant(), voidedBy: id('key'), voidReason: '录入错误' } : {}),
      };
    });
    const achievementId = id('ach');
    const receipts: Exported['achievements'][number]['receipts'] = Array.from({ length: 3 }, (_, r) => {
      const voided = r === 2;
      const amount = yuan(2_000_000);
      return {
        id: id('rcp'),
        achievementId,
        sequence: r + 1,
        date: day(2021),
        amount,
        subsidy: Math.round(amount * 5) / 100,
        cumulativeReceived: amount,
        cumulativeSubsidy: amount / 20,
        capReached: false,
        clause: '三(七)',
        voucher: `R-${i}-${r}`,
        status: voided ? 'VOIDED' : 'RECORDED',
        statusLabel: RECORD_STATUS_LABELS[voided ? 'VOIDED' : 'RECORDED'],
        ...(voided ? { voided: { reason: '合同退款', at: instant(), keyId: id('key'), adjustment: -1_000, cumulativeReceived: 0, cumulativeSubsidy: 0, capReached: false } } : {}),
      };
    });
    const achievement: Exported['achievements'][number] = {
      id: achievementId,
      applicationId: application.id,
      district,
      districtLabel,
      title: `高精度传感器成果 ${i}`,
      contractNo: `HT-${i}`,
      cumulativeReceived: 0,
      cumulativeSubsidy: 0,
      capReached: false,
      createdAt: instant(),
      receipts,
    };
    applications.push({ application, ledger, achievements: [achievement], payments });
  }
  const summary: ExportAnswers['summary'] = {
    scope: 'ALL',
    scopeLabel: '全市',
    applications: n,
    rated: n,
    partnersIntroduced: Math.min(n, 100),
    goal: 100,
    byDistrict: Object.fromEntries(Object.keys(DISTRICT_LABELS).map((d) => [d, 1])),
    byCategory: Object.fromEntries(Object.keys(CATEGORY_LABELS).map((c) => [c, 1])),
    byField: Object.fromEntries(Object.keys(FIELD_LABELS).map((f) => [f, 1])),
    committedByYear: { 2020: 1, 2021: 2, 2022: 3 },
    paidByYear: { 2020: 1, 2021: 2, 2022: 3 },
    committedByDistrict: {},
    paidByDistrict: {},
    transferReceived: 0,
    transferSubsidy: 0,
    support: {},
    labels: { ...DISTRICT_LABELS, ...CATEGORY_LABELS, ...FIELD_LABELS },
  };
  return { applications, summary };
}

interface Measured {
  readonly applications: number;
  readonly rows: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly bytes: number;
}

/** One size, in this process: the answers made first (not timed), then the sheets and the workbook. */
async function measure(n: number): Promise<Measured> {
  const answers = generate(n);
  const rows = answers.applications.reduce((sum, a) => sum + 1 + a.ledger.length + a.payments.length + a.achievements.reduce((s, x) => s + x.receipts.length, 0), 0);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const bytes = await writeWorkbook(exportSheets(answers), new Date());
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { applications: n, rows, wallMs, cpuMs: (used.user + used.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024, bytes: bytes.length };
}

export async function run(): Promise<void> {
  const sizes = (process.env.BENCH_EXPORT_SIZES ?? '500,1000,2000').split(',').map(Number);
  const self = fileURLToPath(import.meta.url);
  console.log('applications  rows     wall      CPU      peak RSS   workbook   base64');
  for (const n of sizes) {
    // A fresh process per size (the tsx loader this one runs under): its peak RSS is this size's only.
    const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv, self, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const m = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Measured;
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MB`;
    console.log(
      `${m.applications.toLocaleString('en-US').padStart(12)}  ${m.rows.toLocaleString('en-US').padStart(6)}  ${(m.wallMs / 1000).toFixed(1).padStart(5)} s  ${(m.cpuMs / 1000).toFixed(1).padStart(5)} s  ${m.peakRssMb.toFixed(0).padStart(6)} MB  ${mb(m.bytes).padStart(9)}  ${mb(Math.ceil(m.bytes / 3) * 4).padStart(8)}`,
    );
  }
}

// Run as a child by run() above: one size, its figures as one JSON line.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] !== undefined) {
  console.log(JSON.stringify(await measure(Number(process.argv[2]))));
}
