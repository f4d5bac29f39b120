import { describe, expect, it } from 'vitest';

import action from '../actions/update-task.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ID = "00T5g00000Tk001EAB";
const endpoint = (recordId: string): string => `/services/data/v66.0/sobjects/Task/${recordId}`;

describe('salesforce update-task', () => {
    it('sends only the given fields, by Salesforce name, in one PATCH (retried: an update is idempotent)', async () => {
        const nango = actionMock('update-task');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toEqual([
            {
                method: 'PATCH',
                endpoint: endpoint(ID),
                retries: 3,
                data: {"Status":"Completed","Description":"Done, quote sent","Region__c":"APAC"}
            }
        ]);
    });

    it('returns the 18-character id when given the 15-character one', async () => {
        const nango = actionMock('update-task');
        const output = await run(action, nango, { recordId: ID.slice(0, 15), ...{"description":"Updated via API"} });
        expect(output).toEqual({ recordId: ID, success: true });
        expect(requests(nango)[0]).toMatchObject({ method: 'PATCH', endpoint: endpoint(ID.slice(0, 15)), data: {"Description":"Updated via API"} });
    });

    it.each([
        ['a deleted task', "00T5g00000TkDELEA3", { type: 'entity_deleted', errorCode: 'ENTITY_IS_DELETED', status: 404 }],
        ['an unknown id', "00T5g00000Tk099EAB", { type: 'not_found', errorCode: 'NOT_FOUND', status: 404 }],
        ['a task the user cannot edit', "00T5g00000TkRO1EAN", { type: 'salesforce_error', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', status: 400, fields: [] }],
        ['an expired session', "00T5g00000TkACCEA3", { type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 }]
    ])('reports %s with its Salesforce error', async (_label, recordId, expected) => {
        const nango = actionMock('update-task');
        const error = await actionErrorOf(run(action, nango, { recordId, ...{"description":"Updated via API"} }));
        expect(error).toMatchObject(expected);
        expect(requests(nango)[0]).toMatchObject({ endpoint: endpoint(recordId) });
    });

    it('maps REQUIRED_FIELD_MISSING when a required custom field is cleared', async () => {
        const nango = actionMock('update-task');
        const error = await actionErrorOf(run(action, nango, { recordId: "00T5g00000Tk002EAB", customFields: { Region__c: null } }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'REQUIRED_FIELD_MISSING', status: 400, fields: ['Region__c'] });
    });

    it('maps DUPLICATE_VALUE of a unique field', async () => {
        const nango = actionMock('update-task');
        const error = await actionErrorOf(run(action, nango, { recordId: "00T5g00000Tk002EAB", customFields: { External_Id__c: 'X-001' } }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATE_VALUE', status: 400 });
        expect(error.message).toContain(ID);
    });

    it.each([
        ["nothing to change", {"recordId":"00T5g00000Tk001EAB"}],
        ["only empty customFields", {"recordId":"00T5g00000Tk001EAB","customFields":{}}],
        ["an Opportunity id", {"recordId":"0065g00000Op001AAB","description":"Updated via API"}],
        ["an id with a wrong checksum", {"recordId":"00T5g00000Tk001AAA","description":"Updated via API"}],
        ["a 12-character id", {"recordId":"00T5g00000Tk","description":"Updated via API"}],
        ["an id with a quote", {"recordId":"00T5g00000Tk001' OR Name != '","description":"Updated via API"}],
        ["an id with a path", {"recordId":"../00T5g00000Tk001","description":"Updated via API"}],
        ["a missing id", {"description":"Updated via API"}],
        ["a numeric id", {"recordId":1,"description":"Updated via API"}],
        ["an empty required field", {"recordId":"00T5g00000Tk001EAB","subject":""}],
        ["an Id in customFields", {"recordId":"00T5g00000Tk001EAB","customFields":{"Id":"00T5g00000Tk001EAB"}}],
        ["customFields setting Description again", {"recordId":"00T5g00000Tk001EAB","description":"a","customFields":{"DESCRIPTION":"b"}}],
        ["a dot in a customFields key", {"recordId":"00T5g00000Tk001EAB","customFields":{"Account.Name":"x"}}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('update-task');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
