/**
 * Where the add-on learns the API: the URL and key each person enters in the sidebar, kept in their own user
 * properties (never in the sheet, never shown back in full). The form trigger runs as the person who enabled it, so
 * it reads that person's settings.
 */
const URL_PROPERTY = 'KECHUANG_API_URL';
const KEY_PROPERTY = 'KECHUANG_API_KEY';

export interface ApiSettings {
  readonly apiUrl: string;
  readonly apiKey: string;
}

/** What the sidebar may see: the URL and whether a key is set, with its last 4 characters as a hint. */
export interface SettingsView {
  readonly apiUrl: string;
  readonly hasKey: boolean;
  readonly keyHint: string;
}

export interface SettingsInput {
  readonly apiUrl?: string;
  /** Blank keeps the key already saved. */
  readonly apiKey?: string;
}

export function readSettings(): ApiSettings | undefined {
  const props = PropertiesService.getUserProperties();
  const apiUrl = props.getProperty(URL_PROPERTY) ?? '';
  const apiKey = props.getProperty(KEY_PROPERTY) ?? '';
  return apiUrl && apiKey ? { apiUrl, apiKey } : undefined;
}

export function settingsView(): SettingsView {
  const props = PropertiesService.getUserProperties();
  const key = props.getProperty(KEY_PROPERTY) ?? '';
  return { apiUrl: props.getProperty(URL_PROPERTY) ?? '', hasKey: key !== '', keyHint: key ? `…${key.slice(-4)}` : '' };
}

/** Saves the settings; a URL that is not https://host/… is refused with a message the sidebar shows. */
export function saveSettings(input: SettingsInput): SettingsView {
  const apiUrl = String(input.apiUrl ?? '').trim().replace(/\/+$/, '');
  if (!/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(apiUrl)) {
    throw new Error('API 地址应以 https:// 开头 (the API URL must be https://host/path)');
  }
  const props = PropertiesService.getUserProperties();
  props.setProperty(URL_PROPERTY, apiUrl);
  const apiKey = String(input.apiKey ?? '').trim();
  if (apiKey) props.setProperty(KEY_PROPERTY, apiKey);
  return settingsView();
}
