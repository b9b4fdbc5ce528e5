/**
 * 一 工作目标: 100 partners introduced by 2022, each counted once however many applications name it
 * (interpretation 3: matched on a normalised name).
 */

/** Full-width to half-width, case folded, spaces and punctuation dropped, common legal-form noise kept. */
export function normalisePartnerName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}
