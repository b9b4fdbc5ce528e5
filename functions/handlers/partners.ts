/** Lambda `partners`: the routes of functions/routes/partners.ts. */
import { createApp } from '../http/app.js';
import { lambdaHandler } from '../http/lambda.js';
import { partners } from '../routes/partners.js';

export const handler = lambdaHandler(createApp(partners));
