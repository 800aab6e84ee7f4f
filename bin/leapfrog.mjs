#!/usr/bin/env node
// The `leapfrog` command: the command line of the built package (dist/cli.js, made by
// `npm run build`). Only the exit code is set, not process.exit(), so that output still
// being written to a pipe is not cut off.
import module from 'node:module';

// Node ≥ 22.1 can keep the compiled code of modules on disk between runs: a faster start.
module.enableCompileCache?.();
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (cause) {
  if (cause?.code !== 'ERR_MODULE_NOT_FOUND' || !String(cause.message).includes('dist/cli.js')) throw cause;
  process.stderr.write("leapfrog: the built command line (dist/cli.js) is missing; run 'npm run build' in the leapfrog directory\n");
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
