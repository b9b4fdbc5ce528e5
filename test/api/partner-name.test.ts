/**
 * `partnerName` (functions/http/parse.ts), the check POST /applications and PATCH /applications/{id} put on
 * `partner.name`: real partner names pass whatever their script or punctuation (中文, 日本語, 한국어, scripts with
 * combining marks, names with `&`, `·`, brackets), trimmed; a name with nothing left to compare once normalised
 * (POLICY.md §5 interpretation 9) is a 400 naming the field in English and 中文. No server: the function itself.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../functions/domain/errors.js';
import { partnerName } from '../../functions/http/parse.js';

describe('partnerName', () => {
  it('takes real partner names in any script, with their punctuation, trimmed', () => {
    const names = [
      '清华大学',
      '中国科学院重庆绿色智能技术研究院',
      '東京大学',
      '株式会社日立製作所',
      '（株）日立',
      'ソニー・インタラクティブ',
      '서울대학교',
      'Ludwig-Maximilians-Universität München',
      'AT&T',
      '3M',
      'Ｎ・Ｔ・Ｔ',
      'भारतीय प्रौद्योगिकी संस्थान',
      'จุฬาลงกรณ์มหาวิทยาลัย',
      'جامعة الملك سعود',
      '〇〇研究所',
    ];
    for (const name of names) expect(partnerName(`\u3000 ${name}\t`, 'partner.name')).toBe(name);
  });

  it('refuses a name with no letters or digits: 400 INVALID naming partner.name in English and 中文', () => {
    for (const name of ['\u200B', '——', '・', '\u200B-\u200B', '（）', '★☆', '&']) {
      let thrown: unknown;
      try {
        partnerName(name, 'partner.name');
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(name)).toBeInstanceOf(ApiError);
      const e = thrown as ApiError;
      expect({ status: e.status, code: e.code, field: e.field }).toEqual({ status: 400, code: 'INVALID', field: 'partner.name' });
      expect(e.message).toMatch(/^partner\.name ".*" has no letters or digits to compare$/s);
      expect(e.extra.messageZh).toMatch(/^合作方名称（partner\.name）“.*”没有可比较的文字或数字$/s);
    }
  });
});
