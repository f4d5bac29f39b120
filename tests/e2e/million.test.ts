/**
 * QUERY_TIMEOUT on millions of rows, through the compiled contacts bundle: a first load of 1,000,000 records where
 * any query whose window holds more than 200,000 rows times out (its own file, so vitest runs it beside the others).
 */
import { afterEach, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { runFunction } from './runtime.js';

let emulator: EmulatorHandle | undefined;
afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
});

describe('QUERY_TIMEOUT on millions of rows', () => {
    it('a first load of 1,000,000 contacts where any window over 200,000 rows times out completes with none lost, in a bounded number of extra calls', async () => {
        const e = (emulator = await startEmulator({ seed: 31, proxyRetryBaseMs: 1, volume: { Contact: 1_000_000, default: 2 }, lean: ['Contact'], queryTimeoutRows: 200_000 }));
        const result = await runFunction('contacts', { hostport: e.url, connectionId: e.connectionId, countOnly: true, metadata: { lagSeconds: 0, bulkThreshold: 0 } });
        expect(result.error).toBeUndefined();
        expect(result.counts.saved).toBe(1_000_000);
        expect(result.checkpoint).toMatchObject({ initial_load_done: true });
        const queries = Object.entries(e.stats().byEndpoint).filter(([k]) => /^GET \/query/.test(k)).reduce((n, [, v]) => n + v, 0);
        const refused = result.logs.filter((l) => l.includes('timed out')).length;
        // the floor is one call per 2,000 records; every other query is a refused window, the LIMIT 1 query for the
        // oldest timestamp, or the short last page of a window
        const extra = queries - 1_000_000 / 2000;
        console.log(`1,000,000 contacts, windows over 200,000 rows time out: ${queries} query calls, ${extra} above the floor of 500 (${refused} refused windows)`);
        expect(refused).toBeGreaterThan(0);
        expect(extra).toBeLessThanOrEqual(3 * refused + 2);
        expect(extra).toBeLessThanOrEqual(40);
    }, 240_000);
});
