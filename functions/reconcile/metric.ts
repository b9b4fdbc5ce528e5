/**
 * The daily reconcile's metric: the drift count, published by printing one CloudWatch Embedded Metric Format line
 * to the function's log (no PutMetricData call, no extra permission). The stack's alarm reads the same names.
 */
export const RECONCILE_METRIC = { namespace: 'Kechuang', name: 'ReconcileDrift' } as const;

/** The EMF log line that records `drifts` at `timestamp` (ms), without dimensions. */
export function driftMetricLine(drifts: number, timestamp: number): string {
  return JSON.stringify({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{ Namespace: RECONCILE_METRIC.namespace, Dimensions: [[]], Metrics: [{ Name: RECONCILE_METRIC.name, Unit: 'Count' }] }],
    },
    [RECONCILE_METRIC.name]: drifts,
  });
}
