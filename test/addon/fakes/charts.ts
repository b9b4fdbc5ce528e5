/**
 * Embedded charts (`sheet.newChart()…build()`, `insertChart`, `getCharts`, `updateChart`, `removeChart`, `modify()`) and
 * the `Charts.ChartType` enum. A chart is a record of what the builder was told: its type, its ranges (A1 notation
 * through `spec()`), its options (title included), its position; nothing is drawn.
 */
import type { Fake } from './google.js';
import type { FakeRange } from './spreadsheet.js';

/** `Charts.ChartType`: each member stands for itself by name, as Apps Script's enum prints. */
export const fakeCharts = {
  ChartType: Object.fromEntries(
    ['AREA', 'BAR', 'BUBBLE', 'CANDLESTICK', 'COLUMN', 'COMBO', 'GAUGE', 'GEO', 'HISTOGRAM', 'LINE', 'PIE', 'SCATTER', 'TABLE'].map((n) => [n, n]),
  ) as Record<string, string>,
};

export interface ChartState {
  type: string;
  ranges: FakeRange[];
  options: Record<string, unknown>;
  position?: { row: number; column: number; offsetX: number; offsetY: number };
  numHeaders?: number;
}

/** What a test asserts of a chart. */
export interface ChartSpecRecord {
  readonly id: number;
  readonly type: string;
  readonly ranges: readonly string[];
  readonly options: Record<string, unknown>;
  readonly position?: ChartState['position'];
}

type ChartUsed = 'getChartId' | 'getOptions' | 'getRanges' | 'modify';

export class FakeChart implements Fake<GoogleAppsScript.Spreadsheet.EmbeddedChart, ChartUsed> {
  constructor(
    readonly id: number,
    readonly state: ChartState,
  ) {}
  getChartId(): number {
    return this.id;
  }
  getOptions() {
    return { get: (option: string) => this.state.options[option] } satisfies Fake<GoogleAppsScript.Charts.ChartOptions, 'get'>;
  }
  getRanges(): FakeRange[] {
    return [...this.state.ranges];
  }
  modify(): FakeChartBuilder {
    return new FakeChartBuilder(this.id, { ...this.state, ranges: [...this.state.ranges], options: { ...this.state.options } });
  }
  spec(): ChartSpecRecord {
    return {
      id: this.id,
      type: this.state.type,
      ranges: this.state.ranges.map((r) => r.getA1Notation()),
      options: { ...this.state.options },
      ...(this.state.position ? { position: this.state.position } : {}),
    };
  }
}

type BuilderUsed = 'setChartType' | 'addRange' | 'clearRanges' | 'setOption' | 'setPosition' | 'setNumHeaders' | 'build';

export class FakeChartBuilder implements Fake<GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder, BuilderUsed> {
  constructor(
    /** undefined until inserted: a chart gets its id from `insertChart`. */
    readonly id: number | undefined,
    readonly state: ChartState = { type: '', ranges: [], options: {} },
  ) {}
  setChartType(type: GoogleAppsScript.Charts.ChartType | string): this {
    this.state.type = String(type);
    return this;
  }
  addRange(range: FakeRange): this {
    this.state.ranges.push(range);
    return this;
  }
  clearRanges(): this {
    this.state.ranges = [];
    return this;
  }
  setOption(option: string, value: unknown): this {
    this.state.options[option] = value;
    return this;
  }
  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): this {
    this.state.position = { row: anchorRowPos, column: anchorColPos, offsetX, offsetY };
    return this;
  }
  setNumHeaders(headers: number): this {
    this.state.numHeaders = headers;
    return this;
  }
  build(): FakeChart {
    return new FakeChart(this.id ?? -1, { ...this.state, ranges: [...this.state.ranges], options: { ...this.state.options } });
  }
}
