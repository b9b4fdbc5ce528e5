/** The spreadsheet's `Ui`: records menus, alerts and sidebars instead of showing them. */
import type { Fake } from './google.js';
import type { FakeHtmlOutput } from './html.js';

export interface MenuRecord {
  readonly title: string;
  readonly items: [caption: string, functionName: string][];
}

export class FakeUi implements Fake<GoogleAppsScript.Base.Ui, 'createMenu' | 'alert' | 'showSidebar'> {
  readonly menus: MenuRecord[] = [];
  readonly alerts: string[] = [];
  readonly sidebars: FakeHtmlOutput[] = [];

  createMenu(title: string) {
    const menu: MenuRecord = { title, items: [] };
    const builder: Fake<GoogleAppsScript.Base.Menu, 'addItem' | 'addSeparator' | 'addToUi'> = {
      addItem: (caption: string, functionName: string) => {
        menu.items.push([caption, functionName]);
        return builder;
      },
      addSeparator: () => builder,
      addToUi: () => void this.menus.push(menu),
    };
    return builder;
  }
  alert(prompt: string): GoogleAppsScript.Base.Button {
    this.alerts.push(prompt);
    return 1 as GoogleAppsScript.Base.Button; // Button.OK
  }
  showSidebar(html: FakeHtmlOutput): void {
    this.sidebars.push(html);
  }
}
