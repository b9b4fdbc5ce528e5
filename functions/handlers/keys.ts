/** Lambda `keys`: the routes of functions/routes/keys.ts. */
import { createApp } from '../http/app.js';
import { lambdaHandler } from '../http/lambda.js';
import { keys } from '../routes/keys.js';

export const handler = lambdaHandler(createApp(keys));
