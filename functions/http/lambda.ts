/**
 * The Lambda entry: API Gateway HTTP API payload v2 in, structured result out, through Hono's own adapter
 * (`hono/aws-lambda`). Before it, two answers that need no app: API Gateway's `$default` route (a request no route
 * matched) gets the 404 `npm start` gives, before any key check; a body over 256 KB gets 413 (the event already holds
 * the whole body), so nothing past the limit reaches parsing. And an empty `Idempotency-Key` is 400 here: the adapter
 * drops headers with empty values, so past this point it would look like no key at all.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 as Result, Context as LambdaContext } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import type { App } from './app.js';
import { ApiError } from '../domain/errors.js';
import { MAX_BODY_BYTES, noRoute, tooLarge } from './errors.js';

const emptyKey = new ApiError(400, 'INVALID', 'Idempotency-Key is empty: send 1–200 printable ASCII characters, or no header', 'Idempotency-Key', {
  messageZh: 'Idempotency-Key 为空：请填 1–200 个可打印 ASCII 字符，或不发送此请求头',
});

const json = (statusCode: number, body: object): Result => ({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export function lambdaHandler(app: App) {
  const run = handle(app);
  return async (event: APIGatewayProxyEventV2, context: LambdaContext): Promise<Result> => {
    if (event.routeKey === '$default') return json(404, noRoute(event.requestContext.http.method, event.rawPath));
    const size = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : 0;
    if (size > MAX_BODY_BYTES) return json(413, tooLarge);
    if (event.headers?.['idempotency-key'] === '') return json(400, emptyKey.body);
    // The v2 event gets the v2 result (`headers`, `cookies`), which the adapter's type does not say.
    return (await run(event as unknown as Parameters<typeof run>[0], context)) as Result;
  };
}
