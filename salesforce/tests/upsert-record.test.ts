import { describe, expect, it } from 'vitest';

import action from '../actions/upsert-record.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce upsert-record', () => {
    it('updates the matching record and says it was not created', async () => {
        const nango = actionMock('upsert-record');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'PATCH', retries: 3 });
    });

    it('creates a record when none matches and says so', async () => {
        const nango = actionMock('upsert-record');
        const output = await run(action, nango, { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'INV-2002', record: { Name: 'INV-2002' } });
        expect(output).toEqual({ recordId: 'a0B5g00000XyZ13EAF', success: true, created: true });
    });

    it('reports several matches and writes nothing', async () => {
        const nango = actionMock('upsert-record');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'DUP-7', record: { Name: 'X' } }));
        expect(error).toMatchObject({ type: 'multiple_matches', matchingRecordIds: ['a0B5g00000XyZ12EAF', 'a0B5g00000XyZ13EAF'] });
    });

    it.each([
        ['Id in the body', { Id: 'a0B5g00000XyZ12EAF', Name: 'x' }],
        ['the external-id field in the body', { External_Id__c: 'INV-1001', Name: 'x' }],
        ['the external-id field in other case', { external_id__C: 'INV-1001' }]
    ])('refuses %s before any request', async (_label, record) => {
        const nango = actionMock('upsert-record');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'INV-1001', record }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
