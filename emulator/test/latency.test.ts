/** --latency-ms: every Salesforce response waits that long (a real org's round trip); the Nango side does not. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../src/index.js';

let emu: EmulatorHandle;
beforeAll(async () => {
    emu = await startEmulator({ volume: 2, latencyMs: 500 });
});
afterAll(async () => {
    await emu?.stop();
});

const timed = async (path: string): Promise<{ status: number; ms: number }> => {
    const started = performance.now();
    const response = await fetch(`${emu.url}${path}`, { headers: { Authorization: `Bearer ${emu.accessToken}` } });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
};

describe('emulator latency', () => {
    it('delays each Salesforce response by latencyMs, and not the Nango side; setLatencyMs changes it', async () => {
        const slow = await timed('/services/data/v66.0/limits');
        expect(slow.status).toBe(200);
        expect(slow.ms).toBeGreaterThanOrEqual(495);
        const nango = await timed('/integrations');
        expect(nango.status).toBe(200);
        expect(nango.ms).toBeLessThan(400);
        emu.setLatencyMs(0);
        expect((await timed('/services/data/v66.0/limits')).ms).toBeLessThan(400);
    });
});
