/** Reads the whole table: parallel Scan segments, each paginated, strongly consistent, every item to `onItem`. */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TableClient } from '../store/dynamodb/client.js';

/** A progress report every this many items (a line on stderr from the CLI). */
export const PROGRESS_EVERY = 10_000;

export async function scanTable(
  t: TableClient,
  onItem: (item: Record<string, unknown>) => void,
  options: { readonly segments?: number; readonly onProgress?: (scanned: number) => void } = {},
): Promise<number> {
  const segments = options.segments ?? 4;
  let scanned = 0;
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await t.doc.send(
          new ScanCommand({ TableName: t.tableName, Segment: segment, TotalSegments: segments, ConsistentRead: true, ExclusiveStartKey: start }),
        );
        for (const item of page.Items ?? []) {
          onItem(item);
          scanned++;
          if (scanned % PROGRESS_EVERY === 0) options.onProgress?.(scanned);
        }
        start = page.LastEvaluatedKey;
      } while (start);
    }),
  );
  return scanned;
}
