/**
 * 一 工作目标: 100 partners introduced by 2022, each counted once however many applications name it
 * (interpretation 3: matched on a normalised name; interpretation 9 says how).
 */

/**
 * What a name's spelling may carry that a reader does not see: format characters (`\p{Cf}`: zero-width space,
 * non-joiner and joiner, word joiner, soft hyphen, direction marks, embeddings and isolates, the BOM) and the other
 * default-ignorable code points (variation selectors U+FE00–FE0F and U+E0100–E01EF, the combining grapheme joiner).
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/gu;
/** What a reader sees but does not make a different organisation: spaces, punctuation and symbols. */
const SEPARATORS = /[\s\p{P}\p{S}]/gu;

/**
 * A partner's name as it is compared (POLICY.md §5 interpretation 9): invisible characters dropped (first, so a mark
 * they kept apart from its letter composes with it), Unicode NFKC (full-width letters and digits to half-width,
 * compatibility forms to their letters), case folded (upper then lower case: `ß` and `SS` fold alike), spaces,
 * punctuation and symbols dropped. The same organisation written in 中文 and in English stays two names until staff
 * merge them (POST /partners/merge): the software never guesses translations.
 */
export function normalisePartnerName(name: string): string {
  return name
    .replace(INVISIBLE, '')
    .normalize('NFKC')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(SEPARATORS, '');
}
