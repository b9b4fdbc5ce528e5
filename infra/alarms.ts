/**
 * CloudWatch alarms, all sent to one SNS topic: the API's 5xx rate and throttled requests, each function's errors,
 * throttles and p99 duration, each job's errors, any drift the daily reconcile finds, and DynamoDB throttled requests.
 */
import { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { RECONCILE_METRIC } from '../functions/reconcile/metric.js';
import type { ApiFunction } from './api-function.js';

const PERIOD = Duration.minutes(5);
/** The contract promises never a 500 for anything a client sent, so even 1% of 5xx is a bug worth a page. */
const SERVER_ERROR_PERCENT = 1;
/** p99 duration alarms at this share of the function's timeout, before requests start timing out. */
const DURATION_SHARE_OF_TIMEOUT = 0.8;

export interface AlarmsProps {
  readonly api: apigwv2.HttpApi;
  readonly accessLogs: logs.ILogGroup;
  readonly functions: readonly ApiFunction[];
  /** Functions EventBridge runs (functions/manifest.ts JOBS): one run a day, so only their failures alarm. */
  readonly jobs: readonly ApiFunction[];
  readonly table: dynamodb.Table;
  /** Every DynamoDB operation some function may call (from the manifest's tableActions). */
  readonly tableOperations: readonly dynamodb.Operation[];
  readonly topic: sns.ITopic;
}

export class Alarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { api, functions, table, topic } = props;

    const requests = api.metricCount({ period: PERIOD, statistic: cloudwatch.Stats.SUM });
    const serverErrors = api.metricServerError({ period: PERIOD, statistic: cloudwatch.Stats.SUM });
    this.add('Api5xxRate', {
      alarmDescription: `More than ${SERVER_ERROR_PERCENT}% of API requests answered 5xx over 5 minutes`,
      metric: new cloudwatch.MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: { requests, errors: serverErrors },
        period: PERIOD,
        label: 'API 5xx rate (%)',
      }),
      threshold: SERVER_ERROR_PERCENT,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    // An HTTP API publishes no throttle metric: a request refused by the stage's throttling is a 429 counted
    // inside `4xx` together with every 400/401/403/404/409 the handlers answer. The access log has the status, and
    // the handlers never answer 429 (CONTRACT.md §3), so a metric filter on it counts exactly the throttled ones.
    const throttledFilter = new logs.MetricFilter(this, 'ApiThrottledFilter', {
      logGroup: props.accessLogs,
      filterPattern: logs.FilterPattern.stringValue('$.status', '=', '429'),
      metricNamespace: 'Kechuang',
      metricName: 'ApiThrottledRequests',
      metricValue: '1',
      defaultValue: 0,
    });
    this.add('ApiThrottles', {
      alarmDescription: 'The API stage refused requests over its throttling limits (429)',
      metric: throttledFilter.metric({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    for (const fn of functions) {
      const name = fn.node.id;
      this.add(`${name}Errors`, {
        alarmDescription: `Function ${name}: invocations failed (unhandled error or timeout)`,
        metric: fn.function.metricErrors({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      this.add(`${name}Throttles`, {
        alarmDescription: `Function ${name}: invocations throttled by Lambda concurrency limits`,
        metric: fn.function.metricThrottles({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      const timeoutMs = fn.function.timeout?.toMilliseconds() ?? 3000;
      this.add(`${name}DurationP99`, {
        alarmDescription: `Function ${name}: p99 duration above ${DURATION_SHARE_OF_TIMEOUT * 100}% of its timeout`,
        metric: fn.function.metricDuration({ period: PERIOD, statistic: cloudwatch.Stats.p(99) }),
        threshold: Math.round(timeoutMs * DURATION_SHARE_OF_TIMEOUT),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }

    for (const job of props.jobs) {
      this.add(`${job.node.id}Errors`, {
        alarmDescription: `Job ${job.node.id}: its run failed (unhandled error or timeout), so nothing was checked`,
        metric: job.function.metricErrors({ period: Duration.days(1), statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    }

    // The daily reconcile (functions/handlers/reconcile.ts) logs its drift count as an EMF metric: any drift is a
    // derived figure that disagrees with the records, which the transactions should make impossible. A day's period
    // keeps the alarm up until the next run says otherwise.
    this.add('ReconcileDrift', {
      alarmDescription: 'The daily reconcile found derived figures that disagree with the records: see its log, then `npm run reconcile` (README)',
      metric: new cloudwatch.Metric({
        namespace: RECONCILE_METRIC.namespace,
        metricName: RECONCILE_METRIC.name,
        period: Duration.days(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    this.add('TableThrottledRequests', {
      alarmDescription: 'DynamoDB throttled requests on the table or its indexes',
      metric: table.metricThrottledRequestsForOperations({
        operations: [...props.tableOperations],
        period: PERIOD,
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    for (const alarm of this.alarms) {
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
    }
  }

  private add(id: string, props: Omit<cloudwatch.AlarmProps, 'evaluationPeriods' | 'treatMissingData'>): void {
    this.alarms.push(
      new cloudwatch.Alarm(this, id, {
        ...props,
        evaluationPeriods: 1,
        // No traffic is not a failure.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
