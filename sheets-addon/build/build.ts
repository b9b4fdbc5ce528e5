/** Builds sheets-addon/dist: Code.js with generated custom-function stubs, appsscript.json, HTML. (Filled by the add-on issue.) */
export async function buildAddon(): Promise<void> {
  console.log('sheets-addon/dist: add-on not built yet (issue 3)');
}
