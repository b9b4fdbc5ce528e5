/**
 * Bundled in place of `@aws-sdk/credential-provider-node` (functions/build.ts `alias`): on Lambda the execution
 * role's credentials are always in the environment, so the SDK's full provider chain (SSO, INI files, web identity,
 * instance metadata and the STS/SSO clients they carry, ~90 KB) is dead weight in every bundle.
 */
interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export function defaultProvider(): () => Promise<Credentials> {
  return async () => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) throw new Error('AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set (expected on Lambda)');
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
  };
}
