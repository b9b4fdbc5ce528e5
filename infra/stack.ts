/**
 * The whole cloud side: one DynamoDB table (keys and indexes from functions/store/table-definition.ts), one Lambda
 * function per entry of functions/manifest.ts (from the bundles in functions/dist), an HTTP API with the manifest's
 * routes, grants to read the admin key's SSM SecureString, the manifest's jobs on their EventBridge schedules (the
 * daily report-only reconcile), and alarms. Environment-agnostic: no lookups, so
 * `cdk synth` needs no AWS account and no network.
 */
import { join } from 'node:path';
import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { DEFAULT_ROUTE_FUNCTION, FUNCTIONS, JOBS, type FunctionSpec, type JobSpec, type TableAction } from '../functions/manifest.js';
import { TABLE_DEFINITION, type TableDefinition } from '../functions/store/table-definition.js';
import { Alarms } from './alarms.js';
import { ApiFunction, LOG_RETENTION } from './api-function.js';

/** Stage-wide limits, far above what a city's staff send, low enough to cap the bill of a runaway client. */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

/** Where the admin key lives unless `-c adminKeyParameter=/other/name` says otherwise. */
export const DEFAULT_ADMIN_KEY_PARAMETER = '/kechuang/admin-api-key';

export interface KechuangStackProps extends StackProps {
  /** Folder holding one bundle folder per function (`<name>/index.mjs`): functions/dist. */
  readonly bundlesDir: string;
  /** Defaults to functions/manifest.ts and functions/store/table-definition.ts; tests pass them explicitly. */
  readonly functions?: readonly FunctionSpec[];
  readonly jobs?: readonly JobSpec[];
  readonly tableDefinition?: TableDefinition;
  /** The SSM SecureString holding the admin API key, created before the first deploy (README, Deploying). */
  readonly adminKeyParameterName?: string;
  /** An address subscribed (after confirming) to the alarm topic. */
  readonly alarmEmail?: string;
}

