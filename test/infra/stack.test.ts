/**
 * The synthesized CloudFormation template of infra/ (aws-cdk-lib/assertions), built once from the real bundles in
 * functions/dist (`npm test` runs `npm run build` first) and checked against the manifest and the table definition.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystem, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE_FUNCTION, FUNCTIONS, JOBS, type FunctionSpec } from '../../functions/manifest.js';
import { RECONCILE_METRIC } from '../../functions/reconcile/metric.js';
import { keyAttributes, TABLE_DEFINITION } from '../../functions/store/table-definition.js';
import { ADMIN_KEY_PARAMETER_ENV, TABLE_NAME_ENV } from '../../infra/api-function.js';
import { type CreatedApp, cdkJsonContext, createApp, DEFAULT_BUNDLES_DIR } from '../../infra/create-app.js';
import { API_THROTTLE, DEFAULT_ADMIN_KEY_PARAMETER } from '../../infra/stack.js';
import { CONTRACT_ROUTES } from './contract-routes.js';

const PACKAGE_JSON = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  devDependencies: Record<string, string>;
};

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

let outdir: string;
let created: CreatedApp;
let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  for (const spec of [...FUNCTIONS, ...JOBS]) {
    const bundle = join(DEFAULT_BUNDLES_DIR, spec.name, 'index.mjs');
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` (npm test does) first`);
  }
  outdir = mkdtempSync(join(tmpdir(), 'kechuang-cdk-'));
  created = createApp({ outdir, context: cdkJsonContext() });
  // Synthesis runs the cdk-nag plugin: an unacknowledged finding throws here with the report.
  created.app.synth();
  template = Template.fromStack(created.stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
});

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  created.stack.getLogicalId(construct.node.defaultChild as CfnFunction);
const allRoutes = FUNCTIONS.flatMap((spec) => spec.routes);
/** The manifest's routes plus `$default`, which sends unmatched requests to DEFAULT_ROUTE_FUNCTION. */
const routeKeysOf = (spec: FunctionSpec) => (spec.name === DEFAULT_ROUTE_FUNCTION ? [...spec.routes, '$default'] : spec.routes);

describe('resources', () => {
  it('has one table, one HTTP API and stage, per function a function, role, log group and integration, per job a function, role, log group and schedule', () => {
    const n = FUNCTIONS.length;
    const j = JOBS.length;
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.resourceCountIs('AWS::Lambda::Function', n + j);
    template.resourceCountIs('AWS::IAM::Role', n + j);
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', n);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', allRoutes.length + 1); // + $default
    template.resourceCountIs('AWS::Logs::LogGroup', n + j + 1); // + the API access log
    template.resourceCountIs('AWS::Events::Rule', j);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3 * n + 3 + j + 1); // + each job's errors, the reconcile's drift
    template.resourceCountIs('AWS::SNS::Topic', 1);
    // No custom resources: nothing runs at deploy time but CloudFormation itself.
    expect(ofType('AWS::CloudFormation::CustomResource')).toEqual([]);
    expect(Object.values(resources).filter((r) => r.Type.startsWith('Custom::'))).toEqual([]);
  });

  it('outputs the API URL, the table name and where the admin key is', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs).sort()).toEqual(['AdminApiKeyParameter', 'AlarmTopicArn', 'ApiUrl', 'TableName']);
    expect(outputs.AdminApiKeyParameter!.Value).toBe(DEFAULT_ADMIN_KEY_PARAMETER);
    const [apiId] = ofType('AWS::ApiGatewayV2::Api')[0]!;
    expect(JSON.stringify(outputs.ApiUrl!.Value)).toContain(apiId);
    const [tableId] = ofType('AWS::DynamoDB::Table')[0]!;
    expect(outputs.TableName!.Value).toEqual({ Ref: tableId });
  });
});

