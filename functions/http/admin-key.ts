/**
 * The admin key's hash, resolved once per container. `ADMIN_API_KEY` (local, tests) holds the key itself; on AWS the
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

let resolved: Promise<string | undefined> | undefined;

/**
 * Fails closed: an admin key shorter than ADMIN_KEY_MIN_LENGTH authenticates nobody (the admin too), and the
 * container logs why once, without the key.
 */
export function adminKeyHash(): Promise<string | undefined> {
  if (!resolved) {
    resolved = readAdminKey().then((key) => (key ? usable(key) : undefined));
    // A failed read is retried on the next request rather than kept.
    resolved.catch(() => (resolved = undefined));
  }
  return resolved;
}

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
