/**
 * On AWS the admin key is read from the SSM SecureString named by ADMIN_API_KEY_PARAMETER (never from the template).
 * The Lambda handler is called directly with an API Gateway v2 event; SSM is an HTTP endpoint on this machine
 * (AWS_ENDPOINT_URL_SSM) that answers GetParameter the way SSM does; the request's SigV4 signature is checked by
 * signing the request it received again with @smithy/signature-v4 (the credentials, region, service and date SSM
 * would use) and comparing the two.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
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

/** SHA-256 for the signer, from node:crypto (the test's own, not the code's). */
class Sha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.make();
  }
  private make(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    return createHmac('sha256', typeof this.secret === 'string' ? this.secret : Buffer.from(ArrayBuffer.isView(this.secret) ? new Uint8Array(this.secret.buffer, this.secret.byteOffset, this.secret.byteLength) : new Uint8Array(this.secret)));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.make();
  }
}

/**
 * The `Authorization` header SigV4 gives the request SSM received, signed again with `as`: the same method, path, body
 * and signed headers (the payload hash and the date are left for the signer to make: from the body, and from the
 * request's x-amz-date), so the two agree only if the request was signed for that secret, region and service, at
 * that time, over that body.
 */
async function resigned(request: { headers: IncomingHttpHeaders; body: string }, as: { accessKeyId: string; secretAccessKey: string; region: string; service: string }): Promise<{ authorization?: string; payloadHash?: string }> {
  const signedNames = /SignedHeaders=([^,]+)/.exec(String(request.headers.authorization))?.[1]?.split(';') ?? [];
  const headers = Object.fromEntries(signedNames.filter((n) => n !== 'x-amz-date' && n !== 'x-amz-content-sha256').map((n) => [n, String(request.headers[n])]));
  const [, y, mo, d, h, mi, sec] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(String(request.headers['x-amz-date'])) ?? [];
  const signingDate = new Date(`${y}-${mo}-${d}T${h}:${mi}:${sec}Z`);
  const [hostname, port] = String(request.headers.host).split(':');
  const signer = new SignatureV4({ service: as.service, region: as.region, sha256: Sha256, credentials: { accessKeyId: as.accessKeyId, secretAccessKey: as.secretAccessKey } });
  const again = await signer.sign({ method: 'POST', protocol: 'http:', hostname: hostname ?? '', port: Number(port), path: '/', query: {}, headers, body: request.body }, { signingDate });
  return { authorization: again.headers.authorization, payloadHash: again.headers['x-amz-content-sha256'] };
}

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

    // The signature is SigV4's for the DynamoDB client's credentials (DynamoDB Local's: local/local), SSM, this
    // region: signed again by @smithy/signature-v4 it is the same header, byte for byte.
    if (!request) throw new Error('no request');
    const right = { accessKeyId: 'local', secretAccessKey: 'local', region: 'ap-southeast-1', service: 'ssm' };
    // The payload hash it sent is the body's, and signed again the Authorization header is the same, byte for byte.
    expect(await resigned(request, right)).toEqual({ authorization: request.headers.authorization, payloadHash: request.headers['x-amz-content-sha256'] });
    expect(request.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(request.body).digest('hex'));
    // And the check can fail: another secret, region or service, or another body, signs differently.
    const others = [{ secretAccessKey: 'local2' }, { region: 'ap-southeast-2' }, { service: 'dynamodb' }];
    for (const wrong of others) {
      const other = (await resigned(request, { ...right, ...wrong })).authorization;
      expect(other, JSON.stringify(wrong)).toMatch(/^AWS4-HMAC-SHA256 .*Signature=[0-9a-f]{64}$/);
      expect(other, JSON.stringify(wrong)).not.toBe(request.headers.authorization);
    }
    const tampered = await resigned({ ...request, body: request.body.replace('admin-api-key', 'admin-api-kez') }, right);
    expect(tampered.payloadHash).not.toBe(request.headers['x-amz-content-sha256']);
    expect(tampered.authorization).not.toBe(request.headers.authorization);
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
