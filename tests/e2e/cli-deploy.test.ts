/**
 * `nango deploy dev --auto-confirm` through the real CLI against the emulator: the one full compile of the CLI
 * tests (type-check and bundle of every function), which must deliver every function registered in index.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { entries } from '../../scripts/build.js';
import { copyPackage, type Workspace } from './cli-workspace.js';
import { projectRoot } from './runtime.js';

let emulator: EmulatorHandle;
let workspace: Workspace;

beforeAll(async () => {
    workspace = copyPackage();
    emulator = await startEmulator({ seed: 3, volume: 10, proxyRetryBaseMs: 1 });
});
afterAll(async () => {
    await emulator?.stop();
    workspace?.remove();
});

describe('nango deploy against the emulator', () => {
    // took 14 s alone and 15–34 s while the rest of the suite ran on the same 2 cores
    it('deploy dev --auto-confirm succeeds and the emulator received every function', async () => {
        const result = await workspace.nango(['deploy', 'dev', '--auto-confirm', '--no-interactive'], emulator.url);
        expect(result.code, result.out).toBe(0);
        const deployed = emulator.deployed().map((f) => f.name).sort();
        expect(deployed).toEqual(entries(projectRoot).map((e) => e.name).sort());
        expect(deployed.length).toBeGreaterThan(60);
    }, 180_000);
});
