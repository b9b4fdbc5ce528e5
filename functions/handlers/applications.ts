/** Lambda `applications`: the routes of functions/routes/applications.ts and ./corrections.ts. */
import { createApp } from '../http/app.js';
import { lambdaHandler } from '../http/lambda.js';
import { applications } from '../routes/applications.js';
import { corrections } from '../routes/corrections.js';

export const handler = lambdaHandler(createApp(applications, corrections));
