/** What GET /reports/export.xlsx is, without loading the workbook writer (./workbook.ts, exceljs). */

/** The media type of an .xlsx workbook (Office Open XML). */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The sheets, in the contract's order (CONTRACT.md §3): 中文 then English. */
export const SHEET_NAMES = {
  applications: '申请 Applications',
  ledger: '台账 Ledger',
  payments: '支付 Payments',
  receipts: '成果到账 Receipts',
  summary: '汇总 Summary',
} as const;
