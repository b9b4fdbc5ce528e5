/**
 * The add-on against the real API, not a fake of it: `npm start`'s server (functions/local → the Lambda handlers →
 * DynamoDB Local) runs in a child process, and the add-on's UrlFetchApp is the one fake — a synchronous HTTP call through
 * curl, as UrlFetchApp.fetch is synchronous. Shows that what the sidebar and the form send is what the API accepts,
 * that a resend is idempotent, and that the cloud's caps agree with the add-on's formulas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATIONS, columnOf } from '../../sheets-addon/src/layout.js';
import { dateOfRealm, plain } from './load.js';
import { cell, loseAnswers } from './sheet-cells.js';
import { addonOnline, startLocalApi, type LocalApi } from './local-api.js';

let api: LocalApi;

beforeAll(async () => {
  api = await startLocalApi();
});

afterAll(async () => api?.stop());

const online = () => addonOnline(api);

describe('add-on ↔ local API', () => {
  it('sidebar: sends rows the API accepts, a resend replays, refresh reads the status back, caps agree', () => {
    const { fakes, addon } = online();
    addon.setUpSheets();
    const sheet = fakes.spreadsheet.getSheetByName('申请 Applications');
    if (!sheet) throw new Error('no sheet');
    const rated = dateOfRealm(addon, '2021-03-14T16:00:00.000Z'); // 2021-03-15 in Asia/Shanghai
    sheet.put(2, ['重庆联合研究院', 'Imperial College London', '国外高校', 'UK', '联合研发基地（中心）', '渝北区', '大数据', '中国工程院院士', rated, false, 1500000]);
    sheet.put(3, ['两江转化中心', 'Tsinghua University', 'DOMESTIC_UNIVERSITY', '中国', 'TRANSFER_BASE', 'LIANGJIANG', 'NEW_MATERIALS', '', '', true, '']);

    const first = plain(addon.sendRows('申请 Applications', [2])).outcomes[0];
    expect(first).toMatchObject({ row: 2, ok: true, status: 'RATED' });
    expect(first.id).toMatch(/\S/);
    expect(plain(addon.sendRows('申请 Applications', [3])).outcomes[0]).toMatchObject({ row: 3, ok: true, status: 'SUBMITTED' });

    // Resend row 2 as a retry would (the id not yet written back): the API replays the first answer.
    loseAnswers(sheet, APPLICATIONS, 1);
    expect(plain(addon.sendRows('申请 Applications', [2])).outcomes[0].id).toBe(first.id);
    const keys = fakes.urlFetch.fetches.filter((f) => f.method === 'POST').map((f) => f.headers['Idempotency-Key']);
    expect(keys[0]).toBe(keys[2]);

    // The cloud's rating of row 2 is what the sheet's formula says.
    const cloudCap: number = api.get(`/applications/${first.id}`).application.rating.totalCap;
    expect(cloudCap).toBe(addon.CQ_TOTAL_CAP('联合研发基地（中心）', rated, '中国工程院院士'));
    expect(cloudCap).toBe(27000000);

    sheet.getRange(3, columnOf(APPLICATIONS, 'cloudStatus')).setValue('stale');
    expect(plain(addon.refreshFromCloud())).toMatchObject({ updated: 2, missing: 0 });
    expect(cell(sheet, APPLICATIONS, 3, 'cloudStatus')).toBe('SUBMITTED');
  });

  it("sidebar: the API's own refusal is written into the row", () => {
    const { fakes, addon } = online();
    addon.setUpSheets();
    const sheet = fakes.spreadsheet.getSheetByName('申请 Applications');
    if (!sheet) throw new Error('no sheet');
    // Valid for the add-on's own checks, refused by the API: rated after the plan ended (一, 六).
    sheet.put(2, ['某研究院', 'MIT', 'FOREIGN_UNIVERSITY', 'US', 'JOINT_RD_BASE', 'YUBEI', 'BIG_DATA', '', '2023-01-01', true, '']);
    const outcome = plain(addon.sendRows('申请 Applications', [2])).outcomes[0];
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/^ERROR: \[[A-Z_]+ HTTP 4\d\d\]/);
    expect(cell(sheet, APPLICATIONS, 2, 'syncMessage')).toBe(outcome.message);
    expect(cell(sheet, APPLICATIONS, 2, 'cloudId')).toBe('');
  });

  it('form intake: a response becomes an application; the row gets the id and the cloud total cap', () => {
    const { fakes, addon } = online();
    const sheet = fakes.spreadsheet.insertSheet('表单回复 1');
    const questions = ['时间戳记', '机构名称', '合作方名称', '合作方类型', '合作方国家（地区）', '类别', '区县', '重点领域', '高层次人才', '评定日期', '独立法人'];
    const answers = ['2022/5/1 上午9:00:00', '某转化基地', 'Fudan University', 'DOMESTIC_UNIVERSITY', '中国', 'TRANSFER_BASE', 'YUBEI', 'BIOMEDICINE', '', '2022-05-01', '否'];
    sheet.put(1, questions);
    sheet.put(2, answers);
    const event = { range: sheet.getRange(2, 1, 1, questions.length), namedValues: Object.fromEntries(questions.map((q, i) => [q, [answers[i]]])), values: answers };
    addon.onFormSubmit(event);
    const result = sheet.getRange(2, questions.length + 1, 1, 5).getValues()[0] ?? [];
    expect(result[3]).toBe('已提交 (submitted)');
    expect(result[1]).toBe('RATED');
    expect(result[2]).toBe(3000000); // 三(三) 2,000,000 + 三(七) one performance year
    expect(result[2]).toBe(addon.CQ_TOTAL_CAP('TRANSFER_BASE', '2022-05-01', ''));
    addon.onFormSubmit(event); // delivered twice: nothing new
    expect(fakes.urlFetch.fetches.filter((f) => f.method === 'POST')).toHaveLength(1);
  });
});
