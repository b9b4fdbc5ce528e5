/** Form intake against fakes: named answers → POST /applications under a script lock, results or errors in the row. */
import { describe, expect, it } from 'vitest';
import { makeFakes, type FakeSheet } from './fakes/index.js';
import { dateOfRealm, loadAddon } from './load.js';

const QUESTIONS = ['时间戳记', '机构名称 Institution', 'Partner', '合作方类型', '合作方国家（地区）', '类别 / Category', '区县', 'Key field', '高层次人才', '评定日期 Rating date', '独立法人', '申请金额（元）'];

function ready(withSettings = true) {
  const fakes = makeFakes();
  const addon = loadAddon(fakes.globals);
  if (withSettings) addon.saveSettings({ apiUrl: 'https://api.example.cn/prod', apiKey: 'form-key' });
  const sheet = fakes.spreadsheet.insertSheet('表单回复 1');
  sheet.put(1, QUESTIONS);
  return { fakes, addon, sheet };
}

/** What Sheets files for one response, and the event the installable trigger receives. */
function submit(addon: ReturnType<typeof loadAddon>, sheet: FakeSheet, row: number, answers: string[], questions = QUESTIONS) {
  const stamp = `2021/03/15 10:0${row}:00`;
  const cells: unknown[] = [dateOfRealm(addon, `2021-03-15T02:0${row}:00Z`), ...answers];
  cells[9] = answers[8] ? dateOfRealm(addon, '2021-03-14T16:00:00.000Z') : ''; // the date question's cell is a Date
  sheet.put(row, cells);
  const namedValues = Object.fromEntries(questions.map((q, i) => [q, [i === 0 ? stamp : (answers[i - 1] ?? '')]]));
  return { range: sheet.getRange(row, 1, 1, questions.length), namedValues, values: [stamp, ...answers], triggerUid: 't1', authMode: 'FULL' };
}

const GOOD = ['两江某研究院', 'Tsinghua University', 'DOMESTIC_UNIVERSITY', '中国', 'JOINT_RD_BASE', 'LIANGJIANG', '人工智能', '', '3/15/2021', '是', '2,000,000'];
const resultCells = (sheet: FakeSheet, row: number) => sheet.getRange(row, QUESTIONS.length + 1, 1, 5).getValues()[0];

