/**
 * A guard's condition that an attribute still holds what a reader took it for. Readers take an absent attribute for
 * its zero (`Number(item.x ?? 0)`, `String(item.x ?? '')`), so where that zero is what was read, an item without the
 * attribute still holds it too.
 */
export function stillHolds(attribute: string, placeholder: string, read: number | string, absent: number | string): string {
  return read === absent ? `(attribute_not_exists(${attribute}) OR ${attribute} = ${placeholder})` : `${attribute} = ${placeholder}`;
}
