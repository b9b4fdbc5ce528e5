/** Lambda `achievements`: the routes of functions/routes/achievements.ts. */
import { createApp } from '../http/app.js';
import { lambdaHandler } from '../http/lambda.js';
import { achievements } from '../routes/achievements.js';

export const handler = lambdaHandler(createApp(achievements));
