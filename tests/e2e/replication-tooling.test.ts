/**
 * list-updated-records, list-deleted-records and run-tooling-query through their compiled bundles against the
 * emulator: the replication windows, ids and deletes checked against its store, Tooling pages followed to the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { runFunction, type RunResult } from './runtime.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
    emulator = await startEmulator({ seed: 8, volume: 30, pageSize: 200, proxyRetryBaseMs: 1 });
});
afterAll(async () => {
    await emulator?.stop();
});

async function action(name: string, input: unknown, on: EmulatorHandle = emulator): Promise<RunResult> {
    const result = await runFunction(name, { hostport: on.url, connectionId: on.connectionId, input, validate: true });
    expect(result.invalid, `${name} input/output must match its schema`).toEqual([]);
    return result;
}
const out = (r: RunResult) => r.output as any;
const minute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();

describe('list-updated-records / list-deleted-records', () => {
    it('lists the accounts changed in a window and those deleted in it, with the dates Salesforce covers', async () => {
        const now = emulator.org.now();
        const [changed, removed] = emulator.org.list('Account').slice(0, 2).map((r) => String(r['Id'])) as [string, string];
        emulator.org.update('Account', changed, { Description: 'changed for replication' });
        emulator.org.delete('Account', removed, { at: now - 9 * 60_000 });
        const start = minute(now - 3_600_000);
        const end = minute(now + 60_000);
        const updated = await action('list-updated-records', { sObject: 'Account', start, end });
        expect(updated.error).toBeUndefined();
        const expected = emulator.org
            .list('Account')
            .filter((r) => (r['SystemModstamp'] as number) >= new Date(start).getTime() && (r['SystemModstamp'] as number) < new Date(end).getTime())
            .map((r) => String(r['Id']));
        expect(out(updated).recordIds.sort()).toEqual(expected.sort());
        expect(out(updated).recordIds).toContain(changed);
        expect(out(updated).recordIds).not.toContain(removed);
        expect(out(updated)).toMatchObject({ sObject: 'Account', start: `${start.slice(0, 16)}:00+00:00`, totalIds: expected.length, nextOffset: null });

        const deleted = await action('list-deleted-records', { sObject: 'Account', start, end });
        expect(deleted.error).toBeUndefined();
        expect(out(deleted).deletedRecords.map((r: { recordId: string }) => r.recordId)).toEqual([removed]);
        expect(out(deleted).deletedRecords[0].deletedDate).toBe(new Date(now - 9 * 60_000).toISOString());
        expect(out(deleted)).toMatchObject({ totalDeleted: 1, mayMissDeletes: false, nextOffset: null });
    });

    it('refuses a window older than the reach, or shorter than a minute, without calling Salesforce', async () => {
        const now = Date.now();
        emulator.resetStats();
        const old = await action('list-deleted-records', { sObject: 'Account', start: new Date(now - 20 * 86_400_000).toISOString(), end: new Date(now).toISOString() });
        expect(old.error?.payload).toMatchObject({ type: 'invalid_input' });
        expect(JSON.stringify(old.error?.payload)).toContain('15 days');
        const short = await action('list-updated-records', { sObject: 'Account', start: '2026-11-20T10:00:10Z', end: '2026-11-20T10:00:50Z' });
        expect(short.error?.payload).toMatchObject({ type: 'invalid_input' });
        expect(emulator.stats().calls).toBe(0);
    });

    it("maps Salesforce's refusal of an object that is not replicateable", async () => {
        const now = Date.now();
        const result = await action('list-updated-records', { sObject: 'LeadStatus', start: minute(now - 3_600_000), end: minute(now) });
        expect(result.error?.payload).toMatchObject({ type: 'salesforce_error', status: 400 });
        expect(result.error?.payload.message).toContain('not replicable');
    });
});

describe('run-tooling-query', () => {
    it('reads custom fields and validation rules; a long answer is followed page by page to the end', async () => {
        const rules = await action('run-tooling-query', { query: 'SELECT ValidationName, Active, EntityDefinitionId FROM ValidationRule WHERE Active = true ORDER BY ValidationName' });
        expect(rules.error).toBeUndefined();
        expect(out(rules).records.map((r: { ValidationName: string }) => r.ValidationName)).toEqual(['Close_Date_Not_In_Past', 'Positive_Amount', 'Require_Industry_For_Customers']);

        const customFields = emulator.org.schema.objects.flatMap((o) => o.fields.filter((f) => f.custom).map((f) => f.name));
        expect(customFields.length).toBeGreaterThan(2);
        // an org whose pages are smaller than the answer: three rows a page
        const small = await startEmulator({ seed: 8, volume: 1, pageSize: 3, proxyRetryBaseMs: 1 });
        let page = await action('run-tooling-query', { query: 'SELECT Id, DeveloperName, TableEnumOrId FROM CustomField' }, small);
        const seen: string[] = [];
        for (;;) {
            expect(page.error).toBeUndefined();
            seen.push(...out(page).records.map((r: { DeveloperName: string }) => r.DeveloperName));
            if (out(page).done) break;
            expect(out(page).nextRecordsUrl).toMatch(/^\/services\/data\/v\d+\.\d\/tooling\/query\/01g/);
            page = await action('run-tooling-query', { nextRecordsUrl: out(page).nextRecordsUrl }, small);
        }
        await small.stop();
        expect(seen.sort()).toEqual(customFields.map((f) => f.replace(/__c$/, '')).sort());
    });

    it('refuses DML and anything but one SELECT before any call', async () => {
        emulator.resetStats();
        for (const query of ["DELETE FROM ApexClass WHERE Name = 'X'", 'SELECT Id FROM ApexClass; DELETE FROM ApexClass', 'SELECT Id FROM ApexClass FOR UPDATE', 'update ApexClass set Name = 1']) {
            const result = await action('run-tooling-query', { query });
            expect(result.error?.payload, query).toMatchObject({ type: 'invalid_input' });
        }
        const both = await action('run-tooling-query', { query: 'SELECT Id FROM ApexClass', nextRecordsUrl: '/services/data/v66.0/tooling/query/01gRO0000016PIAYA2-2' });
        expect(both.error?.payload).toMatchObject({ type: 'invalid_input' });
        const rest = await action('run-tooling-query', { nextRecordsUrl: '/services/data/v66.0/query/01gRO0000016PIAYA2-2' });
        expect(rest.error?.payload).toMatchObject({ type: 'invalid_input' });
        expect(emulator.stats().calls).toBe(0);
        // a SELECT naming a DML word inside a string is a read
        const quoted = await action('run-tooling-query', { query: "SELECT Id FROM ApexClass WHERE Name = 'DELETE; FOR UPDATE'" });
        expect(quoted.error).toBeUndefined();
    });
});
