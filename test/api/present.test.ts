/**
 * Answers for stored records are computed under the edition stored with them, never under CURRENT_EDITION: here a
 * successor edition is made current (8%, capped at 2,000,000 yuan, another clause) and records of cq-2019-126 must
 * still answer by cq-2019-126. Unit tests of functions/http/present.ts with the rules module's edition swapped.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../shared/index.js', async (importOriginal) => {
  const shared = await importOriginal<typeof import('../../shared/index.js')>();
  const old = shared.CQ_2019_126.transferSubsidy;
  const successor: import('../../shared/index.js').Edition = {
    ...shared.CQ_2019_126,
    id: 'successor-test',
    transferSubsidy: {
      ...old,
      rate: { ...old.rate, value: { numerator: 8, denominator: 100 }, clause: '三(八)' },
      capPerAchievement: { ...old.capPerAchievement, value: 200_000_000 },
    },
  };
  return {
    ...shared,
    CURRENT_EDITION: successor,
    editionById: (id: string) => (id === successor.id ? successor : shared.editionById(id)),
    editionOf: (record: { readonly edition?: string }) => (record.edition === successor.id ? successor : shared.editionOf(record)),
  };
});

const { CURRENT_EDITION } = await import('../../shared/index.js');
const { presentAchievement, presentEvent, presentReceipt } = await import('../../functions/http/present.js');
type Achievement = Parameters<typeof presentAchievement>[0];
type Receipt = Parameters<typeof presentReceipt>[0];

const achievement = (over: Partial<Achievement> = {}): Achievement => ({
  id: 'ach_1',
  applicationId: 'app_1',
  district: 'YUBEI',
  title: 'a transfer',
  contractNo: 'HT-1',
  cumulativeReceived: 2_000_000_000, // 20,000,000 yuan: exactly cq-2019-126's cap at 5%
  receipts: 2,
  createdAt: '2021-01-01T00:00:00.000Z',
  ...over,
});

const receipt = (over: Partial<Receipt> = {}): Receipt => ({
  id: 'rcpt_1',
  achievementId: 'ach_1',
  applicationId: 'app_1',
  sequence: 1,
  date: '2021-02-01',
  amount: 10_000,
  subsidy: 500,
  cumulativeReceived: 10_000,
  cumulativeSubsidy: 500,
  capReached: false,
  createdAt: '2021-02-01T00:00:00.000Z',
  ...over,
});

describe('stored records answer by their own edition', () => {
  it("an achievement of cq-2019-126: 5%, capped at 1,000,000 yuan, whatever edition is current", () => {
    expect(CURRENT_EDITION.id, 'precondition: the successor is current in this file').toBe('successor-test');
    expect(presentAchievement(achievement({ edition: 'cq-2019-126' }))).toMatchObject({ cumulativeSubsidy: 1_000_000, capReached: true });
  });

  it("an achievement of the successor: the successor's rate and cap", () => {
    expect(presentAchievement(achievement({ edition: 'successor-test' }))).toMatchObject({ cumulativeSubsidy: 1_600_000, capReached: false });
  });

  it('an achievement stored before records named their edition is cq-2019-126, not the current edition', () => {
    expect(presentAchievement(achievement())).toMatchObject({ cumulativeSubsidy: 1_000_000, capReached: true });
  });

  it("a receipt cites its own edition's clause, and older receipts cq-2019-126's", () => {
    expect(presentReceipt(receipt({ edition: 'cq-2019-126' })).clause).toBe('三(七)');
    expect(presentReceipt(receipt({ edition: 'successor-test' })).clause).toBe('三(八)');
    expect(presentReceipt(receipt()).clause).toBe('三(七)');
  });

  it('history shows events by the edition of their data', () => {
    const data: Record<string, unknown> = { ...receipt() };
    const event = { applicationId: 'app_1', at: '2021-02-01T00:00:00.000Z', keyId: 'k', type: 'RECEIPT_RECORDED' as const, data };
    expect(presentEvent(event).data).toMatchObject({ clause: '三(七)' });
  });

  it('an edition the rules do not know is an error, not a silent fallback', () => {
    expect(() => presentAchievement(achievement({ edition: 'cq-2099-1' }))).toThrow(/unknown policy edition/);
  });
});
