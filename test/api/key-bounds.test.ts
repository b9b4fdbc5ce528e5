/**
 * Every key built from what users send stays far under DynamoDB's limits (2,048 bytes for a partition key, 1,024 for
 * a sort key): worked out here from the request schemas' bounds, the longest each can be, and held under 1,024 bytes.
 * The ids in a path and the Idempotency-Key are bounded by their schemas (checked before any key is built from them:
 * test/api/names.test.ts); a partner's name is hashed, so its length, and how much NFKC stretches it, never reaches
 * its key.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJSONSchema, type ZodMiniType } from 'zod/mini';
import { CATEGORIES, DISTRICTS, FIELDS, ITEMS, normaliseContractNo, normalisePartnerName } from '../../shared/index.js';
import type { SummaryScope } from '../../functions/domain/records.js';
import { IdempotencyKey, IdParams, NAME_MAX } from '../../functions/http/schemas.js';
import type { RouteDef } from '../../functions/http/route.js';
import { achievementRoutes } from '../../functions/routes/achievements.js';
import { applicationRoutes } from '../../functions/routes/applications.js';
import { paymentRoutes } from '../../functions/routes/payments.js';
import { correctionRoutes } from '../../functions/routes/corrections.js';
import { keyRoutes } from '../../functions/routes/keys.js';
import { policyRoutes } from '../../functions/routes/policy.js';
import { reportRoutes } from '../../functions/routes/reports.js';
import { newId } from '../../functions/services/context.js';
import { achievementKey, achievementLinkKey, appKey, contractKey, duplicateMarkerKey, idempotencyKey, indexPartition, keyListingKey, LISTING_INDEXES, partnerKey, summaryKey } from '../../functions/store/dynamodb/items.js';

const LIMIT = 1024;
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const longest = (texts: readonly string[]) => texts.reduce((a, b) => (bytes(b) > bytes(a) ? b : a), '');

type StringSchema = { maxLength?: number; pattern?: string };
/** A string schema's bound as JSON Schema states it (what /openapi.json tells clients). */
function bound(schema: ZodMiniType, property?: string): StringSchema {
  const json = toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as StringSchema & { properties?: Record<string, StringSchema> };
  return property === undefined ? json : (json.properties?.[property] ?? {});
}

/** Whether a pattern admits ASCII only: one anchored, repeated, positive class of ASCII characters, ranges and \xHH. */
function asciiOnly(pattern: string | undefined): boolean {
  const match = /^\^\[([^\]^][^\]]*)\]\+\$$/.exec(pattern ?? '');
  if (!match?.[1]) return false;
  const members = match[1].replaceAll(/\\x[0-7][0-9a-f]/gi, 'A');
  return /^[\x20-\x7e]+$/.test(members) && !members.includes('\\');
}

/** The worst-case UTF-8 length of a string the schema allows: its maxLength, each character as wide as its pattern lets it be. */
function worstBytes(schema: StringSchema): number {
  expect(schema.maxLength, 'a key part with no maxLength').toBeTypeOf('number');
  return (schema.maxLength ?? Infinity) * (asciiOnly(schema.pattern) ? 1 : 4);
}

const ROUTES: readonly RouteDef[] = [policyRoutes, applicationRoutes, paymentRoutes, correctionRoutes, achievementRoutes, reportRoutes, keyRoutes].flatMap((group) => Object.values(group));
const SCOPES: readonly SummaryScope[] = ['ALL', ...DISTRICTS.codes];

