/** The end-to-end action tests' one way to run an action: through its bundle, validated like `nango dryrun --validate`. */
import { expect } from 'vitest';

import type { EmulatorHandle } from '../../emulator/src/index.js';
import { runFunction, type RunResult } from './runtime.js';

/** Runs an action against the suite's emulator (read when called) and fails the test if its input or output misses its schema. */
export function checkedAction(emulator: () => EmulatorHandle): (name: string, input: unknown) => Promise<RunResult> {
    return async (name, input) => {
        const e = emulator();
        const result = await runFunction(name, { hostport: e.url, connectionId: e.connectionId, input, validate: true });
        expect(result.invalid, `${name} input/output must match its schema`).toEqual([]);
        return result;
    };
}
