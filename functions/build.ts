/** Builds functions/dist: one bundle per entry of functions/manifest.ts. (Filled by the cloud API issue.) */
export async function buildFunctions(): Promise<void> {
  console.log('functions/dist: no Lambda functions yet (issue 4)');
}