describe('table', () => {
  it('has the keys and indexes of functions/store/table-definition.ts', () => {
    const [, table] = ofType('AWS::DynamoDB::Table')[0]!;
    const p = table.Properties;
    expect(p.KeySchema).toEqual([
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
    ]);
    expect(p.GlobalSecondaryIndexes).toEqual(
      TABLE_DEFINITION.indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const attributes = p.AttributeDefinitions as { AttributeName: string; AttributeType: string }[];
    expect(attributes.map((a) => a.AttributeName).sort()).toEqual(keyAttributes().sort());
    expect(new Set(attributes.map((a) => a.AttributeType))).toEqual(new Set(['S']));
  });

  it('is on demand, with point-in-time recovery, deletion protection and encryption, and is retained', () => {
    const [, table] = ofType('AWS::DynamoDB::Table')[0]!;
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
    });
    expect(table.Properties.ProvisionedThroughput).toBeUndefined();
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });

  it('expires items by the TTL attribute of the table definition (only Idempotency-Key claims carry it)', () => {
    const [, table] = ofType('AWS::DynamoDB::Table')[0]!;
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true });
  });
});

describe('functions', () => {
  const tableId = () => ofType('AWS::DynamoDB::Table')[0]![0];

  for (const [i, spec] of FUNCTIONS.entries()) {
    describe(spec.name, () => {
      const fn = () => created.stack.functions[i]!;
      const props = () => resources[logicalId(fn().function)]!.Properties;

      it('runs Node.js 22 on ARM64 with the manifest memory and timeout, logging to its own retained log group', () => {
        expect(props()).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          MemorySize: spec.memoryMb,
          Timeout: spec.timeoutSeconds,
          LoggingConfig: { LogGroup: { Ref: logicalId(fn().logGroup) } },
        });
        const logGroup = resources[logicalId(fn().logGroup)]!;
        expect(logGroup.Properties.RetentionInDays).toBe(365);
        expect(logGroup.DeletionPolicy).toBe('Retain');
      });

      it('ships exactly the bundle `npm run build` wrote to functions/dist', () => {
        const bundleDir = join(DEFAULT_BUNDLES_DIR, spec.name);
        const hash = FileSystem.fingerprint(bundleDir);
        const code = props().Code as { S3Key: string };
        expect(code.S3Key).toBe(`${hash}.zip`);
        // The staged copy CDK zips and uploads is byte for byte the built bundle.
        const staged = readFileSync(join(outdir, `asset.${hash}`, 'index.mjs'));
        expect(staged.equals(readFileSync(join(bundleDir, 'index.mjs')))).toBe(true);
      });

      it('bundles the AWS SDK at the version package.json pins, importing nothing but Node built-ins', () => {
        const source = readFileSync(join(DEFAULT_BUNDLES_DIR, spec.name, 'index.mjs'), 'utf8');
        // `from` not after `:`: exceljs (the export function) has the XML tag name "xdr:from" in its strings.
        const imported = [...source.matchAll(/(?:(?<!:)\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'`]([^"'`]+)["'`]/g)].map((m) => m[1]!);
        expect(imported.length).toBeGreaterThan(0);
        expect(imported.filter((name) => !name.startsWith('node:') && !builtinModules.includes(name))).toEqual([]);
        const pinned = PACKAGE_JSON.devDependencies['@aws-sdk/client-dynamodb'];
        expect(pinned).toMatch(/^\d+\.\d+\.\d+$/); // exact, no ^ or ~
        expect(/name:\s*"@aws-sdk\/client-dynamodb",\s*version:\s*"([^"]+)"/.exec(source)?.[1]).toBe(pinned);
      });

      it('gets the table name and the name of the admin key parameter, and no secret', () => {
        const variables = (props().Environment as { Variables: Record<string, unknown> }).Variables;
        expect(variables[TABLE_NAME_ENV]).toEqual({ Ref: tableId() });
        expect(variables[ADMIN_KEY_PARAMETER_ENV]).toBe(DEFAULT_ADMIN_KEY_PARAMETER);
        const allowed = new Set([TABLE_NAME_ENV, ADMIN_KEY_PARAMETER_ENV, 'NODE_OPTIONS']);
        expect(Object.keys(variables).filter((name) => !allowed.has(name))).toEqual([]);
        if ('NODE_OPTIONS' in variables) expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
      });

      it('may call exactly the manifest table actions, on this table and its indexes only', () => {
        const statements = roleStatements(logicalId(fn().role));
        const onTable = statements.filter((s) => JSON.stringify(s.Resource).includes(tableId()));
        expect(onTable).toHaveLength(1);
        expect([onTable[0]!.Action].flat().sort()).toEqual([...new Set(spec.tableActions)].sort());
        const tableArn = { 'Fn::GetAtt': [tableId(), 'Arn'] };
        const queries = spec.tableActions.includes('dynamodb:Query');
        const expected = [
          tableArn,
          ...(queries
            ? TABLE_DEFINITION.indexes.map((index) => ({ 'Fn::Join': ['', [tableArn, `/index/${index.indexName}`]] }))
            : []),
        ];
        const asSet = (resources: unknown) => [resources].flat().map((r) => JSON.stringify(r)).sort();
        expect(asSet(onTable[0]!.Resource)).toEqual(asSet(expected));
      });

      it('may read only the admin key parameter, and write only its own logs', () => {
        const statements = roleStatements(logicalId(fn().role));
        const ssm = statements.filter((s) => JSON.stringify(s).includes('ssm'));
        expect(ssm).toHaveLength(1);
        expect(ssm[0]).toMatchObject({ Effect: 'Allow', Action: 'ssm:GetParameter', Sid: 'ReadAdminApiKey' });
        expect(ssmParameterArn(ssm[0]!.Resource)).toBe(`arn:PARTITION:ssm:REGION:ACCOUNT:parameter${DEFAULT_ADMIN_KEY_PARAMETER}`);
        const logs = statements.filter((s) => JSON.stringify(s.Action).includes('logs:'));
        expect(logs).toHaveLength(1);
        expect([logs[0]!.Action].flat().sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
        expect(logs[0]!.Resource).toEqual({ 'Fn::GetAtt': [logicalId(fn().logGroup), 'Arn'] });
        expect(statements).toHaveLength(3);
      });
    });
  }

  it('no IAM policy anywhere has a wildcard action or a * resource, and no role has a managed policy', () => {
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      for (const statement of (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
        for (const action of [statement.Action].flat()) expect(action).not.toContain('*');
        expect([statement.Resource].flat()).not.toContain('*');
      }
    }
    for (const [, role] of ofType('AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

/** Every statement of the policies attached to one role. */
function roleStatements(roleId: string): Statement[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

describe('the daily reconcile (a job, no route)', () => {
  const job = () => created.stack.jobs.find((j) => j.fn.node.id === 'Reconcile')!;
  const spec = JOBS.find((j) => j.name === 'reconcile')!;
  const props = () => resources[logicalId(job().fn.function)]!.Properties;

  it('runs every day on the EventBridge schedule of the manifest, and no route reaches it', () => {
    expect(spec.schedule).toBe('cron(0 19 * * ? *)');
    const [, rule] = ofType('AWS::Events::Rule').find(([id]) => id === logicalId(job().rule))!;
    expect(rule.Properties).toMatchObject({
      ScheduleExpression: spec.schedule,
      State: 'ENABLED',
      Targets: [expect.objectContaining({ Arn: { 'Fn::GetAtt': [logicalId(job().fn.function), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [logicalId(job().fn.function), 'Arn'] },
      Principal: 'events.amazonaws.com',
    });
    const integrations = ofType('AWS::ApiGatewayV2::Integration').map(([, i]) => JSON.stringify(i.Properties.IntegrationUri));
    expect(integrations).not.toContain(JSON.stringify({ 'Fn::GetAtt': [logicalId(job().fn.function), 'Arn'] }));
    expect(props()).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'index.handler', MemorySize: spec.memoryMb, Timeout: spec.timeoutSeconds });
  });

  it('ships exactly the bundle `npm run build` wrote to functions/dist', () => {
    const bundleDir = join(DEFAULT_BUNDLES_DIR, spec.name);
    const hash = FileSystem.fingerprint(bundleDir);
    expect((props().Code as { S3Key: string }).S3Key).toBe(`${hash}.zip`);
    expect(readFileSync(join(outdir, `asset.${hash}`, 'index.mjs')).equals(readFileSync(join(bundleDir, 'index.mjs')))).toBe(true);
  });

  it('is read-only: Scan on the table (no index, no write, no admin key), and writes only its own logs', () => {
    const statements = roleStatements(logicalId(job().fn.role));
    const tableId = ofType('AWS::DynamoDB::Table')[0]![0];
    const onTable = statements.filter((s) => JSON.stringify(s.Resource).includes(tableId));
    expect(onTable).toEqual([expect.objectContaining({ Effect: 'Allow', Action: 'dynamodb:Scan', Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } })]);
    const readOnly = new Set(['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:GetItem']);
    for (const action of spec.tableActions) expect(readOnly.has(action), action).toBe(true);
    expect(JSON.stringify(statements)).not.toContain('ssm:');
    const logs = statements.filter((s) => JSON.stringify(s.Action).includes('logs:'));
    expect(logs).toEqual([expect.objectContaining({ Resource: { 'Fn::GetAtt': [logicalId(job().fn.logGroup), 'Arn'] } })]);
    expect(statements).toHaveLength(2);
    expect(Object.keys((props().Environment as { Variables: Record<string, unknown> }).Variables).sort()).toEqual([TABLE_NAME_ENV]);
  });

  it('any drift (its EMF metric above 0) and any failed run alarm, to the topic', () => {
    const topicId = ofType('AWS::SNS::Topic')[0]![0];
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const drift = alarms.find((a) => a.MetricName === RECONCILE_METRIC.name);
    expect(drift).toMatchObject({
      Namespace: RECONCILE_METRIC.namespace,
      Statistic: 'Maximum',
      Period: 86_400,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
    expect(drift?.Dimensions).toBeUndefined(); // the handler's EMF line has no dimensions
    const errors = alarms.find(
      (a) => a.MetricName === 'Errors' && JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: logicalId(job().fn.function) } }]),
    );
    expect(errors).toMatchObject({ Threshold: 1, AlarmActions: [{ Ref: topicId }] });
  });
});

describe('HTTP API', () => {
  it('has every route of CONTRACT.md §3 and of the manifest, each to its function, and $default to ' + DEFAULT_ROUTE_FUNCTION, () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const keys = routes.map((r) => r.RouteKey as string);
    expect(keys.sort()).toEqual([...allRoutes, '$default'].sort());
    for (const route of CONTRACT_ROUTES) expect(keys).toContain(route);
    for (const [i, spec] of FUNCTIONS.entries()) {
      const functionId = logicalId(created.stack.functions[i]!.function);
      const [integrationId] = ofType('AWS::ApiGatewayV2::Integration').find(
        ([, integration]) => JSON.stringify(integration.Properties.IntegrationUri) === JSON.stringify({ 'Fn::GetAtt': [functionId, 'Arn'] }),
      )!;
      // Payload v2: the event `npm start` builds for the same handlers.
      expect(resources[integrationId]!.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
      for (const key of routeKeysOf(spec)) {
        const route = routes.find((r) => r.RouteKey === key)!;
        expect(route.Target).toEqual({ 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] });
        expect(route.AuthorizationType ?? 'NONE').toBe('NONE'); // the key check is in the handler
      }
    }
  });

  it('keeps CORS closed, throttles the default stage and writes access logs without headers', () => {
    const [, api] = ofType('AWS::ApiGatewayV2::Api')[0]!;
    expect(api.Properties.ProtocolType).toBe('HTTP');
    expect(api.Properties.CorsConfiguration).toBeUndefined();
    const [, stage] = ofType('AWS::ApiGatewayV2::Stage')[0]!;
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: API_THROTTLE.rateLimit, ThrottlingBurstLimit: API_THROTTLE.burstLimit },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [expect.stringMatching(/^ApiAccessLogs/), 'Arn'] } },
    });
    const format = (stage.Properties.AccessLogSettings as { Format: string }).Format;
    expect(JSON.parse(format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(format.toLowerCase()).not.toMatch(/header|api-key|apikey/);
  });
});

