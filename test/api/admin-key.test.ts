/**
 * On AWS the admin key is read from the SSM SecureString named by ADMIN_API_KEY_PARAMETER (never from the template).
 * The Lambda handler is called directly with an API Gateway v2 event; SSM is an HTTP endpoint on this machine
 * (AWS_ENDPOINT_URL_SSM) that answers GetParameter the way SSM does, and checks the request is SigV4-signed.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, startLocalStore, type EmbeddedStore } from '../../functions/local/store.js';

const SECRET = 'kc_admin_from_ssm_0123456789abcdefghijklmnopqrstuvwxyz';
const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
const ssm = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    seen.push({ headers: req.headers, body });
    const name = (JSON.parse(body) as { Name?: string }).Name;
    res.writeHead(name === '/kechuang/admin-api-key' ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(name === '/kechuang/admin-api-key' ? { Parameter: { Name: name, Type: 'SecureString', Value: SECRET } } : { __type: 'ParameterNotFound' }));
  });
});
let store: EmbeddedStore;

beforeAll(async () => {
  await new Promise<void>((r) => ssm.listen(0, '127.0.0.1', () => r()));
  store = await startLocalStore(undefined);
  await ensureTable(store.endpoint, 'kechuang-ssm');
  delete process.env.ADMIN_API_KEY;
  Object.assign(process.env, {
    TABLE_NAME: 'kechuang-ssm',
    DYNAMODB_ENDPOINT: store.endpoint,
    ADMIN_API_KEY_PARAMETER: '/kechuang/admin-api-key',
    AWS_ENDPOINT_URL_SSM: `http://127.0.0.1:${(ssm.address() as AddressInfo).port}`,
    AWS_REGION: 'ap-southeast-1',
  });
});
afterAll(async () => {
  ssm.close();
  await store?.close();
});

const event = (key: string): APIGatewayProxyEventV2 => ({
  version: '2.0',
  routeKey: 'GET /policy',
  rawPath: '/policy',
  rawQueryString: '',
  headers: { 'x-api-key': key, host: 'api.example' },
  requestContext: {
    accountId: '1',
    apiId: 'a',
    domainName: 'api.example',
    domainPrefix: 'api',
    http: { method: 'GET', path: '/policy', protocol: 'HTTP/1.1', sourceIp: '1.2.3.4', userAgent: 't' },
    requestId: 'r',
    routeKey: 'GET /policy',
    stage: '$default',
    time: '',
    timeEpoch: 0,
  },
  isBase64Encoded: false,
});

describe('admin key from SSM', () => {
  it('the key in the parameter is the admin key; the read is one signed GetParameter with decryption', async () => {
    const { handler } = await import('../../functions/handlers/policy.js');
    const ok = await handler(event(SECRET), {} as never);
    expect(ok.statusCode).toBe(200);
    const wrong = await handler(event(`${SECRET}x`), {} as never);
    expect(wrong.statusCode).toBe(401);
    expect((await handler(event(SECRET), {} as never)).statusCode).toBe(200);

    expect(seen).toHaveLength(1); // read once within ADMIN_KEY_TTL_MS (admin-key-length.test.ts: read again after it)
    const [request] = seen;
    expect(JSON.parse(request?.body ?? '')).toEqual({ Name: '/kechuang/admin-api-key', WithDecryption: true });
    expect(request?.headers['x-amz-target']).toBe('AmazonSSM.GetParameter');
    expect(request?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/ap-southeast-1\/ssm\/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/);
    expect(request?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });
});

describe('SSM endpoint', () => {
  it('is under amazonaws.com.cn in the China regions and amazonaws.com elsewhere; AWS_ENDPOINT_URL_SSM wins', async () => {
    const { ssmEndpoint } = await import('../../functions/http/admin-key.js');
    expect(ssmEndpoint('cn-north-1').href).toBe('https://ssm.cn-north-1.amazonaws.com.cn/');
    expect(ssmEndpoint('cn-northwest-1').href).toBe('https://ssm.cn-northwest-1.amazonaws.com.cn/');
    expect(ssmEndpoint('ap-southeast-1').href).toBe('https://ssm.ap-southeast-1.amazonaws.com/');
    expect(ssmEndpoint('us-east-1').href).toBe('https://ssm.us-east-1.amazonaws.com/');
    expect(ssmEndpoint('cn-north-1', 'https://vpce-1.ssm.cn-north-1.vpce.amazonaws.com.cn').host).toBe('vpce-1.ssm.cn-north-1.vpce.amazonaws.com.cn');
  });
});
