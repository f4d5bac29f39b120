import { describe, expect, it } from 'vitest';

import action from '../actions/update-opportunity.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ID = "0065g00000Op001AAB";
const endpoint = (recordId: string): string => `/services/data/v66.0/sobjects/Opportunity/${recordId}`;

describe('salesforce update-opportunity', () => {
    it('sends only the given fields, by Salesforce name, in one PATCH (retried: an update is idempotent)', async () => {
        const nango = actionMock('update-opportunity');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toEqual([
            {
                method: 'PATCH',
                endpoint: endpoint(ID),
                retries: 3,
                data: {"StageName":"Negotiation/Review","Amount":52000,"NextStep":"Send contract","Region__c":"APAC"}
            }
        ]);
    });

    it('returns the 18-character id when given the 15-character one', async () => {
        const nango = actionMock('update-opportunity');
        const output = await run(action, nango, { recordId: ID.slice(0, 15), ...{"description":"Updated via API"} });
        expect(output).toEqual({ recordId: ID, success: true });
        expect(requests(nango)[0]).toMatchObject({ method: 'PATCH', endpoint: endpoint(ID.slice(0, 15)), data: {"Description":"Updated via API"} });
    });

    it.each([
        ['a deleted opportunity', "0065g00000OpDELAA3", { type: 'entity_deleted', errorCode: 'ENTITY_IS_DELETED', status: 404 }],
        ['an unknown id', "0065g00000Op099AAB", { type: 'not_found', errorCode: 'NOT_FOUND', status: 404 }],
        ['a opportunity the user cannot edit', "0065g00000OpRO1AAN", { type: 'salesforce_error', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', status: 400, fields: [] }],
        ['an expired session', "0065g00000OpACCAA3", { type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 }]
    ])('reports %s with its Salesforce error', async (_label, recordId, expected) => {
        const nango = actionMock('update-opportunity');
        const error = await actionErrorOf(run(action, nango, { recordId, ...{"description":"Updated via API"} }));
        expect(error).toMatchObject(expected);
        expect(requests(nango)[0]).toMatchObject({ endpoint: endpoint(recordId) });
    });

    it('maps REQUIRED_FIELD_MISSING when a required custom field is cleared', async () => {
        const nango = actionMock('update-opportunity');
        const error = await actionErrorOf(run(action, nango, { recordId: "0065g00000Op002AAB", customFields: { Region__c: null } }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'REQUIRED_FIELD_MISSING', status: 400, fields: ['Region__c'] });
    });

    it('maps DUPLICATE_VALUE of a unique field', async () => {
        const nango = actionMock('update-opportunity');
        const error = await actionErrorOf(run(action, nango, { recordId: "0065g00000Op002AAB", customFields: { External_Id__c: 'X-001' } }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATE_VALUE', status: 400 });
        expect(error.message).toContain(ID);
    });

    it.each([
        ["nothing to change", {"recordId":"0065g00000Op001AAB"}],
        ["only empty customFields", {"recordId":"0065g00000Op001AAB","customFields":{}}],
        ["an Account id", {"recordId":"001D000000IqhSLIAZ","description":"Updated via API"}],
        ["an id with a wrong checksum", {"recordId":"0065g00000Op001AAA","description":"Updated via API"}],
        ["a 12-character id", {"recordId":"0065g00000Op","description":"Updated via API"}],
        ["an id with a quote", {"recordId":"0065g00000Op001' OR Name != '","description":"Updated via API"}],
        ["an id with a path", {"recordId":"../0065g00000Op001","description":"Updated via API"}],
        ["a missing id", {"description":"Updated via API"}],
        ["a numeric id", {"recordId":1,"description":"Updated via API"}],
        ["an empty required field", {"recordId":"0065g00000Op001AAB","stageName":""}],
        ["an Id in customFields", {"recordId":"0065g00000Op001AAB","customFields":{"Id":"0065g00000Op001AAB"}}],
        ["customFields setting Description again", {"recordId":"0065g00000Op001AAB","description":"a","customFields":{"DESCRIPTION":"b"}}],
        ["a dot in a customFields key", {"recordId":"0065g00000Op001AAB","customFields":{"Account.Name":"x"}}],
        ["IsWon in customFields", {"recordId":"0065g00000Op001AAB","customFields":{"IsWon":true}}],
        ["IsClosed in customFields", {"recordId":"0065g00000Op001AAB","customFields":{"IsClosed":false}}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('update-opportunity');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