describe('admin key', () => {
  it('is never in the template: no secret, no parameter value, only the parameter name', () => {
    expect(ofType('AWS::SecretsManager::Secret')).toEqual([]);
    expect(ofType('AWS::SSM::Parameter')).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/ADMIN_API_KEY"\s*:/);
  });

  it('can live under another name (-c adminKeyParameter=...), and must be a full SSM path', () => {
    const other = createApp({ outdir: join(outdir, 'other-parameter'), context: { ...cdkJsonContext(), adminKeyParameter: '/city/kechuang-admin' } });
    const json = JSON.stringify(Template.fromStack(other.stack).toJSON());
    expect(json).toContain('"ADMIN_API_KEY_PARAMETER":"/city/kechuang-admin"');
    expect(json).toContain(':parameter/city/kechuang-admin"');
    expect(json).not.toContain(DEFAULT_ADMIN_KEY_PARAMETER);
    expect(() => createApp({ outdir: join(outdir, 'bad-parameter'), context: { adminKeyParameter: 'no-slash' } })).toThrow(/full SSM path/);
  });
});

/** An ARN built with Fn::Join over pseudo parameters, as text: `arn:PARTITION:ssm:REGION:ACCOUNT:parameter/...`. */
function ssmParameterArn(resource: unknown): string {
  const join = (resource as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const pseudo: Record<string, string> = { 'AWS::Partition': 'PARTITION', 'AWS::Region': 'REGION', 'AWS::AccountId': 'ACCOUNT' };
  return join[1].map((part) => (typeof part === 'string' ? part : pseudo[(part as { Ref: string }).Ref] ?? '?')).join(join[0]);
}

describe('alarms', () => {
  type Alarm = Record<string, unknown> & { Dimensions?: { Name: string; Value: unknown }[] };
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties as Alarm);
  const [topicId] = [() => ofType('AWS::SNS::Topic')[0]![0]];

  it('every alarm notifies the topic, and no traffic is not an alarm', () => {
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId() }]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
  });

  it('watches each function: errors, throttles and p99 duration under its timeout', () => {
    for (const [i, spec] of FUNCTIONS.entries()) {
      const dimension = [{ Name: 'FunctionName', Value: { Ref: logicalId(created.stack.functions[i]!.function) } }];
      const mine = alarms().filter((a) => JSON.stringify(a.Dimensions) === JSON.stringify(dimension));
      expect(mine.map((a) => a.MetricName).sort()).toEqual(['Duration', 'Errors', 'Throttles']);
      const duration = mine.find((a) => a.MetricName === 'Duration')!;
      expect(duration.ExtendedStatistic).toBe('p99');
      expect(duration.Threshold).toBeLessThan(spec.timeoutSeconds * 1000);
      expect(mine.find((a) => a.MetricName === 'Errors')!.Threshold).toBe(1);
    }
  });

  it('watches the API 5xx rate and its throttled requests, and DynamoDB throttled requests', () => {
    const math = alarms().filter((a) => a.Metrics);
    const rate = math.find((a) => JSON.stringify(a.Metrics).includes('"5xx"'));
    expect(JSON.stringify(rate?.Metrics)).toContain('"Count"');
    expect(JSON.stringify(rate?.Metrics)).toContain('100 * errors / requests');
    const throttled = alarms().find((a) => a.MetricName === 'ApiThrottledRequests');
    expect(throttled).toMatchObject({ Namespace: 'Kechuang', Threshold: 1 });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.status = "429" }',
      MetricTransformations: [Match.objectLike({ MetricName: 'ApiThrottledRequests', MetricNamespace: 'Kechuang' })],
    });
    const dynamo = math.find((a) => JSON.stringify(a.Metrics).includes('ThrottledRequests'));
    const operations = [...new Set(FUNCTIONS.flatMap((spec) => spec.tableActions))].map((action) => action.slice('dynamodb:'.length));
    for (const operation of operations) expect(JSON.stringify(dynamo?.Metrics)).toContain(`"${operation}"`);
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('finds nothing unacknowledged', () => {
    expect(created.nag.validateScope(created.stack).violations).toEqual([]);
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: unknown[] };
    expect(report.pluginReports).toEqual([]);
  });

  it('every acknowledgment says why', () => {
    const acknowledged: [string, string][] = [];
    for (const construct of created.stack.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) acknowledged.push(...Object.entries(entry.data as Record<string, string>));
      }
    }
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [rule, reason] of acknowledged) {
      expect(rule).toMatch(/AwsSolutions-/);
      expect(reason.length, rule).toBeGreaterThan(60);
    }
  });

  it('fails synthesis on a finding nobody acknowledged', () => {
    const other = createApp({ outdir: join(outdir, 'unacknowledged'), context: cdkJsonContext() });
    new sns.Topic(Stack.of(other.stack), 'TopicWithoutSsl');
    expect(() => other.app.synth()).toThrow(/AwsSolutions-SNS3/);
    expect(other.nag.validateScope(other.stack).violations.map((v) => v.ruleName)).toEqual(['AwsSolutions-SNS3']);
  });
});
