/**
 * Bounded names (issue 9): an institution's or a partner's name is at most 200 characters, counted as staff count them
 * (Unicode code points), and past it the request is a 400 naming the field, in English and 中文, with nothing stored.
 * A name at the bound that NFKC makes 18 times longer (U+FDFA) is stored, rated and counted once as a partner: its
 * marker is keyed on a hash of the normalised name, so no name can push a key past DynamoDB's limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAME_MAX } from '../../functions/http/schemas.js';
import { application, expectError, startApi, type Client } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

/** 𠮷 (U+20BB7): one code point, two UTF-16 units. */
const ASTRAL = '𠮷';
const partner = (name: string) => ({ name, type: 'DOMESTIC_UNIVERSITY', country: 'CN' });

async function summary(): Promise<{ applications: number; rated: number; partnersIntroduced: number }> {
  const answer = await api.call('GET', '/reports/summary');
  expect(answer.status).toBe(200);
  return answer.body;
}

/** Every application stored, by institution (the admin's listing, all pages). */
async function institutions(): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await api.call('GET', `/applications?limit=100${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
    expect(page.status).toBe(200);
    names.push(...page.body.items.map((a: { institution: string }) => a.institution));
    token = page.body.nextToken;
  } while (token);
  return names;
}

describe('names over 200 characters', () => {
  it.each([
    ['partner.name', (long: string) => application({ institution: `over-long partner ${Math.random()}`, partner: partner(long) })],
    ['institution', (long: string) => application({ institution: long })],
  ])('%s: 201 characters is 400 naming the field, in English and 中文; nothing is stored', async (field, body) => {
    const before = await summary();
    const stored = await institutions();
    const sent = body('a'.repeat(NAME_MAX + 1));
    const answer = await api.call('POST', '/applications', { body: { ...sent, ratingDate: '2020-06-30' } });
    expectError(answer, 400, 'INVALID', field);
    expect(answer.body.error.message).toMatch(/at most 200 characters/);
    expect(answer.body.error.messageZh).toMatch(/不得超过 200 个字符/);
    expect(await summary()).toEqual(before);
    expect(await institutions()).toEqual(stored);
  });

  it('counts characters, not UTF-16 units: 200 of 𠮷 (400 units) is accepted, 201 is not', async () => {
    expect(ASTRAL.length).toBe(2);
    const accepted = await api.call('POST', '/applications', { body: application({ institution: ASTRAL.repeat(NAME_MAX), partner: partner(ASTRAL.repeat(NAME_MAX)) }) });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.institution).toBe(ASTRAL.repeat(NAME_MAX));
    expectError(await api.call('POST', '/applications', { body: application({ institution: ASTRAL.repeat(NAME_MAX + 1) }) }), 400, 'INVALID', 'institution');
    expectError(await api.call('POST', '/applications', { body: application({ partner: partner(ASTRAL.repeat(NAME_MAX + 1)) }) }), 400, 'INVALID', 'partner.name');
  });

  it('the other free text keeps its bound, named the same way', async () => {
    const answer = await api.call('POST', '/applications', { body: application({ partner: { ...partner('Fudan'), country: 'x'.repeat(101) } }) });
    expectError(answer, 400, 'INVALID', 'partner.country');
    expect(answer.body.error.messageZh).toMatch(/不得超过 100 个字符/);
  });
});
