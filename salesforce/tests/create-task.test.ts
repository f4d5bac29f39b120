import { describe, expect, it } from 'vitest';

import action from '../actions/create-task.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ENDPOINT = '/services/data/v66.0/sobjects/Task';

describe('salesforce create-task', () => {
    it('creates the task from the typed inputs plus customFields and returns its id', async () => {
        const nango = actionMock('create-task');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('sends one POST with the Salesforce field names and is never retried (a retried create would duplicate the task)', async () => {
        const nango = actionMock('create-task');
        await run(action, nango, await nango.getInput());
        expect(requests(nango)).toEqual([
            {
                method: 'POST',
                endpoint: ENDPOINT,
                retries: 0,
                data: {"Subject":"Call back about renewal","Status":"Not Started","Priority":"High","ActivityDate":"2026-12-01","WhoId":"0035g00000AbC01AAF","WhatId":"0065g00000Op001AAB","OwnerId":"0055g00000Us0A1AAJ","Description":"Asked for a 3-year quote","Region__c":"EMEA"}
            }
        ]);
    });

    it('maps REQUIRED_FIELD_MISSING with the missing field', async () => {
        const nango = actionMock('create-task');
        const error = await actionErrorOf(run(action, nango, {"subject":"Send contract"}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Region__c'], status: 400 });
        expect(error.message).toContain('Required fields are missing: [Region__c]');
        expect(requests(nango)).toHaveLength(1);
    });

    it('maps DUPLICATE_VALUE of a unique field', async () => {
        const nango = actionMock('create-task');
        const error = await actionErrorOf(run(action, nango, {"subject":"Import call","customFields":{"External_Id__c":"T-001"}}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATE_VALUE', status: 400 });
        expect(error.message).toContain('duplicates value on record with id: 00T5g00000Tk001EAB');
    });

    it('maps INSUFFICIENT_ACCESS_OR_READONLY', async () => {
        const nango = actionMock('create-task');
        const error = await actionErrorOf(run(action, nango, {"subject":"Follow up","whatId":"001D000000IqhROIAZ"}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', status: 400, fields: [] });
        expect(error.message).toContain('sharing');
    });

    it('maps INVALID_SESSION_ID to unauthorized', async () => {
        const nango = actionMock('create-task');
        const error = await actionErrorOf(run(action, nango, {"subject":"Prepare demo"}));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 });
    });

    it.each([
        ["no subject", {"status":"Not Started"}],
        ["an empty subject", {"subject":""}],
        ["a due date in another format", {"subject":"Call","dueDate":"01/12/2026"}],
        ["a whoId with a wrong checksum", {"subject":"Call","whoId":"0035g00000AbC01AAA"}],
        ["customFields setting ActivityDate again (any case)", {"subject":"Call","dueDate":"2026-12-01","customFields":{"activitydate":"2026-12-02"}}],
        ["an Id in customFields", {"subject":"Send contract","customFields":{"Id":"001D000000IqhSLIAZ"}}],
        ["a quote in a customFields key", {"subject":"Send contract","customFields":{"Region__c'":"x"}}],
        ["a relationship path as customFields key", {"subject":"Send contract","customFields":{"Owner.Name":"x"}}],
        ["a SOQL keyword as customFields key", {"subject":"Send contract","customFields":{"Select":"x"}}],
        ["customFields that are not an object", {"subject":"Send contract","customFields":"Region__c=EMEA"}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('create-task');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