describe('the longest key of each kind built from user text', () => {
  const id = bound(IdParams, 'id');
  const idBytes = worstBytes(id);
  // A client may percent-encode every character of an id in the path (3 bytes each), whether or not it is decoded.
  const idInPath = 'x'.repeat(idBytes * 3);

  it('ids are at most 64 ASCII characters; the pattern reader tells ASCII from not', () => {
    expect(id.maxLength).toBe(64);
    expect(idBytes).toBe(64);
    expect([String.raw`^[\x21-\x7e]+$`, '^[A-Za-z0-9_-]+$'].map(asciiOnly)).toEqual([true, true]);
    expect([String.raw`^[^#]+$`, String.raw`^[\S]+$`, '^[a-é]+$', String.raw`^[\x21-\xff]+$`, '^[a-z]*', undefined].map(asciiOnly)).toEqual([false, false, false, false, false, false]);
  });

  it('an application, an achievement and what hangs off them: APP#<id>, ACH#<id>', () => {
    const worst = 'x'.repeat(idBytes);
    for (const key of [appKey(worst), achievementKey(worst)]) expect(bytes(key.pk)).toBeLessThan(LIMIT);
    // An application's link to one of its achievements: APP#<id> / ACH#<id>.
    for (const part of Object.values(achievementLinkKey(worst, worst))) expect(bytes(part)).toBeLessThan(LIMIT);
  });

  it("a key's listing entry, read by the id in a revocation's path: KEYS / K#<id>", () => {
    expect(bytes(keyListingKey('x'.repeat(idBytes)).sk)).toBeLessThan(LIMIT);
  });

  it('an Idempotency-Key claim: IDEM#<caller>#<METHOD path with its ids>#<key>, on every route taking one', () => {
    const header = bound(IdempotencyKey);
    expect(header.maxLength).toBe(200);
    const key = '~'.repeat(worstBytes(header));
    expect(bytes(key)).toBe(200);
    const caller = longest(['admin', newId('key')]);
    const idempotent = ROUTES.filter((r) => r.idempotent);
    expect(idempotent.length).toBeGreaterThan(0);
    for (const route of idempotent) {
      // Every id in the path is one the route checks (before its claim is keyed: functions/http/route.ts `serve`).
      const names = [...route.path.matchAll(/{(\w+)}/g)].map((m) => m[1] ?? '');
      for (const name of names) expect(route.request?.params && worstBytes(bound(route.request.params, name)), `${route.path} {${name}}`).toBe(idBytes);
      const path = route.path.replaceAll(/{\w+}/g, idInPath);
      const pk = idempotencyKey(caller, `${route.method.toUpperCase()} ${path}`, key).pk;
      expect(bytes(pk), `${route.method} ${route.path}`).toBeLessThan(LIMIT);
    }
  });

  it('a partner marker: PARTNER#<scope>#<hash>, the same length for any name, in any scope', () => {
    const scope = longest(SCOPES) as SummaryScope;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: NAME_MAX }), (name) => {
        // Hashed: any name gives a key of one length (a key holding the name itself would grow with it).
        expect(partnerKey(scope, normalisePartnerName(name)).pk).toHaveLength(partnerKey(scope, 'x').pk.length);
      }),
    );
    // The name that grows most: U+FDFA, 18 characters under NFKC, at the bound.
    const stretched = normalisePartnerName('\uFDFA'.repeat(NAME_MAX));
    expect(bytes(stretched)).toBeGreaterThan(2048);
    const key = partnerKey(scope, stretched).pk;
    expect(bytes(key)).toBeLessThan(LIMIT);
    expect(key).toHaveLength(partnerKey(scope, 'x').pk.length);
    expect(partnerKey(scope, stretched).pk).not.toBe(partnerKey(scope, normalisePartnerName('\uFDFA'.repeat(NAME_MAX - 1))).pk);
  });

  it('a contract marker: CONTRACT#<hash>, the same length for any contract number', () => {
    // The contract number is Text(100) (functions/http/schemas.ts); NFKC stretches U+FDFA 18 times.
    const stretched = normaliseContractNo('\uFDFA'.repeat(100));
    expect(bytes(stretched)).toBeGreaterThan(1024);
    expect(bytes(contractKey(stretched).pk)).toBeLessThan(LIMIT);
    expect(contractKey(stretched).pk).toHaveLength(contractKey('X').pk.length);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }), (no) => {
        expect(contractKey(normaliseContractNo(no)).pk).toHaveLength(contractKey('X').pk.length);
      }),
    );
  });

  it('a duplicate marker: DUP#<hash of institution, partner and category>, the same length for any names', () => {
    const longestName = '\uFDFA'.repeat(NAME_MAX);
    const worst = duplicateMarkerKey({ institution: longestName, partner: { name: longestName, type: 'DOMESTIC_UNIVERSITY', country: 'CN' }, category: 'HIGH_END_RD_INSTITUTION' }).pk;
    expect(bytes(worst)).toBeLessThan(LIMIT);
    expect(worst).toHaveLength(duplicateMarkerKey({ institution: 'x', partner: { name: 'y', type: 'DOMESTIC_UNIVERSITY', country: 'CN' }, category: 'JOINT_RD_BASE' }).pk.length);
  });

  it('summary shards and listing partitions: codes from closed lists', () => {
    for (const scope of SCOPES) expect(bytes(summaryKey(scope, 7).pk)).toBeLessThan(LIMIT);
    const values = [...CATEGORIES.codes, ...DISTRICTS.codes, ...FIELDS.codes, ...ITEMS.codes, 'SUBMITTED', 'RATED', 'WITHDRAWN', 'REJECTED'];
    for (const listing of LISTING_INDEXES) expect(bytes(indexPartition(listing, longest(values)))).toBeLessThan(LIMIT);
  });
});
