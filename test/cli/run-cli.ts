import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs the `leapfrog` command as a user would, from the project root, and collects its output:
 * the command line of the current sources (through tsx), never a possibly stale dist/.
 */

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const entry = fileURLToPath(new URL('./leapfrog-from-sources.ts', import.meta.url));
// tsx by its resolved URL: `--import tsx` resolves from the working directory, which tests
// set to temporary folders.
const tsx = import.meta.resolve('tsx');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the command in `cwd` (default: the project root), from the current sources. */
export function startCli(args: readonly string[], cwd = projectRoot): ChildProcess {
  return spawn(process.execPath, ['--import', tsx, entry, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LEAPFROG_DEBUG: '' } });
}

export function runCli(args: readonly string[], cwd = projectRoot): Promise<CliRun> {
  const child = startCli(args, cwd);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs the command line in this process (no tsx start-up, no spawn): cheaper for commands
 * that do not sample. Output written to process.stdout/stderr is captured, not shown.
 */
export async function runMain(args: readonly string[]): Promise<CliRun> {
  const { main } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const originalOut = process.stdout.write.bind(process.stdout);
  const originalError = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = originalOut;
    process.stderr.write = originalError;
  }
}
