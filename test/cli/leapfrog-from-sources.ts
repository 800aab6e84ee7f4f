import { main } from '../../src/cli/main.js';

// The `leapfrog` command run from the current sources (bin/leapfrog.mjs runs the built
// dist/cli.js instead): spawned by run-cli.ts as `node --import tsx test/cli/leapfrog-from-sources.ts`.
process.exitCode = await main(process.argv.slice(2));
