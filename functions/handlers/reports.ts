/** Lambda `reports`: the routes of functions/routes/reports.ts. */
import { createApp } from '../http/app.js';
import { lambdaHandler } from '../http/lambda.js';
import { reports } from '../routes/reports.js';

export const handler = lambdaHandler(createApp(reports));
