/** `ScriptApp`: the project's installable triggers, as records; only spreadsheet form-submit triggers are made. */
import type { Fake } from './google.js';

export interface TriggerRecord {
  readonly handler: string;
  readonly sourceId: string;
  readonly event: 'ON_FORM_SUBMIT';
}

export class FakeScriptApp implements Fake<GoogleAppsScript.Script.ScriptApp, 'getProjectTriggers' | 'newTrigger'> {
  readonly triggers: TriggerRecord[] = [];

  getProjectTriggers() {
    return this.triggers.map(
      (t) =>
        ({
          getHandlerFunction: () => t.handler,
          getTriggerSourceId: () => t.sourceId,
        }) satisfies Fake<GoogleAppsScript.Script.Trigger, 'getHandlerFunction' | 'getTriggerSourceId'>,
    );
  }

  newTrigger(handler: string) {
    const forSpreadsheet = (spreadsheet: string | { getId(): string }) => {
      const sourceId = typeof spreadsheet === 'string' ? spreadsheet : spreadsheet.getId();
      const create = () => void this.triggers.push({ handler, sourceId, event: 'ON_FORM_SUBMIT' });
      const builder = { create } satisfies Fake<GoogleAppsScript.Script.SpreadsheetTriggerBuilder, 'create'>;
      return { onFormSubmit: () => builder } satisfies Fake<GoogleAppsScript.Script.SpreadsheetTriggerBuilder, 'onFormSubmit'>;
    };
    return { forSpreadsheet } satisfies Fake<GoogleAppsScript.Script.TriggerBuilder, 'forSpreadsheet'>;
  }
}
