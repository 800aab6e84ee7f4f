#!/usr/bin/env node
// The `leapfrog` command. leapfrog runs from its TypeScript sources, so this entry registers
// tsx's module hooks (which also let users' .ts model modules load), then runs the command
// line in src/cli/main.ts. Only the exit code is set, not process.exit(), so that output
// still being written to a pipe is not cut off.
let tsx;
try {
  tsx = await import('tsx/esm/api');
} catch (cause) {
  process.stderr.write(`leapfrog: cannot load tsx, which runs leapfrog's TypeScript sources (${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}); run 'npm install' in the leapfrog directory\n`);
  process.exit(1);
}
tsx.register();
const { main } = await import('../src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
