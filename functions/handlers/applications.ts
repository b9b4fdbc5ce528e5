/** Lambda `applications`: the routes of functions/routes/applications.ts, of their money (./payments.ts) and of their corrections (./corrections.ts). */
import { createApp } from '../http/app.js';
import { lambdaHandler } from '../http/lambda.js';
import { applications } from '../routes/applications.js';
import { corrections } from '../routes/corrections.js';
import { payments } from '../routes/payments.js';

export const handler = lambdaHandler(createApp(applications, payments, corrections));
