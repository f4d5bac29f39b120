import { describe, expect, it } from 'vitest';

import action from '../actions/upsert-sobject-collection.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce upsert-sobject-collection', () => {
    it('upserts by external id and reports created vs updated per record', async () => {
        const nango = actionMock('upsert-sobject-collection');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'PATCH', endpoint: '/services/data/v66.0/composite/sobjects/Invoice__c/External_Id__c', retries: 3 });
    });

    it('upserts on Id: a record with an Id (15 or 18 characters) is updated, one without is created; sent once since it creates', async () => {
        const nango = actionMock('upsert-sobject-collection');
        const output = await run(action, nango, { sObject: 'Invoice__c', externalIdField: 'id', records: [{ id: 'a0I5g00000XyZ01', Amount__c: 11 }, { Id: null, Amount__c: 30 }] });
        expect(output).toMatchObject({
            success: true,
            results: [
                { index: 0, recordId: 'a0I5g00000XyZ01EAF', success: true, created: false },
                { index: 1, recordId: 'a0I5g00000XyZ03EAF', success: true, created: true }
            ]
        });
        expect(requests(nango)[0]).toMatchObject({
            method: 'PATCH',
            endpoint: '/services/data/v66.0/composite/sobjects/Invoice__c/Id',
            retries: 0,
            data: { records: [{ attributes: { type: 'Invoice__c' }, Id: 'a0I5g00000XyZ01EAF', Amount__c: 11 }, { attributes: { type: 'Invoice__c' }, Amount__c: 30 }] }
        });
        expect(requests(nango)[0]?.['data'].records[1]).not.toHaveProperty('Id');
    });

    it.each([
        ['an Id that is no record id', [{ Id: 'not-an-id' }]],
        ['an Id of another object', [{ Id: '0035g00000AbC01AAF' }]],
        ['the same Id twice (15 and 18 characters)', [{ Id: '001D000000IqhSL' }, { Id: '001D000000IqhSLIAZ' }]]
    ])('upsert on Id refuses %s before any request', async (_label, records) => {
        const nango = actionMock('upsert-sobject-collection');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account', externalIdField: 'Id', records: records.map((r) => ({ ...r, Name: 'x' })) }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });

    it.each([
        ['a record without the external id', [{ Amount__c: 1 }]],
        ['an empty external id', [{ External_Id__c: '', Amount__c: 1 }]],
        ['the same external id twice', [{ External_Id__c: 'A' }, { External_Id__c: 'A' }]],
        ['an Id in a record', [{ External_Id__c: 'A', Id: 'a0I5g00000XyZ01AAA' }]]
    ])('refuses %s before any request', async (_label, records) => {
        const nango = actionMock('upsert-sobject-collection');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Invoice__c', externalIdField: 'External_Id__c', records }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
