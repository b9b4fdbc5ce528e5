/**
 * `UrlFetchApp`: records each request and answers it with `answer`, which a test sets. Until one is set every request
 * fails loudly (thrown as a network failure naming the request), so no test passes on an answer it never chose.
 */
import type { Fake } from './google.js';

type Options = GoogleAppsScript.URL_Fetch.URLFetchRequestOptions;

export interface FetchCall {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly payload?: string;
  readonly contentType?: string;
  readonly muteHttpExceptions?: boolean;
}
export type FetchAnswer = { status: number; body: unknown } | Error;

export class FakeUrlFetchApp implements Fake<GoogleAppsScript.URL_Fetch.UrlFetchApp, 'fetch' | 'fetchAll'> {
  readonly fetches: FetchCall[] = [];
  answer: (call: FetchCall) => FetchAnswer = (call) => new Error(`UrlFetchApp fake: no answer set for ${call.method} ${call.url}`);

  fetch(url: string, options: Options = {}) {
    if (typeof options.payload !== 'string' && options.payload !== undefined) throw new Error('UrlFetchApp fake: the add-on sends JSON text');
    const call: FetchCall = {
      url,
      method: (options.method ?? 'get').toUpperCase(),
      headers: { ...(options.headers ?? {}) } as Record<string, string>,
      ...(options.payload !== undefined ? { payload: options.payload } : {}),
      ...(options.contentType !== undefined ? { contentType: options.contentType } : {}),
      ...(options.muteHttpExceptions !== undefined ? { muteHttpExceptions: options.muteHttpExceptions } : {}),
    };
    this.fetches.push(call);
    const answer = this.answer(call);
    if (answer instanceof Error) throw answer;
    if (answer.status >= 400 && !options.muteHttpExceptions) throw new Error(`Request failed returned code ${answer.status}`);
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return {
      getResponseCode: () => answer.status,
      getContentText: () => text,
    } satisfies Fake<GoogleAppsScript.URL_Fetch.HTTPResponse, 'getResponseCode' | 'getContentText'>;
  }

  /** Each request answered through `answer`, in order, as `fetch` would; `fetchAlls` counts the calls (the round trips). */
  fetchAlls = 0;
  fetchAll(requests: (string | (Options & { url: string }))[]) {
    this.fetchAlls++;
    return requests.map((r) => (typeof r === 'string' ? this.fetch(r) : this.fetch(r.url, r)));
  }
}
