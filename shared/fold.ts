/**
 * The one fold for text people type that names the same thing in different spellings (partner names, interpretation
 * 9; contract numbers, 三(七); the receipts sheet's achievement names): what a reader does not see is dropped, what
 * Unicode calls the same character is made so, and case is folded. Each caller adds its own steps on top.
 */

/**
 * What a spelling may carry that a reader does not see: format characters (`\p{Cf}`: zero-width space, non-joiner and
 * joiner, word joiner, soft hyphen, direction marks, embeddings and isolates, the BOM) and the other default-ignorable
 * code points (variation selectors U+FE00–FE0F and U+E0100–E01EF, the combining grapheme joiner).
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/gu;

/**
 * Invisible characters dropped (first, so a mark they kept apart from its letter composes with it), Unicode NFKC
 * (full-width letters and digits to half-width, an ideographic space to a space, compatibility forms to their
 * letters), case folded (upper then lower case: `ß` and `SS` fold alike), then NFKC and the invisible ones again for
 * what case folding made. Spaces and punctuation are kept: whether they matter is the caller's to say.
 */
export function foldText(text: string): string {
  return text.replace(INVISIBLE, '').normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC').replace(INVISIBLE, '');
}

/** What a reader sees but does not make a different name: spaces, punctuation and symbols. */
const SEPARATORS = /[\s\p{P}\p{S}]/gu;

/**
 * `foldText`, then spaces, punctuation and symbols dropped (`ＡＢＣ-1 Ltd.` and `abc1ltd` are one): how partner names
 * are compared (interpretation 9) and how the add-on matches a header or a form question to its column.
 */
export function foldWithoutSeparators(text: string): string {
  return foldText(text).replace(SEPARATORS, '');
}
