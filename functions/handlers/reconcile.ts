/**
 * Lambda `reconcile` (no HTTP route: EventBridge runs it daily, infra/stack.ts). Report-only: it scans the table,
 * logs each drift on a line and the drift count as a metric (the alarm's), and mends nothing; a person runs
 * `TABLE_NAME=… npm run reconcile -- --repair` after looking (README).
 */
import { describeDrift, reconcile } from '../reconcile/index.js';
import { driftMetricLine } from '../reconcile/metric.js';
import { tableClient } from '../store/dynamodb/client.js';

export async function handler(): Promise<{ readonly drifts: number; readonly scanned: number }> {
  const result = await reconcile(tableClient(), { onProgress: (n) => console.log(`reconcile: ${n} items scanned`) });
  for (const drift of result.found) console.log(`drift: ${describeDrift(drift)}`);
  console.log(driftMetricLine(result.found.length, Date.now()));
  console.log(`reconcile: ${result.found.length} drift(s) in ${result.scanned} items`);
  return { drifts: result.found.length, scanned: result.scanned };
}
