import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        globals: true,
        environment: 'node',
        setupFiles: ['./vitest.setup.ts'],
        // builds the function bundles once per run (only those whose sources changed), shared by every e2e file
        globalSetup: ['./tests/global-setup.ts'],
        include: ['salesforce/tests/**/*.test.ts', 'emulator/test/**/*.test.ts', 'tests/**/*.test.ts'],
        testTimeout: 30_000,
        hookTimeout: 120_000,
        pool: 'forks',
        // vitest's default on 2 cores is one worker, which runs every file in turn; the slow files (the CLI tests)
        // mostly wait on a child process, so a second worker overlaps them with the rest
        maxWorkers: Math.max(2, os.availableParallelism() - 1)
    }
});
