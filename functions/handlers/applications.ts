/** Lambda `applications`: the routes of functions/routes/applications.ts and of their money, functions/routes/payments.ts. */
import { createApp } from '../http/app.js';
import { lambdaHandler } from '../http/lambda.js';
import { applications } from '../routes/applications.js';
import { payments } from '../routes/payments.js';

export const handler = lambdaHandler(createApp(applications, payments));
