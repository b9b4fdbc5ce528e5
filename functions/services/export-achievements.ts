/**
 * The ids of an application's achievements, for the export's receipts. Until the store port has
 * `listApplicationAchievements(applicationId)` (branch `views`), they are read from the application's history: each
 * achievement's creation is one ACHIEVEMENT_CREATED event of its application, written in the same transaction
 * (reconcile checks there is one event per record).
 */
import type { Achievement } from '../domain/records.js';
import type { ServiceContext } from './context.js';

interface ListsApplicationAchievements {
  listApplicationAchievements(applicationId: string): Promise<readonly Pick<Achievement, 'id'>[]>;
}

export async function applicationAchievements(ctx: ServiceContext, applicationId: string): Promise<string[]> {
  const store = ctx.store as Partial<ListsApplicationAchievements>;
  if (store.listApplicationAchievements) return (await store.listApplicationAchievements(applicationId)).map((a) => a.id);
  const events = await ctx.store.history(applicationId);
  return events.filter((e) => e.type === 'ACHIEVEMENT_CREATED').map((e) => String(e.data.id));
}
