/**
 * What the sync end-to-end files share: one emulator per test (stopped after it), and a sync run through the
 * compiled bundle that must not fail and whose records must match the model.
 */
import { afterEach, expect } from 'vitest';

import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../emulator/src/index.js';
import { runFunction, type RunOptions, type RunResult } from './runtime.js';

export interface SyncHarness {
    start(options?: EmulatorOptions): Promise<EmulatorHandle>;
    /** The running emulator (throws when none). */
    emulator(): EmulatorHandle;
    /** Runs a sync with `lagSeconds: 0` unless the metadata says otherwise; asserts no error and valid records. */
    sync(name: string, options?: Partial<RunOptions>): Promise<RunResult>;
    /** The ids of the records the org holds of an object, sorted. */
    ids(type: string): string[];
}

/** Registers the afterEach that stops the emulator; `defaults` go to every startEmulator call. */
export function syncHarness(defaults: EmulatorOptions = {}, expectNoError = true): SyncHarness {
    let emulator: EmulatorHandle | undefined;
    afterEach(async () => {
        await emulator?.stop();
        emulator = undefined;
    });
    const current = (): EmulatorHandle => {
        if (!emulator) throw new Error('no emulator');
        return emulator;
    };
    return {
        start: async (options = {}) => (emulator = await startEmulator({ proxyRetryBaseMs: 1, ...defaults, ...options })),
        emulator: current,
        sync: async (name, options = {}) => {
            const e = current();
            const result = await runFunction(name, {
                hostport: e.url,
                connectionId: e.connectionId,
                validate: !options.countOnly,
                ...options,
                metadata: { lagSeconds: 0, ...(options.metadata ?? {}) }
            });
            expect(result.invalid, `${name} records must match the model`).toEqual([]);
            if (expectNoError) expect(result.error).toBeUndefined();
            return result;
        },
        ids: (type) => current().org.list(type).map((r) => String(r['Id'])).sort()
    };
}
