/**
 * The admin key's hash, resolved once per container. `ADMIN_API_KEY` (local, tests) holds the key itself; on AWS the
 * stack passes only `ADMIN_API_KEY_PARAMETER`, the name of an SSM SecureString, read here with decryption, so the
 * secret never appears in the template or the function's configuration.
 */
import { hashKey } from '../services/keys.js';

let resolved: Promise<string | undefined> | undefined;

export function adminKeyHash(): Promise<string | undefined> {
  resolved ??= readAdminKey().then((key) => (key ? hashKey(key) : undefined));
  // A failed read is retried on the next request rather than cached.
  resolved.catch(() => (resolved = undefined));
  return resolved;
}

async function readAdminKey(): Promise<string | undefined> {
  if (process.env.ADMIN_API_KEY) return process.env.ADMIN_API_KEY;
  const name = process.env.ADMIN_API_KEY_PARAMETER;
  if (!name) return undefined;
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const ssm = new SSMClient({ region: process.env.AWS_REGION ?? 'us-east-1' });
  const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  return Parameter?.Value || undefined;
}
