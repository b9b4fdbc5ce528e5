/** `PropertiesService`: one person's user properties (the sidebar's API URL and key), kept in a Map. */
import type { Fake } from './google.js';

/** Apps Script's quotas: 9 kB per property value, 500 kB per property store. */
export const VALUE_BYTES = 9 * 1024;
export const STORE_BYTES = 500 * 1024;

type Used = 'getProperty' | 'setProperty' | 'deleteProperty';

export class FakeProperties implements Fake<GoogleAppsScript.Properties.Properties, Used> {
  readonly values = new Map<string, string>();
  getProperty(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  /**
   * Within Apps Script's quotas, as Apps Script refuses beyond them: a value of at most 9 kB, a store of at most 500 kB
   * (counted here as the keys' and values' UTF-8 bytes).
   */
  setProperty(key: string, value: string): this {
    const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
    if (bytes(String(value)) > VALUE_BYTES) throw new Error('Argument too large: value');
    let total = bytes(key) + bytes(String(value));
    for (const [k, v] of this.values) if (k !== key) total += bytes(k) + bytes(v);
    if (total > STORE_BYTES) throw new Error('You have exceeded the property storage quota. Please remove some properties and try again.');
    this.values.set(key, String(value));
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
