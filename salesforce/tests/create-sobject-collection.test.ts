import { describe, expect, it } from 'vitest';

import action from '../actions/create-sobject-collection.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce create-sobject-collection', () => {
    it('creates the records in one call and reports each result in input order, with statusCode errors mapped', async () => {
        const nango = actionMock('create-sobject-collection');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', retries: 0 });
    });

    it.each([
        ['no records', { sObject: 'Contact', records: [] }],
        ['more than 5,000 records', { sObject: 'Contact', records: Array.from({ length: 5001 }, () => ({ LastName: 'x' })) }],
        ['10,000 records', { sObject: 'Contact', records: Array.from({ length: 10_000 }, () => ({ LastName: 'x' })) }],
        ['an Id in a record', { sObject: 'Contact', records: [{ LastName: 'x' }, { Id: '0035g00000AbC01AAA', LastName: 'y' }] }],
        ['a bad field name in a record', { sObject: 'Contact', records: [{ 'Last Name': 'x' }] }],
        ['a bad sObject', { sObject: 'Contact/..', records: [{ LastName: 'x' }] }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('create-sobject-collection');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });

    describe('with idempotencyKeyField (safe to re-run)', () => {
        type Mock = ReturnType<typeof actionMock>;
        const page = (records: Array<Record<string, unknown>>) => ({ status: 200, data: { totalSize: records.length, done: true, records }, headers: {} }) as never;
        /** Lookups answered with the rows whose key is among `existing`; the collection POST with one success per record sent. */
        function org(nango: Mock, existing: Record<string, string>): void {
            nango.proxy.mockImplementation(async (config: any) => {
                if (config.method === 'GET') {
                    const keys = [...String(config.params.q).matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
                    return page(keys.filter((k) => existing[k]).map((k) => ({ Id: existing[k], Request_Id__c: k })));
                }
                const sent = (config.data?.records ?? []) as unknown[];
                return { status: 200, data: sent.map((_, i) => ({ id: `0035g00000New${String(i).padStart(2, '0')}`, success: true, errors: [] })), headers: {} } as never;
            });
        }
        const records = [
            { LastName: 'Ng', Request_Id__c: 'k-0' },
            { LastName: 'Ode', Request_Id__c: 'k-1' },
            { LastName: 'Pai', Request_Id__c: 'k-2' }
        ];

        it('looks the keys up first and sends only the records whose key is new, results in input order', async () => {
            const nango = actionMock('create-sobject-collection');
            org(nango, { 'k-1': '0035g00000Old01AAB' });
            const output = await run(action, nango, { sObject: 'Contact', records, idempotencyKeyField: 'Request_Id__c' });
            expect(requests(nango)[0]).toEqual({
                method: 'GET',
                endpoint: '/services/data/v66.0/query',
                params: { q: "SELECT Id, Request_Id__c FROM Contact WHERE Request_Id__c IN ('k-0', 'k-1', 'k-2')" },
                retries: 3
            });
            expect(requests(nango)[1]).toMatchObject({ method: 'POST', retries: 0, data: { records: [records[0], records[2]].map((r) => ({ attributes: { type: 'Contact' }, ...r })) } });
            expect(output).toMatchObject({
                success: true,
                results: [
                    { index: 0, recordId: '0035g00000New00', success: true, replayed: false },
                    { index: 1, recordId: '0035g00000Old01AAB', success: true, replayed: true, errors: [] },
                    { index: 2, recordId: '0035g00000New01', success: true, replayed: false }
                ],
                batches: [{ fromIndex: 0, toIndex: 2, status: 'committed' }],
                apiCalls: 2
            });
        });

        it('sends nothing when every key already exists (a re-run after a lost answer)', async () => {
            const nango = actionMock('create-sobject-collection');
            org(nango, { 'k-0': '0035g00000Old00AAB', 'k-1': '0035g00000Old01AAB', 'k-2': '0035g00000Old02AAB' });
            const output = await run(action, nango, { sObject: 'Contact', records, idempotencyKeyField: 'Request_Id__c' });
            expect(requests(nango).map((r) => r['method'])).toEqual(['GET']);
            expect(output).toMatchObject({ success: true, batches: [], apiCalls: 1 });
            expect(output.results.every((r: { replayed?: boolean }) => r.replayed === true)).toBe(true);
        });

        it('splits the lookup so that each query fits in a URL', async () => {
            const nango = actionMock('create-sobject-collection');
            org(nango, {});
            const many = Array.from({ length: 1_200 }, (_, i) => ({ LastName: 'x', Request_Id__c: `${'k'.repeat(40)}-${i}` }));
            await run(action, nango, { sObject: 'Contact', records: many, idempotencyKeyField: 'Request_Id__c' });
            const lookups = requests(nango).filter((r) => r['method'] === 'GET');
            expect(lookups.length).toBeGreaterThan(1);
            for (const l of lookups) expect(encodeURIComponent(String(l['params']?.['q'])).length).toBeLessThan(16_000);
        });

        it('does not send a record whose key several records hold, and with allOrNone sends none', async () => {
            const nango = actionMock('create-sobject-collection');
            nango.proxy.mockImplementation(async () => page([{ Id: '0035g00000Old01AAB', Request_Id__c: 'k-1' }, { Id: '0035g00000Old02AAB', Request_Id__c: 'k-1' }]));
            const output = await run(action, nango, { sObject: 'Contact', records, idempotencyKeyField: 'Request_Id__c', allOrNone: true });
            expect(requests(nango).map((r) => r['method'])).toEqual(['GET']);
            expect(output.success).toBe(false);
            expect(output.results[1].errors[0]).toMatchObject({ errorCode: 'MULTIPLE_CHOICES' });
            expect(output.results[0].errors[0]).toMatchObject({ errorCode: 'NOT_ATTEMPTED' });
        });

        it.each([
            ['a record without its key', [{ LastName: 'Ng', Request_Id__c: 'k-0' }, { LastName: 'Ode' }], 'records[1]'],
            ['a key that is not a string', [{ LastName: 'Ng', Request_Id__c: 7 }], 'records[0]'],
            ['two records with the same key', [{ LastName: 'Ng', Request_Id__c: 'k-0' }, { LastName: 'Ode', request_id__c: 'k-0' }], 'records[1]'],
            ['a key over 255 characters', [{ LastName: 'Ng', Request_Id__c: 'k'.repeat(256) }], 'records[0].Request_Id__c']
        ])('refuses %s before any request', async (_label, bad, field) => {
            const nango = actionMock('create-sobject-collection');
            const error = await actionErrorOf(run(action, nango, { sObject: 'Contact', records: bad, idempotencyKeyField: 'Request_Id__c' }));
            expect(error.type).toBe('invalid_input');
            expect(error.fields).toContain(field);
            expect(requestCount(nango)).toBe(0);
        });
    });
});
