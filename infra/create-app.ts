/**
 * The CDK app: the Kechuang stack with cdk-nag's AwsSolutions pack registered as a validation plugin, so any
 * finding without an acknowledgment (each one carries its reason) fails `cdk synth`. The tests build the very same
 * app through this function.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KechuangStack, type KechuangStackProps } from './stack.js';

export const STACK_NAME = 'Kechuang';
/** functions/dist, where `npm run build` writes one bundle folder per function. */
export const DEFAULT_BUNDLES_DIR = fileURLToPath(new URL('../functions/dist', import.meta.url));

/**
 * The context cdk.json gives the CLI (feature flags). `cdk synth` passes it to the app itself; an app built in a
 * test must be given it, or the tests would check a template other than the one that ships.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export interface CreatedApp {
  readonly app: App;
  readonly stack: KechuangStack;
  readonly nag: AwsSolutionsChecks;
}

export function createApp(appProps: AppProps = {}, stackProps: Partial<KechuangStackProps> = {}): CreatedApp {
  const app = new App(appProps);
  const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
  const adminKeyParameterName = app.node.tryGetContext('adminKeyParameter') as string | undefined;
  const stack = new KechuangStack(app, STACK_NAME, {
    description: 'Kechuang: API for 重庆市引进科技创新资源行动计划 (渝府办发〔2019〕126号) on Lambda and DynamoDB',
    bundlesDir: DEFAULT_BUNDLES_DIR,
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(adminKeyParameterName ? { adminKeyParameterName } : {}),
    ...stackProps,
  });
  const nag = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(nag);
  return { app, stack, nag };
}
