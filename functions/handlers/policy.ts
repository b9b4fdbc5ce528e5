/** Lambda `policy`: the routes of functions/routes/policy.ts. */
import { createApp } from '../http/app.js';
import { lambdaHandler } from '../http/lambda.js';
import { policy } from '../routes/policy.js';

export const handler = lambdaHandler(createApp(policy));
