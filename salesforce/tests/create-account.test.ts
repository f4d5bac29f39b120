import { describe, expect, it } from 'vitest';

import action from '../actions/create-account.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ENDPOINT = '/services/data/v66.0/sobjects/Account';

describe('salesforce create-account', () => {
    it('creates the account from the typed inputs plus customFields and returns its id', async () => {
        const nango = actionMock('create-account');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('sends one POST with the Salesforce field names and is never retried (a retried create would duplicate the account)', async () => {
        const nango = actionMock('create-account');
        await run(action, nango, await nango.getInput());
        expect(requests(nango)).toEqual([
            {
                method: 'POST',
                endpoint: ENDPOINT,
                retries: 0,
                data: {"Name":"Acme Corporation","Type":"Customer - Direct","Industry":"Technology","Website":"https://acme.example","Phone":"+1 415 555 0100","Description":"Key account","AnnualRevenue":2500000,"NumberOfEmployees":250,"BillingStreet":"1 Market St","BillingCity":"San Francisco","BillingState":"CA","BillingPostalCode":"94105","BillingCountry":"USA","Region__c":"EMEA"}
            }
        ]);
    });

    it('maps REQUIRED_FIELD_MISSING with the missing field', async () => {
        const nango = actionMock('create-account');
        const error = await actionErrorOf(run(action, nango, {"name":"Globex"}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Region__c'], status: 400 });
        expect(error.message).toContain('Required fields are missing: [Region__c]');
        expect(requests(nango)).toHaveLength(1);
    });

    it('maps DUPLICATE_VALUE of a unique field', async () => {
        const nango = actionMock('create-account');
        const error = await actionErrorOf(run(action, nango, {"name":"Acme Holdings","customFields":{"External_Id__c":"ACME-001"}}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATE_VALUE', status: 400 });
        expect(error.message).toContain('duplicates value on record with id: 001D000000IqhSLIAZ');
    });

    it('maps DUPLICATES_DETECTED and lists the records the duplicate rule matched', async () => {
        const nango = actionMock('create-account');
        const error = await actionErrorOf(run(action, nango, {"name":"Acme Corp","website":"https://acme.example"}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATES_DETECTED', status: 400, matchingRecordIds: ["001D000000IqhSLIAZ","001D000000IqhSMIAZ"] });
        expect(error.message).toMatch(/duplicate rule/i);
        expect(requests(nango)).toHaveLength(1);
    });

    it('maps INSUFFICIENT_ACCESS_OR_READONLY', async () => {
        const nango = actionMock('create-account');
        const error = await actionErrorOf(run(action, nango, {"name":"Initech","customFields":{"OwnerId":"0055g00000Us0B2AAJ"}}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', status: 400, fields: [] });
        expect(error.message).toContain('sharing');
    });

    it('maps INVALID_SESSION_ID to unauthorized', async () => {
        const nango = actionMock('create-account');
        const error = await actionErrorOf(run(action, nango, {"name":"Umbrella Corporation"}));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 });
    });

    it.each([
        ["no name", {"industry":"Technology"}],
        ["an empty name", {"name":""}],
        ["a name over 255 characters", {"name":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}],
        ["a negative annual revenue", {"name":"Acme","annualRevenue":-1}],
        ["a fractional employee count", {"name":"Acme","numberOfEmployees":2.5}],
        ["an employee count given as text", {"name":"Acme","numberOfEmployees":"250"}],
        ["customFields setting Name again (any case)", {"name":"Acme","customFields":{"NAME":"Other"}}],
        ["customFields setting a typed field (BillingCity) again", {"name":"Acme","billingCity":"Oakland","customFields":{"BillingCity":"Paris"}}],
        ["an Id in customFields", {"name":"Globex","customFields":{"Id":"001D000000IqhSLIAZ"}}],
        ["a quote in a customFields key", {"name":"Globex","customFields":{"Region__c'":"x"}}],
        ["a relationship path as customFields key", {"name":"Globex","customFields":{"Owner.Name":"x"}}],
        ["a SOQL keyword as customFields key", {"name":"Globex","customFields":{"Select":"x"}}],
        ["customFields that are not an object", {"name":"Globex","customFields":"Region__c=EMEA"}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('create-account');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
