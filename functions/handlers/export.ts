/** Lambda `export`: GET /reports/export.xlsx (functions/routes/export.ts), the only function that carries exceljs. */
import { createApp } from '../http/app.js';
import { lambdaHandler } from '../http/lambda.js';
import { exportXlsx } from '../routes/export.js';

export const handler = lambdaHandler(createApp(exportXlsx));
