/**
 * The typed CRM actions through their compiled bundles against the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { runFunction, type RunResult } from './runtime.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
    emulator = await startEmulator({ seed: 21, volume: 60, proxyRetryBaseMs: 1 });
});
afterAll(async () => {
    await emulator?.stop();
});

async function action(name: string, input: unknown): Promise<RunResult> {
    const result = await runFunction(name, { hostport: emulator.url, connectionId: emulator.connectionId, input, validate: true });
    expect(result.invalid, `${name} input/output must match its schema`).toEqual([]);
    return result;
}
const out = (r: RunResult) => r.output as any;

describe('accounts', () => {
    it('create, get, update, list, search and delete an account with typed fields', async () => {
        const created = await action('create-account', {
            name: "O'Reilly & Sons (EMEA)",
            industry: 'Technology',
            annualRevenue: 1200000,
            numberOfEmployees: 42,
            billingCity: 'Lyon',
            billingCountry: 'France'
        });
        expect(created.error).toBeUndefined();
        const recordId = out(created).recordId;
        const got = out(await action('get-account', { recordId }));
        expect(got).toMatchObject({ id: recordId, name: "O'Reilly & Sons (EMEA)", industry: 'Technology', annualRevenue: 1200000, numberOfEmployees: 42, billingAddress: { city: 'Lyon', country: 'France' } });
        expect(got.ownerName).toEqual(expect.any(String));

        await action('update-account', { recordId, phone: '+33 4 00 00 00 00' });
        expect(emulator.org.get(recordId)?.['Phone']).toBe('+33 4 00 00 00 00');
        expect(emulator.org.get(recordId)?.['Name']).toBe("O'Reilly & Sons (EMEA)");

        const listed = out(await action('list-accounts', { nameContains: "o'reilly", industry: 'Technology' }));
        expect(listed.accounts.map((a: { id: string }) => a.id)).toEqual([recordId]);

        const found = out(await action('search-accounts', { text: "O'Reilly & Sons (EMEA)" }));
        expect(found.accounts.map((a: { id: string }) => a.id)).toContain(recordId);

        await action('delete-account', { recordId });
        const gone = await action('get-account', { recordId });
        expect(gone.error?.payload).toMatchObject({ type: 'entity_deleted', errorCode: 'ENTITY_IS_DELETED' });
    });

    it('list-accounts pages with a cursor through every account exactly once, in order', async () => {
        const seen: string[] = [];
        let cursor: string | undefined;
        let calls = 0;
        do {
            const page = out(await action('list-accounts', { sortBy: 'name', limit: 7, ...(cursor ? { cursor } : {}) }));
            seen.push(...page.accounts.map((a: { name: string; id: string }) => `${a.name}|${a.id}`));
            cursor = page.nextCursor ?? undefined;
            calls++;
        } while (cursor && calls < 50);
        const expected = (emulator.org.list('Account') as Array<Record<string, any>>).map((a) => `${a['Name']}|${a['Id']}`);
        expect(seen).toHaveLength(expected.length);
        expect(new Set(seen).size).toBe(expected.length);
        const names = seen.map((s) => s.split('|')[0] ?? '');
        expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    });

    it('refuses a forged cursor without calling Salesforce', async () => {
        emulator.resetStats();
        const result = await action('list-accounts', { cursor: `["name","ASC","x') OR Name != ('","001D000000IqhSLIAZ"]` });
        expect(result.error).toBeUndefined();
        expect(emulator.stats().calls).toBe(1);
        const forged = await action('list-accounts', { cursor: '["Name FROM User","ASC","x","001D000000IqhSLIAZ"]' });
        expect(forged.error?.payload).toMatchObject({ type: 'invalid_input', fields: ['cursor'] });
    });
});
