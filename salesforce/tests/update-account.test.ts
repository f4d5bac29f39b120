import { describe, expect, it } from 'vitest';

import action from '../actions/update-account.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ID = "001D000000IqhSLIAZ";
const endpoint = (recordId: string): string => `/services/data/v66.0/sobjects/Account/${recordId}`;

describe('salesforce update-account', () => {
    it('sends only the given fields, by Salesforce name, in one PATCH (retried: an update is idempotent)', async () => {
        const nango = actionMock('update-account');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toEqual([
            {
                method: 'PATCH',
                endpoint: endpoint(ID),
                retries: 3,
                data: {"Industry":"Manufacturing","NumberOfEmployees":300,"BillingCity":"Oakland","Region__c":"APAC"}
            }
        ]);
    });

    it('returns the 18-character id when given the 15-character one', async () => {
        const nango = actionMock('update-account');
        const output = await run(action, nango, { recordId: ID.slice(0, 15), ...{"description":"Updated via API"} });
        expect(output).toEqual({ recordId: ID, success: true });
        expect(requests(nango)[0]).toMatchObject({ method: 'PATCH', endpoint: endpoint(ID.slice(0, 15)), data: {"Description":"Updated via API"} });
    });

    it.each([
        ['a deleted account', "001D000000IqhDLIAZ", { type: 'entity_deleted', errorCode: 'ENTITY_IS_DELETED', status: 404 }],
        ['an unknown id', "001D000000IqhZZIAZ", { type: 'not_found', errorCode: 'NOT_FOUND', status: 404 }],
        ['a account the user cannot edit', "001D000000IqhROIAZ", { type: 'salesforce_error', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', status: 400, fields: [] }],
        ['an expired session', "001D000000IqhACIAZ", { type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 }]
    ])('reports %s with its Salesforce error', async (_label, recordId, expected) => {
        const nango = actionMock('update-account');
        const error = await actionErrorOf(run(action, nango, { recordId, ...{"description":"Updated via API"} }));
        expect(error).toMatchObject(expected);
        expect(requests(nango)[0]).toMatchObject({ endpoint: endpoint(recordId) });
    });

    it('maps REQUIRED_FIELD_MISSING when a required custom field is cleared', async () => {
        const nango = actionMock('update-account');
        const error = await actionErrorOf(run(action, nango, { recordId: "001D000000IqhSMIAZ", customFields: { Region__c: null } }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'REQUIRED_FIELD_MISSING', status: 400, fields: ['Region__c'] });
    });

    it('maps DUPLICATE_VALUE of a unique field', async () => {
        const nango = actionMock('update-account');
        const error = await actionErrorOf(run(action, nango, { recordId: "001D000000IqhSMIAZ", customFields: { External_Id__c: 'X-001' } }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATE_VALUE', status: 400 });
        expect(error.message).toContain(ID);
    });

    it('maps DUPLICATES_DETECTED and lists the records the duplicate rule matched', async () => {
        const nango = actionMock('update-account');
        const error = await actionErrorOf(run(action, nango, { recordId: "001D000000IqhSMIAZ", ...{"website":"https://acme.example"} }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATES_DETECTED', status: 400, matchingRecordIds: ["001D000000IqhSLIAZ","001D000000IqhSNIAZ"] });
    });

    it.each([
        ["nothing to change", {"recordId":"001D000000IqhSLIAZ"}],
        ["only empty customFields", {"recordId":"001D000000IqhSLIAZ","customFields":{}}],
        ["a Contact id", {"recordId":"0035g00000AbC01AAF","description":"Updated via API"}],
        ["an id with a wrong checksum", {"recordId":"001D000000IqhSLAAA","description":"Updated via API"}],
        ["a 12-character id", {"recordId":"001D000000Iq","description":"Updated via API"}],
        ["an id with a quote", {"recordId":"001D000000IqhSL' OR Name != '","description":"Updated via API"}],
        ["an id with a path", {"recordId":"../001D000000IqhSL","description":"Updated via API"}],
        ["a missing id", {"description":"Updated via API"}],
        ["a numeric id", {"recordId":1,"description":"Updated via API"}],
        ["an empty required field", {"recordId":"001D000000IqhSLIAZ","name":""}],
        ["an Id in customFields", {"recordId":"001D000000IqhSLIAZ","customFields":{"Id":"001D000000IqhSLIAZ"}}],
        ["customFields setting Description again", {"recordId":"001D000000IqhSLIAZ","description":"a","customFields":{"DESCRIPTION":"b"}}],
        ["a dot in a customFields key", {"recordId":"001D000000IqhSLIAZ","customFields":{"Account.Name":"x"}}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('update-account');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
