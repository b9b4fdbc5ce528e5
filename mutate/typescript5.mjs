// Loaded with `--import` into Stryker's processes (mutate/run.mjs sets NODE_OPTIONS). The project's TypeScript is 7.0.2,
// whose npm package has no JS compiler API (lib/ holds only tsc.js), and @stryker-mutator/typescript-checker 10.1.1
// needs it (`import ts from 'typescript'`). npm cannot give the checker its own copy (typescript is its PEER
// dependency, so an `overrides` entry conflicts with the root's 7.0.2: ERESOLVE), so typescript-5 (npm alias of
// typescript@5.9.3, package.json) is installed beside it, and this hook hands it to Stryker's packages (the checker, and
// core's tsconfig preprocessor, which also calls the JS API), and only to them.
import { register } from 'node:module';

register('./typescript5-hooks.mjs', import.meta.url);
