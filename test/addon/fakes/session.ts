/** `Session` as the add-on sees it: only the script's time zone (custom functions may call nothing else). */
import type { Fake } from './google.js';

export type FakeSession = Fake<GoogleAppsScript.Base.Session, 'getScriptTimeZone'> & { zone: string };

export function fakeSession(timeZone = 'Asia/Shanghai'): FakeSession {
  const session = {
    zone: timeZone,
    getScriptTimeZone: (): string => session.zone,
  };
  return session;
}
