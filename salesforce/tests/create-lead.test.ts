import { describe, expect, it } from 'vitest';

import action from '../actions/create-lead.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ENDPOINT = '/services/data/v66.0/sobjects/Lead';

describe('salesforce create-lead', () => {
    it('creates the lead from the typed inputs plus customFields and returns its id', async () => {
        const nango = actionMock('create-lead');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('sends one POST with the Salesforce field names and is never retried (a retried create would duplicate the lead)', async () => {
        const nango = actionMock('create-lead');
        await run(action, nango, await nango.getInput());
        expect(requests(nango)).toEqual([
            {
                method: 'POST',
                endpoint: ENDPOINT,
                retries: 0,
                data: {"LastName":"Ng","Company":"Acme Corporation","FirstName":"Ada","Email":"ada@acme.example","Phone":"+1 415 555 0101","Title":"CTO","Industry":"Technology","Status":"Open - Not Contacted","LeadSource":"Web","Website":"https://acme.example","Description":"Met at Dreamforce","Region__c":"EMEA"}
            }
        ]);
    });

    it('maps REQUIRED_FIELD_MISSING with the missing field', async () => {
        const nango = actionMock('create-lead');
        const error = await actionErrorOf(run(action, nango, {"lastName":"Lovelace","company":"Analytical Engines"}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Region__c'], status: 400 });
        expect(error.message).toContain('Required fields are missing: [Region__c]');
        expect(requests(nango)).toHaveLength(1);
    });

    it('maps DUPLICATE_VALUE of a unique field', async () => {
        const nango = actionMock('create-lead');
        const error = await actionErrorOf(run(action, nango, {"lastName":"Ng","company":"Acme","customFields":{"External_Id__c":"L-001"}}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATE_VALUE', status: 400 });
        expect(error.message).toContain('duplicates value on record with id: 00Q5g00000Ld001EAB');
    });

    it('maps DUPLICATES_DETECTED and lists the records the duplicate rule matched', async () => {
        const nango = actionMock('create-lead');
        const error = await actionErrorOf(run(action, nango, {"lastName":"Ng","company":"Acme Corporation","email":"ada@acme.example"}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATES_DETECTED', status: 400, matchingRecordIds: ["00Q5g00000Ld001EAB","00Q5g00000Ld002EAB"] });
        expect(error.message).toMatch(/duplicate rule/i);
        expect(requests(nango)).toHaveLength(1);
    });

    it('maps INSUFFICIENT_ACCESS_OR_READONLY', async () => {
        const nango = actionMock('create-lead');
        const error = await actionErrorOf(run(action, nango, {"lastName":"Hopper","company":"Navy","customFields":{"OwnerId":"0055g00000Us0B2AAJ"}}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', status: 400, fields: [] });
        expect(error.message).toContain('sharing');
    });

    it('maps INVALID_SESSION_ID to unauthorized', async () => {
        const nango = actionMock('create-lead');
        const error = await actionErrorOf(run(action, nango, {"lastName":"Turing","company":"Bletchley"}));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 });
    });

    it.each([
        ["no company", {"lastName":"Ng"}],
        ["no last name", {"company":"Acme"}],
        ["an empty company", {"lastName":"Ng","company":""}],
        ["an email that is not one", {"lastName":"Ng","company":"Acme","email":"ada@"}],
        ["customFields setting Company again (any case)", {"lastName":"Ng","company":"Acme","customFields":{"COMPANY":"Other"}}],
        ["an Id in customFields", {"lastName":"Lovelace","company":"Analytical Engines","customFields":{"Id":"001D000000IqhSLIAZ"}}],
        ["a quote in a customFields key", {"lastName":"Lovelace","company":"Analytical Engines","customFields":{"Region__c'":"x"}}],
        ["a relationship path as customFields key", {"lastName":"Lovelace","company":"Analytical Engines","customFields":{"Owner.Name":"x"}}],
        ["a SOQL keyword as customFields key", {"lastName":"Lovelace","company":"Analytical Engines","customFields":{"Select":"x"}}],
        ["customFields that are not an object", {"lastName":"Lovelace","company":"Analytical Engines","customFields":"Region__c=EMEA"}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('create-lead');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
