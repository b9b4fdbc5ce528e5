/** `cdk synth` / `cdk deploy` entry (cdk.json). */
import { createApp } from './create-app.js';

createApp().app.synth();
