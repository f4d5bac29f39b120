import { describe, expect, it } from 'vitest';

import action from '../actions/update-record-by-external-id.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce update-record-by-external-id', () => {
    it('updates the matching record with updateOnly=true', async () => {
        const nango = actionMock('update-record-by-external-id');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'PATCH', params: { updateOnly: 'true' } });
    });

    it('never creates: no match is not_found and says nothing was created', async () => {
        const nango = actionMock('update-record-by-external-id');
        const error = await actionErrorOf(
            run(action, nango, { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'NONE-1', record: { Status__c: 'Paid' } })
        );
        expect(error).toMatchObject({ type: 'not_found', status: 404 });
        expect(error.message).toContain('No record was created');
    });

    it('reports several matches with their ids', async () => {
        const nango = actionMock('update-record-by-external-id');
        const error = await actionErrorOf(
            run(action, nango, { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'DUP-7', record: { Status__c: 'Paid' } })
        );
        expect(error).toMatchObject({ type: 'multiple_matches', matchingRecordIds: ['a0B5g00000XyZ12EAF', 'a0B5g00000XyZ13EAF'] });
    });

    it.each([
        ['an empty record', {}],
        ['the external-id field in the body', { External_Id__c: 'INV-9' }]
    ])('refuses %s before any request', async (_label, record) => {
        const nango = actionMock('update-record-by-external-id');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'INV-1001', record }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
