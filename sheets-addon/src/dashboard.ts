/**
 * `汇总 Dashboard`: GET /reports/summary laid out as small tables at fixed places, and three charts built with
 * `EmbeddedChartBuilder` over those tables. A refresh rewrites the tables and rebuilds its own charts in place (found by
 * title), so charts never pile up; a chart someone added by hand is left alone.
 */
import { DISTRICTS } from '../../shared/index.js';
import type { Summary } from './api-types.js';
import { DASHBOARD, YUAN_FORMAT } from './layout.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Cell = string | number;

/** Where each table starts (row, column); the charts' ranges are these tables. */
export const PLACES = {
  figures: { row: 3, column: 1 },
  partners: { row: 13, column: 1 },
  byYear: { row: 3, column: 5 },
  byDistrict: { row: 3, column: 9 },
} as const;

export interface ChartSpec {
  readonly title: string;
  readonly type: 'BAR' | 'COLUMN';
  readonly table: keyof typeof PLACES;
  readonly position: readonly [row: number, column: number];
}

export const CHARTS: readonly ChartSpec[] = [
  { title: '引进合作方与目标 Partners introduced vs goal', type: 'BAR', table: 'partners', position: [17, 1] },
  { title: '各年度承诺与支付 Committed vs paid by year', type: 'COLUMN', table: 'byYear', position: [3, 13] },
  { title: '各区县资金 Money by district', type: 'BAR', table: 'byDistrict', position: [22, 13] },
];

export function dashboardSheet(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): Sheet {
  return spreadsheet.getSheetByName(DASHBOARD.name) ?? spreadsheet.insertSheet(DASHBOARD.name);
}

const money = (record: Summary['committedByYear'], key: string): number => record[key] ?? 0;

/** A table: `[header, …rows]`, and which of its cells hold yuan: `[first row, last row, column]`, 0-based within it. */
interface Table {
  readonly cells: Cell[][];
  readonly yuan: readonly (readonly [number, number, number])[];
}

export function dashboardTables(summary: Summary): Record<keyof typeof PLACES, Table> {
  const years = [...new Set([...Object.keys(summary.committedByYear), ...Object.keys(summary.paidByYear)])].sort();
  const order = (code: string): number => {
    const i = (DISTRICTS.codes as readonly string[]).indexOf(code);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const districts = [...new Set([...Object.keys(summary.committedByDistrict), ...Object.keys(summary.paidByDistrict)])].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  return {
    figures: {
      cells: [
        ['指标 Figure', '数值 Value'],
        ['范围 Scope', `${summary.scopeLabel} (${summary.scope})`],
        ['引进合作方 Partners introduced', summary.partnersIntroduced],
        ['目标 Goal', summary.goal],
        ['申请 Applications', summary.applications],
        ['已评定 Rated', summary.rated],
        ['成果转化到账（元）Transfer received (yuan)', summary.transferReceived],
        ['成果转化补贴（元）Transfer subsidy (yuan)', summary.transferSubsidy],
      ],
      yuan: [[6, 7, 1]],
    },
    partners: {
      cells: [
        ['', '已引进 Introduced', '目标 Goal'],
        ['合作方 Partners', summary.partnersIntroduced, summary.goal],
      ],
      yuan: [],
    },
    byYear: {
      cells: [['年度 Year', '承诺（元）Committed (yuan)', '已支付（元）Paid (yuan)'], ...years.map((y) => [`${y}年`, money(summary.committedByYear, y), money(summary.paidByYear, y)])],
      yuan: [
        [1, years.length, 1],
        [1, years.length, 2],
      ],
    },
    byDistrict: {
      cells: [
        ['区县 District', '承诺（元）Committed (yuan)', '已支付（元）Paid (yuan)'],
        ...districts.map((d) => [summary.labels[d] ?? d, money(summary.committedByDistrict, d), money(summary.paidByDistrict, d)]),
      ],
      yuan: [
        [1, districts.length, 1],
        [1, districts.length, 2],
      ],
    },
  };
}

/** Rewrites the tables (the old ones cleared first) and brings the three charts up to date. */
export function writeDashboard(sheet: Sheet, summary: Summary): void {
  sheet.clearContents();
  sheet.getRange(1, 1).setValue(`汇总 Dashboard：${summary.scopeLabel}`).setFontWeight('bold');
  const tables = dashboardTables(summary);
  const ranges = {} as Record<keyof typeof PLACES, GoogleAppsScript.Spreadsheet.Range>;
  for (const key of Object.keys(PLACES) as (keyof typeof PLACES)[]) {
    const { row, column } = PLACES[key];
    const { cells, yuan } = tables[key];
    const width = cells[0]?.length ?? 1;
    ranges[key] = sheet.getRange(row, column, cells.length, width).setValues(cells);
    sheet.getRange(row, column, 1, width).setFontWeight('bold');
    for (const [first, last, j] of yuan) if (last >= first) sheet.getRange(row + first, column + j, last - first + 1, 1).setNumberFormat(YUAN_FORMAT);
  }
  const existing = sheet.getCharts();
  for (const spec of CHARTS) {
    const found = existing.find((chart) => chart.getOptions().get('title') === spec.title);
    const builder = (found ? found.modify().clearRanges() : sheet.newChart())
      .setChartType(Charts.ChartType[spec.type])
      .addRange(ranges[spec.table])
      .setNumHeaders(1)
      .setOption('title', spec.title)
      .setOption('legend', { position: 'bottom' })
      .setPosition(spec.position[0], spec.position[1], 0, 0);
    if (found) sheet.updateChart(builder.build());
    else sheet.insertChart(builder.build());
  }
}
