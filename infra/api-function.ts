/**
 * One Lambda function of functions/manifest.ts (an HTTP function, or a job EventBridge runs): the prebuilt esbuild bundle (never rebundled here, so what the
 * tests ran is what ships), its own role with only the table actions the manifest lists, and its own log group.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec, JobSpec } from '../functions/manifest.js';

/**
 * The env var naming the SSM SecureString that holds the admin API key; functions/http/admin-key.ts reads it once
 * per container, with decryption. Only the name is in the template, never the key.
 */
export const ADMIN_KEY_PARAMETER_ENV = 'ADMIN_API_KEY_PARAMETER';
/** The env var naming the DynamoDB table. */
export const TABLE_NAME_ENV = 'TABLE_NAME';
/** Lambda and API access logs are operational, not the audit trail (that is each application's history in the table). */
export const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

export interface ApiFunctionProps {
  readonly spec: FunctionSpec | JobSpec;
  /** functions/dist/<spec.name>: the folder `npm run build` wrote. */
  readonly bundleDir: string;
  readonly table: dynamodb.ITable;
  /** The table's global secondary indexes (functions/store/table-definition.ts). */
  readonly indexNames: readonly string[];
  /** The admin key's SSM parameter: its name (for the handler) and ARN (for the grant). */
  readonly adminKeyParameter: { readonly name: string; readonly arn: string };
}

export class ApiFunction extends Construct {
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const { spec, bundleDir, table, indexNames, adminKeyParameter } = props;
    assertBundle(spec.name, bundleDir);
    const routes = 'routes' in spec ? spec.routes : [];

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // An own role instead of the default one: the default attaches AWSLambdaBasicExecutionRole (logs:* on every
    // log group); this one may write only to its own log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Kechuang ${spec.name} function`,
    });
    this.logGroup.grantWrite(this.role);
    // Exactly the manifest's actions on this table, plus its indexes by name for a function that queries; never
    // `dynamodb:*` or `index/*` (grantReadWriteData would add Scan, DeleteItem, BatchWriteItem and more).
    const actions = [...new Set(spec.tableActions)].sort();
    const indexArns = actions.includes('dynamodb:Query') ? indexNames.map((name) => `${table.tableArn}/index/${name}`) : [];
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'TableActionsFromManifest',
        actions,
        resources: [table.tableArn, ...indexArns],
      }),
    );
    // Every function but a /health-only one checks x-api-key, so it may need the admin key (a job answers no
    // request and gets neither). The SecureString uses the account's AWS managed key aws/ssm, whose key policy lets
    // SSM decrypt for any principal allowed to read the parameter: no kms:Decrypt grant is needed (README, Deploying).
    const checksKeys = routes.some((route) => route !== 'GET /health' && route !== 'HEAD /health');
    if (checksKeys) {
      this.role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'ReadAdminApiKey',
          actions: ['ssm:GetParameter'],
          resources: [adminKeyParameter.arn],
        }),
      );
    }

    const environment: Record<string, string> = {
      [TABLE_NAME_ENV]: table.tableName,
      ...('routes' in spec ? { [ADMIN_KEY_PARAMETER_ENV]: adminKeyParameter.name } : {}),
    };
    if (shipsSourceMaps(bundleDir)) environment.NODE_OPTIONS = '--enable-source-maps';

    this.function = new lambda.Function(this, 'Function', {
      description: ('routes' in spec ? `Kechuang API: ${routes.join(', ')}` : `Kechuang job: ${spec.description}`).slice(0, 256),
      code: lambda.Code.fromAsset(bundleDir),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      environment,
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime the issue fixes and the bundles target; moving to a newer runtime is a deliberate ' +
        'change made together with the build target and the tests, not something a linter should do silently.',
    });
  }
}

/** A clear message instead of CDK's "Cannot find asset" when `npm run build` has not run. */
function assertBundle(name: string, bundleDir: string): void {
  if (!existsSync(join(bundleDir, 'index.mjs'))) {
    throw new Error(`Lambda bundle ${join(bundleDir, 'index.mjs')} for function "${name}" is missing: run \`npm run build\` first`);
  }
}

/** Source maps cost cold-start time, so Node is asked to use them only when the build shipped them. */
function shipsSourceMaps(bundleDir: string): boolean {
  if (readdirSync(bundleDir).some((file) => file.endsWith('.map'))) return true;
  return /\/\/# sourceMappingURL=data:/.test(readFileSync(join(bundleDir, 'index.mjs'), 'utf8'));
}
