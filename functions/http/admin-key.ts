/**
 * The admin key's hash, read again every ADMIN_KEY_TTL_MS (60 s) so that a key rotated in SSM stops working within a
 * minute in every warm container. `ADMIN_API_KEY` (local, tests) holds the key itself; on AWS the
 * stack passes only `ADMIN_API_KEY_PARAMETER`, the name of an SSM SecureString, read here with decryption, so the
 * secret never appears in the template or the function's configuration. (The function's role needs
 * `ssm:GetParameter` on that parameter; `kms:Decrypt` too only if the parameter is encrypted with a customer-managed
 * KMS key — the default `aws/ssm` key needs no grant.)
 *
 * The read is one SigV4-signed SSM `GetParameter` call with the SDK's own signer and the credentials the DynamoDB
 * client already resolves: the SSM client would add 226 KB to every bundle for this one call.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { adminKeyRefusal, hashKey } from '../services/keys.js';
import { tableClient } from '../store/dynamodb/client.js';

/** How long a container keeps the admin key it read: a key rotated in SSM is refused by every container within this. */
export const ADMIN_KEY_TTL_MS = 60_000;
/** After a failed read, how long the admin key authenticates nobody before the next read is tried. */
export const ADMIN_KEY_RETRY_MS = 5_000;

/**
 * The admin key's hash as `read` gives it, read again once `ttlMs` has passed on `clock` (one read at a time, shared
 * by the requests waiting for it).
 *
 * A failed read fails closed: the admin key authenticates nobody until a read succeeds (tried again after
 * ADMIN_KEY_RETRY_MS), and the container logs why. Keeping the last value instead would keep accepting a key that
 * was rotated because it leaked for as long as SSM cannot be read; failing closed costs only the admin's requests
 * (every other key is in DynamoDB) and only while SSM is unreachable. No request fails because of it: a failed read
 * is "no admin key", not an error.
 */
export function adminKeyCache(read: () => Promise<string | undefined>, clock: () => number = Date.now, ttlMs = ADMIN_KEY_TTL_MS): () => Promise<string | undefined> {
  let cached: { hash: Promise<string | undefined>; until: number } | undefined;
  return () => {
    const now = clock();
    if (!cached || now >= cached.until) {
      const entry: { hash: Promise<string | undefined>; until: number } = { hash: Promise.resolve(undefined), until: now + ttlMs };
      entry.hash = read().then(
        (key) => (key ? usable(key) : undefined),
        (error: unknown) => {
          entry.until = now + ADMIN_KEY_RETRY_MS;
          console.error(JSON.stringify({ level: 'error', message: `admin key not read: ${String(error)}; no request is authenticated as admin until a read succeeds`, messageZh: '无法读取管理员密钥；在读取成功之前，任何请求都不能以管理员身份通过' }));
          return undefined;
        },
      );
      cached = entry;
    }
    return cached.hash;
  };
}

/**
 * Fails closed: an admin key shorter than ADMIN_KEY_MIN_LENGTH authenticates nobody (the admin too), and the
 * container logs why at each read, without the key.
 */
export const adminKeyHash = adminKeyCache(readAdminKey);

function usable(key: string): string | undefined {
  const source = process.env.ADMIN_API_KEY ? 'ADMIN_API_KEY' : `the SSM parameter ${process.env.ADMIN_API_KEY_PARAMETER ?? ''}`;
  const refusal = adminKeyRefusal(key, source);
  if (!refusal) return hashKey(key);
  console.error(JSON.stringify({ level: 'error', message: `admin key refused: ${refusal.message}; no request is authenticated as admin`, messageZh: `管理员密钥被拒绝：${refusal.messageZh}；任何请求都不能以管理员身份通过` }));
  return undefined;
}

async function readAdminKey(): Promise<string | undefined> {
  if (process.env.ADMIN_API_KEY) return process.env.ADMIN_API_KEY;
  const name = process.env.ADMIN_API_KEY_PARAMETER;
  return name ? readSecureParameter(name) : undefined;
}

class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.make();
  }
  private make(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    const key = typeof this.secret === 'string' ? this.secret : Buffer.from(ArrayBuffer.isView(this.secret) ? this.secret.buffer.slice(this.secret.byteOffset, this.secret.byteOffset + this.secret.byteLength) : this.secret);
    return createHmac('sha256', key);
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

/** The DNS suffix of a region's partition: the China regions (`cn-north-1`, `cn-northwest-1`) are under amazonaws.com.cn. */
export function dnsSuffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** SSM's endpoint in `region`; `override` is AWS_ENDPOINT_URL_SSM, the SDK's standard override (VPC endpoints, tests). */
export function ssmEndpoint(region: string, override?: string): URL {
  return new URL(override || `https://ssm.${region}.${dnsSuffix(region)}/`);
}

export async function readSecureParameter(name: string): Promise<string | undefined> {
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const endpoint = ssmEndpoint(region, process.env.AWS_ENDPOINT_URL_SSM);
  const hostname = endpoint.hostname;
  const signer = new SignatureV4({ service: 'ssm', region, sha256: NodeSha256, credentials: tableClient().doc.config.credentials });
  const body = JSON.stringify({ Name: name, WithDecryption: true });
  const signed = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname,
    ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
    path: '/',
    headers: { host: endpoint.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
    body,
  });
  const response = await fetch(new URL('/', endpoint), { method: 'POST', headers: signed.headers, body });
  const answer = (await response.json()) as { Parameter?: { Value?: string }; message?: string; __type?: string };
  if (!response.ok) throw new Error(`SSM GetParameter ${name} failed: ${response.status} ${answer.__type ?? ''} ${answer.message ?? ''}`);
  return answer.Parameter?.Value || undefined;
}
