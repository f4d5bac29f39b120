import { describe, expect, it } from 'vitest';

import action from '../actions/update-lead.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ID = "00Q5g00000Ld001EAB";
const endpoint = (recordId: string): string => `/services/data/v66.0/sobjects/Lead/${recordId}`;

describe('salesforce update-lead', () => {
    it('sends only the given fields, by Salesforce name, in one PATCH (retried: an update is idempotent)', async () => {
        const nango = actionMock('update-lead');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toEqual([
            {
                method: 'PATCH',
                endpoint: endpoint(ID),
                retries: 3,
                data: {"Phone":"+1 415 555 0102","Status":"Working - Contacted","Region__c":"APAC"}
            }
        ]);
    });

    it('returns the 18-character id when given the 15-character one', async () => {
        const nango = actionMock('update-lead');
        const output = await run(action, nango, { recordId: ID.slice(0, 15), ...{"description":"Updated via API"} });
        expect(output).toEqual({ recordId: ID, success: true });
        expect(requests(nango)[0]).toMatchObject({ method: 'PATCH', endpoint: endpoint(ID.slice(0, 15)), data: {"Description":"Updated via API"} });
    });

    it.each([
        ['a deleted lead', "00Q5g00000LdDELEA3", { type: 'entity_deleted', errorCode: 'ENTITY_IS_DELETED', status: 404 }],
        ['an unknown id', "00Q5g00000Ld099EAB", { type: 'not_found', errorCode: 'NOT_FOUND', status: 404 }],
        ['a lead the user cannot edit', "00Q5g00000LdRO1EAN", { type: 'salesforce_error', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', status: 400, fields: [] }],
        ['an expired session', "00Q5g00000LdACCEA3", { type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 }],
        ['a converted lead', "00Q5g00000LdCNVEA3", { type: 'salesforce_error', errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD', status: 400 }]
    ])('reports %s with its Salesforce error', async (_label, recordId, expected) => {
        const nango = actionMock('update-lead');
        const error = await actionErrorOf(run(action, nango, { recordId, ...{"description":"Updated via API"} }));
        expect(error).toMatchObject(expected);
        expect(requests(nango)[0]).toMatchObject({ endpoint: endpoint(recordId) });
    });

    it('maps REQUIRED_FIELD_MISSING when a required custom field is cleared', async () => {
        const nango = actionMock('update-lead');
        const error = await actionErrorOf(run(action, nango, { recordId: "00Q5g00000Ld002EAB", customFields: { Region__c: null } }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'REQUIRED_FIELD_MISSING', status: 400, fields: ['Region__c'] });
    });

    it('maps DUPLICATE_VALUE of a unique field', async () => {
        const nango = actionMock('update-lead');
        const error = await actionErrorOf(run(action, nango, { recordId: "00Q5g00000Ld002EAB", customFields: { External_Id__c: 'X-001' } }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATE_VALUE', status: 400 });
        expect(error.message).toContain(ID);
    });

    it('maps DUPLICATES_DETECTED and lists the records the duplicate rule matched', async () => {
        const nango = actionMock('update-lead');
        const error = await actionErrorOf(run(action, nango, { recordId: "00Q5g00000Ld002EAB", ...{"email":"ada@acme.example"} }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATES_DETECTED', status: 400, matchingRecordIds: ["00Q5g00000Ld001EAB","00Q5g00000Ld003EAB"] });
    });

    it.each([
        ["nothing to change", {"recordId":"00Q5g00000Ld001EAB"}],
        ["only empty customFields", {"recordId":"00Q5g00000Ld001EAB","customFields":{}}],
        ["a Contact id", {"recordId":"0035g00000AbC01AAF","description":"Updated via API"}],
        ["an id with a wrong checksum", {"recordId":"00Q5g00000Ld001AAA","description":"Updated via API"}],
        ["a 12-character id", {"recordId":"00Q5g00000Ld","description":"Updated via API"}],
        ["an id with a quote", {"recordId":"00Q5g00000Ld001' OR Name != '","description":"Updated via API"}],
        ["an id with a path", {"recordId":"../00Q5g00000Ld001","description":"Updated via API"}],
        ["a missing id", {"description":"Updated via API"}],
        ["a numeric id", {"recordId":1,"description":"Updated via API"}],
        ["an empty required field", {"recordId":"00Q5g00000Ld001EAB","company":""}],
        ["an Id in customFields", {"recordId":"00Q5g00000Ld001EAB","customFields":{"Id":"00Q5g00000Ld001EAB"}}],
        ["customFields setting Description again", {"recordId":"00Q5g00000Ld001EAB","description":"a","customFields":{"DESCRIPTION":"b"}}],
        ["a dot in a customFields key", {"recordId":"00Q5g00000Ld001EAB","customFields":{"Account.Name":"x"}}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('update-lead');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
