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
