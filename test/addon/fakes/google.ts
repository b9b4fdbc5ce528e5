/**
 * How each fake is typed against Google's own declarations (@types/google-apps-script): `Fake<T, K>` is Google's
 * interface T cut to the methods K the add-on uses. Each name in K must be one of T's; each fake method takes T's
 * parameters (an overloaded method: its last overload) and returns what T returns where that is a plain value. Where
 * Google passes or returns another Apps Script object, the fake takes or returns that object's fake, typed where it
 * is declared. So a fake that drifts from Google's API is a `tsc` error.
 */
type Plain = string | number | boolean | void | null | undefined;
type Shown<T> = T extends Plain ? T : unknown;
/** Plain parameters stay Google's; an object parameter is whatever the fake takes (`never` puts no bound on it). */
type Params<A extends readonly unknown[]> = { [I in keyof A]: A[I] extends Plain ? A[I] : never };

export type Fake<T, K extends keyof T> = {
  [P in K]: T[P] extends (...args: infer A) => infer R ? (...args: Params<A>) => Shown<R> : never;
};
