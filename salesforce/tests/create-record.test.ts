import { describe, expect, it } from 'vitest';

import action from '../actions/create-record.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce create-record', () => {
    it('creates the record and returns its id', async () => {
        const nango = actionMock('create-record');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('is sent once and never retried (a retried create would duplicate the record)', async () => {
        const nango = actionMock('create-record');
        await run(action, nango, await nango.getInput());
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', retries: 0 });
    });

    it('maps REQUIRED_FIELD_MISSING with the missing field names', async () => {
        const nango = actionMock('create-record');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account', record: { Industry: 'Technology' } }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'], status: 400 });
        expect(error.message).toContain('Required fields are missing: [Name]');
    });

    it('maps DUPLICATES_DETECTED and advises what to do', async () => {
        const nango = actionMock('create-record');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account', record: { Name: 'Acme Corporation', Website: 'acme.example' } }));
        expect(error).toMatchObject({ errorCode: 'DUPLICATES_DETECTED', status: 400 });
        expect(error.message).toMatch(/duplicate rule/i);
    });

    it.each([
        ['an Id in the body', { sObject: 'Account', record: { Id: '001D000000IqhSLIAZ', Name: 'x' } }],
        ['a field name with a quote', { sObject: 'Account', record: { "Name'": 'x' } }],
        ['a field name with a dot', { sObject: 'Account', record: { 'Owner.Name': 'x' } }],
        ['a record that is not an object', { sObject: 'Account', record: ['Name'] }],
        ['an sObject with a slash', { sObject: 'Account/001', record: { Name: 'x' } }],
        ['an empty sObject', { sObject: '', record: { Name: 'x' } }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('create-record');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });

    describe('with an idempotency key (safe to re-run)', () => {
        const KEY = 'req-5f0c9a1e/7b7e';
        const lookup = `SELECT Id, Request_Id__c FROM Invoice__c WHERE Request_Id__c IN ('${KEY}')`;
        const input = { sObject: 'Invoice__c', record: { Amount__c: 120 }, idempotencyKey: KEY, idempotencyKeyField: 'Request_Id__c' };
        const page = (records: Array<Record<string, unknown>>) => ({ status: 200, data: { totalSize: records.length, done: true, records }, headers: {} }) as never;
        type Mock = ReturnType<typeof actionMock>;
        /** Answers the key lookups in turn with these pages, and a POST with `post`. */
        function answer(nango: Mock, lookups: Array<Array<Record<string, unknown>>>, post: { status: number; data: unknown }): void {
            nango.proxy.mockImplementation(async (config: any) => {
                if (config.method === 'GET') return page(lookups.shift() ?? []);
                if (post.status >= 400) throw Object.assign(new Error(`HTTP ${post.status}`), { response: { status: post.status, data: post.data, headers: {} } });
                return { status: post.status, data: post.data, headers: {} } as never;
            });
        }

        it('looks the key up first (SOQL, so a key with / works), then creates the record with the key in its field', async () => {
            const nango = actionMock('create-record');
            answer(nango, [[]], { status: 201, data: { id: 'a015g00000Inv01AAB', success: true, errors: [] } });
            const output = await run(action, nango, input);
            expect(output).toEqual({ recordId: 'a015g00000Inv01AAB', success: true, replayed: false });
            expect(requests(nango)).toEqual([
                { method: 'GET', endpoint: '/services/data/v66.0/query', params: { q: lookup }, retries: 3 },
                { method: 'POST', endpoint: '/services/data/v66.0/sobjects/Invoice__c', data: { Amount__c: 120, Request_Id__c: KEY }, retries: 0 }
            ]);
        });

        it('returns the record an earlier run created with that key, replayed, and writes nothing', async () => {
            const nango = actionMock('create-record');
            answer(nango, [[{ Id: 'a015g00000Inv01AAB', Request_Id__c: KEY }]], { status: 500, data: [] });
            const output = await run(action, nango, input);
            expect(output).toEqual({ recordId: 'a015g00000Inv01AAB', success: true, replayed: true });
            expect(requests(nango).map((r) => r['method'])).toEqual(['GET']);
        });

        it('compares the key exactly: a row whose key differs in case (SOQL = ignores case) is not the record', async () => {
            const nango = actionMock('create-record');
            answer(nango, [[{ Id: 'a015g00000Inv01AAB', Request_Id__c: KEY.toUpperCase() }]], { status: 201, data: { id: 'a015g00000Inv02AAB', success: true, errors: [] } });
            expect(await run(action, nango, input)).toEqual({ recordId: 'a015g00000Inv02AAB', success: true, replayed: false });
        });

        it('answers DUPLICATE_VALUE on the key (an earlier run committing meanwhile) with a second lookup', async () => {
            const nango = actionMock('create-record');
            const duplicate = [{ message: 'duplicate value found: Request_Id__c duplicates value on record with id: a015g00000Inv01AAB', errorCode: 'DUPLICATE_VALUE', fields: [] }];
            answer(nango, [[], [{ Id: 'a015g00000Inv01', Request_Id__c: KEY }]], { status: 400, data: duplicate });
            const output = await run(action, nango, input);
            expect(output).toEqual({ recordId: 'a015g00000Inv01AAB', success: true, replayed: true });
            expect(requests(nango).map((r) => r['method'])).toEqual(['GET', 'POST', 'GET']);
        });

        it('reports another refusal of the create as it is, after one lookup', async () => {
            const nango = actionMock('create-record');
            answer(nango, [[]], { status: 400, data: [{ message: 'Required fields are missing: [Account__c]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Account__c'] }] });
            const error = await actionErrorOf(run(action, nango, input));
            expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Account__c'] });
            expect(requests(nango)).toHaveLength(2);
        });

        it('refuses to create when several records already hold the key (multiple_matches), writing nothing', async () => {
            const nango = actionMock('create-record');
            answer(nango, [[{ Id: 'a015g00000Inv01AAB', Request_Id__c: KEY }, { Id: 'a015g00000Inv02AAB', Request_Id__c: KEY }]], { status: 201, data: {} });
            const error = await actionErrorOf(run(action, nango, input));
            expect(error).toMatchObject({ type: 'multiple_matches', fields: ['Request_Id__c'], matchingRecordIds: ['a015g00000Inv01AAB', 'a015g00000Inv02AAB'] });
            expect(error.message).toContain('Mark Request_Id__c Unique');
            expect(requests(nango).map((r) => r['method'])).toEqual(['GET']);
        });

        it('escapes a quote in the key in the lookup query', async () => {
            const nango = actionMock('create-record');
            answer(nango, [[]], { status: 201, data: { id: 'a015g00000Inv01AAB' } });
            await run(action, nango, { ...input, idempotencyKey: "k' OR Name != '" });
            expect(requests(nango)[0]?.['params']).toEqual({ q: "SELECT Id, Request_Id__c FROM Invoice__c WHERE Request_Id__c IN ('k\\' OR Name != \\'')" });
        });

        it.each([
            ['a key without its field', { sObject: 'Account', record: { Name: 'x' }, idempotencyKey: 'k-1' }, 'idempotencyKey'],
            ['a field without a key', { sObject: 'Account', record: { Name: 'x' }, idempotencyKeyField: 'Request_Id__c' }, 'idempotencyKeyField'],
            ['an empty key', { ...input, idempotencyKey: '' }, 'idempotencyKey'],
            ['a key over 255 characters', { ...input, idempotencyKey: 'k'.repeat(256) }, 'idempotencyKey'],
            ['a key with an unpaired surrogate', { ...input, idempotencyKey: 'k\ud800' }, 'idempotencyKey'],
            ['a key field with a quote', { ...input, idempotencyKeyField: "Request_Id__c'" }, 'idempotencyKeyField'],
            ['a record setting the key field to another value', { ...input, record: { Amount__c: 1, request_id__c: 'other' } }, 'record']
        ])('refuses %s before any request', async (_label, bad, field) => {
            const nango = actionMock('create-record');
            const error = await actionErrorOf(run(action, nango, bad));
            expect(error).toMatchObject({ type: 'invalid_input' });
            expect(error.fields).toContain(field);
            expect(requestCount(nango)).toBe(0);
        });
    });
});
