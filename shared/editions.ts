/** The editions the rules know: the one in force for new work, and any by its id for records computed under it. */
import { CQ_2019_126 } from './policy/cq-2019-126.js';
import type { Edition } from './policy/edition.js';

/** Every edition a stored record may name; a successor policy is added here, and none is ever removed. */
const EDITIONS: readonly Edition[] = [CQ_2019_126];

/** The edition in force for new work (ratings, achievements). A stored record keeps the id of the one it used. */
export const CURRENT_EDITION: Edition = CQ_2019_126;

/**
 * The edition a stored record names (`rating.edition`, `achievement.edition`), so results for it are computed under
 * the rules it was decided by, not the current ones. Throws for an unknown id: ids come only from records this code
 * wrote, so an unknown one means an edition was removed from EDITIONS — a deployment error, not bad input.
 */
export function editionById(id: string): Edition {
  const edition = EDITIONS.find((e) => e.id === id);
  if (!edition) throw new Error(`unknown policy edition "${id}" (known: ${EDITIONS.map((e) => e.id).join(', ')})`);
  return edition;
}

/**
 * The edition of a stored record: the one it names, or, for achievements and receipts stored before they named one,
 * cq-2019-126, the only edition the code had then (a fixed edition, not CURRENT_EDITION, which moves on).
 */
export function editionOf(record: { readonly edition?: string }): Edition {
  return record.edition === undefined ? CQ_2019_126 : editionById(record.edition);
}
