/** `PropertiesService`: one person's user properties (the sidebar's API URL and key), kept in a Map. */
import type { Fake } from './google.js';

type Used = 'getProperty' | 'setProperty' | 'deleteProperty';

export class FakeProperties implements Fake<GoogleAppsScript.Properties.Properties, Used> {
  readonly values = new Map<string, string>();
  getProperty(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setProperty(key: string, value: string): this {
    this.values.set(key, value);
    return this;
  }
  deleteProperty(key: string): this {
    this.values.delete(key);
    return this;
  }
}

export function fakePropertiesService(user: FakeProperties) {
  return { getUserProperties: () => user } satisfies Fake<GoogleAppsScript.Properties.PropertiesService, 'getUserProperties'>;
}
