/**
 * Vitest global setup: brings build/ and .nango/nango.json up to date once per run, before any test file starts,
 * so every end-to-end file shares the same bundles (scripts/build.ts rebuilds only those whose sources changed).
 */
import { buildBundles } from '../scripts/build.js';

export default async function setup(): Promise<void> {
    const result = await buildBundles();
    if (result.built.length > 0 || result.definitions) {
        process.stdout.write(`[global-setup] ${result.built.length} bundle(s) built, ${result.upToDate} up to date, in ${(result.ms / 1000).toFixed(1)} s\n`);
    }
}
