import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // Both cores of the 2-core machine the suite is sized for (vitest's default leaves one idle).
    maxWorkers: 2,
    // Check mode: every compiled gradient is compared with the interpreter's replay of
    // the same tape (src/models/api/density-evaluator.ts), so the whole suite tests the
    // code generator. LEAPFROG_JITLESS=1 (npm run test:jitless) runs it on the interpreter.
    env: { LEAPFROG_CHECK_COMPILED: '1' },
  },
});
