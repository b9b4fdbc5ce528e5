/** Lambda `applications`: the routes of functions/routes/applications.ts. */
import { createApp } from '../http/app.js';
import { lambdaHandler } from '../http/lambda.js';
import { applications } from '../routes/applications.js';

export const handler = lambdaHandler(createApp(applications));
