/** `HtmlService`: an output names its file and title; nothing is rendered (the browser test renders Sidebar.html). */
import type { Fake } from './google.js';

export class FakeHtmlOutput implements Fake<GoogleAppsScript.HTML.HtmlOutput, 'setTitle' | 'getTitle'> {
  private title = '';
  constructor(readonly file: string) {}
  setTitle(title: string): this {
    this.title = title;
    return this;
  }
  getTitle(): string {
    return this.title;
  }
}

export const fakeHtmlService = {
  createHtmlOutputFromFile: (filename: string) => new FakeHtmlOutput(filename),
} satisfies Fake<GoogleAppsScript.HTML.HtmlService, 'createHtmlOutputFromFile'>;