export class KechuangStack extends Stack {
  readonly table: dynamodb.Table;
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly functions: readonly ApiFunction[];
  /** The jobs of the manifest, in its order, and the schedule rule of each. */
  readonly jobs: readonly { readonly fn: ApiFunction; readonly rule: events.Rule }[];
  readonly adminKeyParameterName: string;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: KechuangStackProps) {
    super(scope, id, props);
    const specs = props.functions ?? FUNCTIONS;
    const jobSpecs = props.jobs ?? JOBS;
    const definition = props.tableDefinition ?? TABLE_DEFINITION;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: definition.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: definition.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: definition.timeToLiveAttribute,
      // The table is the record of applications, ratings and payments: it outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // CloudFormation cannot create a SecureString: the operator creates it once before the first deploy (README,
    // Deploying), and the template holds only its name.
    this.adminKeyParameterName = props.adminKeyParameterName ?? DEFAULT_ADMIN_KEY_PARAMETER;
    if (!/^(\/[A-Za-z0-9_.-]+)+$/.test(this.adminKeyParameterName)) {
      throw new Error(`adminKeyParameter "${this.adminKeyParameterName}" must be a full SSM path such as ${DEFAULT_ADMIN_KEY_PARAMETER}`);
    }
    const adminKeyParameter = {
      name: this.adminKeyParameterName,
      arn: this.formatArn({ service: 'ssm', resource: 'parameter', resourceName: this.adminKeyParameterName.slice(1) }),
    };

    this.functions = specs.map(
      (spec) =>
        new ApiFunction(this, pascal(spec.name), {
          spec,
          bundleDir: join(props.bundlesDir, spec.name),
          table: this.table,
          indexNames: definition.indexes.map((index) => index.indexName),
          adminKeyParameter,
        }),
    );

    this.jobs = jobSpecs.map((spec) => {
      const fn = new ApiFunction(this, pascal(spec.name), {
        spec,
        bundleDir: join(props.bundlesDir, spec.name),
        table: this.table,
        indexNames: definition.indexes.map((index) => index.indexName),
        adminKeyParameter,
      });
      // A run that fails is not retried on its own: its Errors alarm says so, and the next day's run comes anyway.
      const rule = new events.Rule(this, `${pascal(spec.name)}Schedule`, {
        description: `Kechuang ${spec.name}, daily`,
        schedule: events.Schedule.expression(spec.schedule),
        targets: [new targets.LambdaFunction(fn.function, { retryAttempts: 0 })],
      });
      return { fn, rule };
    });

    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // No corsPreflight: CORS stays closed. The add-on calls the API from Apps Script's servers (UrlFetchApp), not
    // from a browser, so no origin needs to be allowed.
    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: 'kechuang',
      description: 'Kechuang cloud API (CONTRACT.md §3)',
      createDefaultStage: false,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        // Never a header: x-api-key must not reach the logs.
        format: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            error: '$context.error.message',
          }),
        ),
      },
    });

    this.functions.forEach((fn, i) => {
      const spec = specs[i]!;
      const integration = new HttpLambdaIntegration(`${fn.node.id}Integration`, fn.function);
      const routeKeys = spec.routes.map((routeKey) => {
        const [method, path] = parseRouteKey(routeKey);
        return { id: `Route${pascal(routeKey)}`, key: apigwv2.HttpRouteKey.with(path, method) };
      });
      // Requests no route matches reach this function too, so they get the contract's 404 error shape.
      if (spec.name === DEFAULT_ROUTE_FUNCTION) routeKeys.push({ id: 'RouteDefault', key: apigwv2.HttpRouteKey.DEFAULT });
      for (const { id, key } of routeKeys) {
        const route = new apigwv2.HttpRoute(this, id, { httpApi: this.api, routeKey: key, integration });
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'The x-api-key check runs once, inside the handler, against the hashed keys in the table and the admin ' +
            'key from SSM: the same code locally and in Lambda, and no authorizer cache that would keep a ' +
            'revoked key alive (README, Deploying). Only what the contract makes public (GET and HEAD /health) answers without a key.',
        });
      }
    });

    const topic = new sns.Topic(this, 'AlarmTopic', { displayName: 'Kechuang alarms', enforceSSL: true });
    if (props.alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    this.alarms = new Alarms(this, 'Alarms', {
      api: this.api,
      accessLogs,
      functions: this.functions,
      jobs: this.jobs.map((job) => job.fn),
      table: this.table,
      tableOperations: tableOperations([...specs, ...jobSpecs]),
      topic,
    });

    // The $default stage serves at the endpoint itself; no trailing slash, so `${url}/policy` is right.
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the API: give it to the add-on' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The DynamoDB table' });
    new CfnOutput(this, 'AdminApiKeyParameter', {
      value: this.adminKeyParameterName,
      description: 'SSM SecureString the functions read the admin API key from',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: topic.topicArn, description: 'SNS topic the alarms notify' });
  }
}

/** `POST /applications/{id}/rating` → [POST, /applications/{id}/rating]. */
export function parseRouteKey(routeKey: string): [apigwv2.HttpMethod, string] {
  const match = /^([A-Z]+) (\/\S*)$/.exec(routeKey);
  const method = match && Object.values(apigwv2.HttpMethod).find((m) => m === match[1]);
  if (!match || !method) throw new Error(`functions/manifest.ts: bad route key "${routeKey}"`);
  return [method, match[2]!];
}

/** The DynamoDB operations any function may call, for the throttled-requests alarm. */
function tableOperations(specs: readonly (FunctionSpec | JobSpec)[]): dynamodb.Operation[] {
  const actions = new Set<TableAction>(specs.flatMap((spec) => spec.tableActions));
  return [...actions].sort().map((action) => {
    const operation = Object.values(dynamodb.Operation).find((op) => `dynamodb:${op}` === action);
    if (!operation) throw new Error(`functions/manifest.ts: unknown table action ${action}`);
    return operation;
  });
}

function pascal(name: string): string {
  return name.replace(/(^|[^A-Za-z0-9])([a-z])/g, (_, _sep: string, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
}
