/**
 * Vitest global setup: brings build/ and .nango/nango.json up to date once per run, before any test file starts,
 * so every end-to-end file shares the same bundles (scripts/build.ts rebuilds only those whose sources changed).
 * A failed build does not stop the unit tests: it is printed, and every run through a bundle fails with it
 * (tests/e2e/runtime.ts reads SALESFORCE_BUILD_ERROR, which the test workers inherit).
 */
import { BuildError, buildBundles } from '../scripts/build.js';

export default async function setup(): Promise<void> {
    try {
        const result = await buildBundles();
        if (result.built.length > 0 || result.definitions) {
            process.stdout.write(`[global-setup] ${result.built.length} bundle(s) built, ${result.upToDate} up to date, in ${(result.ms / 1000).toFixed(1)} s\n`);
        }
    } catch (error) {
        if (!(error instanceof BuildError)) throw error;
        process.env['SALESFORCE_BUILD_ERROR'] = error.message;
        process.stderr.write(`[global-setup] ${error.message}\n[global-setup] every test through a compiled bundle will fail with this error\n`);
    }
}
