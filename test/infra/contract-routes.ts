/** The routes of CONTRACT.md §3, written out by hand so the stack is checked against the contract, not only the manifest. */
export const CONTRACT_ROUTES: readonly string[] = [
  'GET /health',
  'GET /policy',
  'POST /calculate',
  'POST /calculate/transfer-subsidy',
  'POST /applications',
  'GET /applications/{id}',
  'GET /applications',
  'POST /applications/{id}/rating',
  'POST /applications/{id}/payments',
  'POST /achievements',
  'POST /achievements/{id}/receipts',
  'GET /applications/{id}/history',
  'GET /reports/summary',
  'POST /keys',
];
