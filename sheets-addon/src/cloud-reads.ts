/**
 * Many GETs at once: `UrlFetchApp.fetchAll` sends a chunk of requests in parallel and waits for all of them, so a
 * refresh of a few hundred applications costs a handful of round trips instead of hundreds inside Apps Script's
 * 6-minute limit. Chunks keep each call modest (Apps Script has no documented maximum; 50 is far inside any seen).
 */
import { answerOf, type ApiResult } from './api-client.js';
import type { ApiSettings } from './settings.js';

export const CHUNK = 50;

/** GET every path (in order; answers in the same order), `CHUNK` at a time. A network failure fails its chunk's answers. */
export function readAll<T>(settings: ApiSettings, paths: readonly string[]): ApiResult<T>[] {
  const answers: ApiResult<T>[] = [];
  for (let start = 0; start < paths.length; start += CHUNK) {
    const chunk = paths.slice(start, start + CHUNK);
    const requests: GoogleAppsScript.URL_Fetch.URLFetchRequest[] = chunk.map((path) => ({
      url: `${settings.apiUrl}${path}`,
      method: 'get',
      headers: { 'x-api-key': settings.apiKey },
      muteHttpExceptions: true,
      followRedirects: false,
    }));
    try {
      for (const response of UrlFetchApp.fetchAll(requests)) answers.push(answerOf<T>(response.getResponseCode(), response.getContentText()));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed: ApiResult<T> = { ok: false, error: { status: 0, code: 'NETWORK', message: `无法连接 API (cannot reach the API: ${message})` } };
      answers.push(...chunk.map(() => failed));
    }
  }
  return answers;
}
