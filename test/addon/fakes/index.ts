/**
 * The Apps Script services the add-on touches, one small fake per service (each typed against
 * @types/google-apps-script), composed into the globals a loaded Code.js sees.
 */
import { fakeCharts } from './charts.js';
import { fakeHtmlService } from './html.js';
import { FakeLockService } from './lock.js';
import { FakeProperties, fakePropertiesService } from './properties.js';
import { FakeScriptApp } from './script-app.js';
import { fakeSession } from './session.js';
import { FakeSpreadsheet, fakeSpreadsheetApp } from './spreadsheet.js';
import { FakeUi } from './ui.js';
import { FakeUrlFetchApp } from './url-fetch.js';
import { fakeUtilities } from './utilities.js';

export { fakeSession } from './session.js';
export { FakeRange, FakeSheet, FakeSpreadsheet } from './spreadsheet.js';
export type { FetchAnswer, FetchCall } from './url-fetch.js';
export type { ChartSpecRecord, FakeChart } from './charts.js';

export interface Fakes {
  readonly spreadsheet: FakeSpreadsheet;
  readonly ui: FakeUi;
  readonly userProperties: FakeProperties;
  readonly urlFetch: FakeUrlFetchApp;
  readonly locks: FakeLockService;
  readonly scriptApp: FakeScriptApp;
  readonly globals: Record<string, unknown>;
}

export function makeFakes(spreadsheet = new FakeSpreadsheet()): Fakes {
  const ui = new FakeUi();
  const userProperties = new FakeProperties();
  const urlFetch = new FakeUrlFetchApp();
  const locks = new FakeLockService();
  const scriptApp = new FakeScriptApp();
  const globals = {
    SpreadsheetApp: fakeSpreadsheetApp(spreadsheet, ui),
    HtmlService: fakeHtmlService,
    PropertiesService: fakePropertiesService(userProperties),
    UrlFetchApp: urlFetch,
    LockService: locks,
    ScriptApp: scriptApp,
    Utilities: fakeUtilities(),
    Session: fakeSession(spreadsheet.getSpreadsheetTimeZone()),
    Charts: fakeCharts,
  };
  return { spreadsheet, ui, userProperties, urlFetch, locks, scriptApp, globals };
}
