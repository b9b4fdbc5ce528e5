/** The rules module's whole public surface: pure, no I/O, no clock, no dependencies. */
export * from './result.js';
export * from './money.js';
export * from './dates.js';
export * from './codes.js';
export * from './editions.js';
export * from './window.js';
export * from './caps.js';
export * from './schedule.js';
export * from './transfer-subsidy.js';
export * from './checks.js';
export * from './filing.js';
export * from './explain.js';
export * from './terms.js';
export * from './partners.js';
export * from './payable.js';
export type { Edition, Parameter } from './policy/edition.js';
export { CQ_2019_126 } from './policy/cq-2019-126.js';
