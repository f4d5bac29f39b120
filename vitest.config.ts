import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        globals: true,
        environment: 'node',
        setupFiles: ['./vitest.setup.ts'],
        include: ['salesforce/tests/**/*.test.ts', 'emulator/test/**/*.test.ts', 'tests/**/*.test.ts'],
        testTimeout: 30_000,
        hookTimeout: 120_000,
        pool: 'forks'
    }
});
