/**
 * `npm run synth` end to end, as a person would run it: build, then `cdk synth` through cdk.json, with no AWS
 * account, no credentials and every proxy pointing nowhere. It runs in a copy of the working tree (node_modules
 * linked), so its build does not rewrite functions/dist or sheets-addon/dist under the other test files.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileSystem } from 'aws-cdk-lib';
import { Template as Assertions } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, JOBS } from '../../functions/manifest.js';
import { cdkJsonContext, createApp, STACK_NAME } from '../../infra/create-app.js';
import { CONTRACT_ROUTES } from './contract-routes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type Template = {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown>; Metadata?: unknown }>;
  Conditions?: Record<string, unknown>;
};

let work: string;
let output: string;
let template: Template;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kechuang-synth-'));
  // Tracked files and new ones not ignored: the tree as `npm run synth` would see it here, without built output.
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(work, file)), { recursive: true });
    cpSync(join(ROOT, file), join(work, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');

  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^(AWS_|CDK_)/.test(name)) env[name] = value;
  Object.assign(env, {
    CDK_DISABLE_VERSION_CHECK: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(work, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '',
  });
  try {
    output = execFileSync('npm', ['run', 'synth'], { cwd: work, env, encoding: 'utf8', stdio: 'pipe', timeout: 240_000 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run synth failed:\n${e.stdout ?? ''}\n${e.stderr ?? String(error)}`);
  }
  template = JSON.parse(readFileSync(join(work, 'cdk.out', `${STACK_NAME}.template.json`), 'utf8')) as Template;
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm run synth', () => {
  it('writes the template to cdk.out, for any account and region', () => {
    const manifest = JSON.parse(readFileSync(join(work, 'cdk.out', 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string; environment?: string }>;
    };
    expect(manifest.artifacts[STACK_NAME]).toMatchObject({
      type: 'aws:cloudformation:stack',
      environment: 'aws://unknown-account/unknown-region',
    });
    expect(output).not.toMatch(/AwsSolutions-/);
  });

  it('has every route of the manifest and of CONTRACT.md §3, and $default', () => {
    const keys = Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
      .map((r) => r.Properties.RouteKey as string);
    expect(keys.sort()).toEqual([...FUNCTIONS.flatMap((spec) => spec.routes), '$default'].sort());
    for (const route of CONTRACT_ROUTES) expect(keys).toContain(route);
  });

  it('packages the bundles its own build wrote', () => {
    const keys = Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => (r.Properties.Code as { S3Key: string }).S3Key);
    expect(keys).toHaveLength(FUNCTIONS.length + JOBS.length);
    for (const spec of [...FUNCTIONS, ...JOBS]) {
      const hash = FileSystem.fingerprint(join(work, 'functions', 'dist', spec.name));
      expect(keys).toContain(`${hash}.zip`);
      expect(existsSync(join(work, 'cdk.out', `asset.${hash}`, 'index.mjs'))).toBe(true);
    }
  });

  it('is the very template the in-process tests check (same app, same cdk.json context)', () => {
    const { app, stack } = createApp(
      { outdir: join(work, 'in-process.out'), context: cdkJsonContext() },
      { bundlesDir: join(work, 'functions', 'dist') },
    );
    app.synth();
    // The CLI also asks for construct-path metadata and version reporting (CDKMetadata); that is all that may differ.
    const comparable = ({ Conditions, ...t }: Template) => ({
      ...t,
      Resources: Object.fromEntries(
        Object.entries(t.Resources)
          .filter(([, resource]) => resource.Type !== 'AWS::CDK::Metadata')
          .map(([id, { Metadata: _, ...resource }]) => [id, resource]),
      ),
      Conditions: Object.fromEntries(Object.entries(Conditions ?? {}).filter(([name]) => name !== 'CDKMetadataAvailable')),
    });
    expect(comparable(Assertions.fromStack(stack).toJSON() as Template)).toEqual(comparable(template));
  });
});