describe('onFormSubmit', () => {
  it('maps named answers to POST /applications with the response id as Idempotency-Key, under the script lock', () => {
    const { fakes, addon, sheet } = ready();
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: 'app-form-1', status: 'RATED', rating: { totalCap: 17000000, caseByCase: false } } });
    const event = submit(addon, sheet, 2, GOOD);
    addon.onFormSubmit(event);
    expect(fakes.urlFetch.fetches).toHaveLength(1);
    const call = fakes.urlFetch.fetches[0];
    expect(call?.url).toBe('https://api.example.cn/prod/applications');
    expect(call?.headers['x-api-key']).toBe('form-key');
    const responseId = call?.headers['Idempotency-Key'] ?? '';
    // Spreadsheet, sheet, row and a hash of the response's timestamp; printable ASCII, as the API requires.
    expect(responseId).toMatch(new RegExp(`^form-sheet-file-1-${sheet.id}-2-[0-9a-f]{8}$`));
    expect(responseId).toMatch(/^[\x21-\x7e]{1,200}$/);
    expect(JSON.parse(call?.payload ?? '')).toEqual({
      institution: '两江某研究院',
      partner: { name: 'Tsinghua University', type: 'DOMESTIC_UNIVERSITY', country: '中国' },
      category: 'JOINT_RD_BASE',
      district: 'LIANGJIANG',
      field: 'ARTIFICIAL_INTELLIGENCE',
      legalPerson: true,
      ratingDate: '2021-03-15', // read from the Date cell, not the answer's locale text
      requestedAmount: 2000000,
    });
    // Headers added after the form's columns; id, status and the API's total cap written back.
    expect(sheet.getRange(1, 13, 1, 5).getValues()[0]).toEqual(['云端编号\nCloud ID', '云端状态\nCloud status', '资助总上限（元）\nTotal cap (yuan)', '同步信息\nSync message', '响应编号\nResponse ID']);
    expect(resultCells(sheet, 2)).toEqual(['app-form-1', 'RATED', 17000000, '已提交 (submitted)', responseId]);
    expect(fakes.locks.log.map((l) => `${l.kind}:${l.event}`)).toEqual(['script:tryLock', 'script:release']);
  });

  it('a form that asks for the approved initial grant sends it with the rating date (issue 12)', () => {
    const { fakes, addon, sheet } = ready();
    const questions = [...QUESTIONS, '核定评定资助（元） Approved initial grant (yuan)'];
    sheet.put(1, questions);
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: 'app-form-2', status: 'RATED', rating: { totalCap: 17000000, caseByCase: false } } });
    addon.onFormSubmit(submit(addon, sheet, 2, [...GOOD, '1,500,000'], questions));
    expect(JSON.parse(fakes.urlFetch.fetches[0]?.payload ?? '')).toMatchObject({ ratingDate: '2021-03-15', approvedInitial: 1500000 });
    expect(sheet.getRange(2, questions.length + 2).getValue()).toBe('RATED');
  });

  it('finds a question whose title carries invisible characters (a zero-width space, a soft hyphen), as partner names are folded', () => {
    const { fakes, addon, sheet } = ready();
    const questions = QUESTIONS.map((q) => (q === '机构名称 Institution' ? '机构\u200b名称 Institution' : q === 'Partner' ? 'Part\u00adner' : q));
    sheet.put(1, questions);
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: 'app-form-2', status: 'RATED', rating: { totalCap: 17000000, caseByCase: false } } });
    addon.onFormSubmit(submit(addon, sheet, 2, GOOD, questions));
    const body = JSON.parse(fakes.urlFetch.fetches[0]?.payload ?? '{}');
    expect(body.institution).toBe('两江某研究院');
    expect(body.partner?.name).toBe('Tsinghua University');
    expect(resultCells(sheet, 2)?.[0]).toBe('app-form-2');
  });

  it("writes the API's total cap and nothing of its own: no cap answered, no cap written", () => {
    const { fakes, addon, sheet } = ready();
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: 'a', status: 'RATED', rating: { totalCap: 12345, caseByCase: false } } });
    addon.onFormSubmit(submit(addon, sheet, 2, GOOD));
    expect(resultCells(sheet, 2)?.[2]).toBe(12345);
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: 'b', status: 'RATED', rating: { totalCap: 0, caseByCase: true } } });
    addon.onFormSubmit(submit(addon, sheet, 3, GOOD));
    expect(resultCells(sheet, 3)?.[2]).toBe('CASE_BY_CASE');
    // The response carries a rating date, but the API answered no rating: the cell stays empty and the message says so.
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: 'c', status: 'SUBMITTED' } });
    addon.onFormSubmit(submit(addon, sheet, 4, GOOD));
    expect(resultCells(sheet, 4)?.slice(0, 4)).toEqual(['c', 'SUBMITTED', '', '已提交，云端未给出资助总上限 (submitted; the API returned no total cap)']);
  });

  it('a duplicate delivery of the same response sends nothing new; another response gets another key', () => {
    const { fakes, addon, sheet } = ready();
    let filed = 0;
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: `app-${++filed}`, status: 'SUBMITTED' } });
    const event = submit(addon, sheet, 2, GOOD);
    addon.onFormSubmit(event);
    addon.onFormSubmit(event);
    expect(fakes.urlFetch.fetches).toHaveLength(1);
    addon.onFormSubmit(submit(addon, sheet, 3, GOOD));
    expect(fakes.urlFetch.fetches).toHaveLength(2);
    expect(fakes.urlFetch.fetches[1]?.headers['Idempotency-Key']).not.toBe(fakes.urlFetch.fetches[0]?.headers['Idempotency-Key']);
  });

  it('an API failure is written into the row, not lost', () => {
    const { fakes, addon, sheet } = ready();
    fakes.urlFetch.answer = () => ({ status: 409, body: { error: { code: 'CONFLICT', message: 'idempotency key reused', field: 'Idempotency-Key' } } });
    addon.onFormSubmit(submit(addon, sheet, 3, GOOD));
    expect(resultCells(sheet, 3)?.[3]).toBe('ERROR: [CONFLICT HTTP 409] idempotency key reused (Idempotency-Key)');
    expect(resultCells(sheet, 3)?.[0]).toBe('');
  });

  it('bad answers are written into the row, naming the fields, and nothing is sent', () => {
    const { fakes, addon, sheet } = ready();
    const bad = [...GOOD];
    bad[4] = '火星基地';
    bad[5] = '';
    addon.onFormSubmit(submit(addon, sheet, 2, bad));
    expect(fakes.urlFetch.fetches).toHaveLength(0);
    const message = String(resultCells(sheet, 2)?.[3]);
    expect(message).toMatch(/^ERROR: /);
    expect(message).toContain('(category:');
    expect(message).toContain('(district:');
  });

  it('a lock that cannot be had, or missing settings, is written into the row', () => {
    const busy = ready();
    busy.fakes.locks.getScriptLock().tryLock(0); // another execution holds the script lock
    busy.addon.onFormSubmit(submit(busy.addon, busy.sheet, 2, GOOD));
    expect(String(resultCells(busy.sheet, 2)?.[3])).toMatch(/^ERROR: .*lock/);
    expect(busy.fakes.urlFetch.fetches).toHaveLength(0);

    const unset = ready(false);
    unset.addon.onFormSubmit(submit(unset.addon, unset.sheet, 2, GOOD));
    expect(String(resultCells(unset.sheet, 2)?.[3])).toMatch(/^ERROR: .*API settings/);
  });
});

describe('Enable form intake', () => {
  it('creates one onFormSubmit trigger for the spreadsheet, however often it is chosen', () => {
    const { fakes, addon } = ready();
    addon.installFormTrigger();
    addon.installFormTrigger();
    expect(fakes.scriptApp.triggers).toEqual([{ handler: 'onFormSubmit', sourceId: 'sheet-file-1', event: 'ON_FORM_SUBMIT' }]);
    expect(typeof addon.onFormSubmit).toBe('function');
    expect(fakes.ui.alerts[1]).toMatch(/already/);
  });
});
