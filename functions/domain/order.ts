/**
 * An order by text fields in turn, each compared by code unit (ISO timestamps and dates, ids and normalised names sort
 * so; no locale): the order of GET /keys, GET /partners and an application's achievements.
 */
export function byText<T>(...fields: readonly ((x: T) => string)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const field of fields) {
      const x = field(a);
      const y = field(b);
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
}
