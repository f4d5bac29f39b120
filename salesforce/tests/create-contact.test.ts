import { describe, expect, it } from 'vitest';

import action from '../actions/create-contact.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ENDPOINT = '/services/data/v66.0/sobjects/Contact';

describe('salesforce create-contact', () => {
    it('creates the contact from the typed inputs plus customFields and returns its id', async () => {
        const nango = actionMock('create-contact');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('sends one POST with the Salesforce field names and is never retried (a retried create would duplicate the contact)', async () => {
        const nango = actionMock('create-contact');
        await run(action, nango, await nango.getInput());
        expect(requests(nango)).toEqual([
            {
                method: 'POST',
                endpoint: ENDPOINT,
                retries: 0,
                data: {"LastName":"Ng","FirstName":"Ada","Email":"ada@acme.example","Phone":"+1 415 555 0101","MobilePhone":"+1 415 555 0199","Title":"CFO","Department":"Finance","AccountId":"001D000000IqhSLIAZ","LeadSource":"Web","MailingStreet":"1 Market St","MailingCity":"San Francisco","MailingState":"CA","MailingPostalCode":"94105","MailingCountry":"USA","Region__c":"EMEA"}
            }
        ]);
    });

    it('maps REQUIRED_FIELD_MISSING with the missing field', async () => {
        const nango = actionMock('create-contact');
        const error = await actionErrorOf(run(action, nango, {"lastName":"Lovelace"}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Region__c'], status: 400 });
        expect(error.message).toContain('Required fields are missing: [Region__c]');
        expect(requests(nango)).toHaveLength(1);
    });

    it('maps DUPLICATE_VALUE of a unique field', async () => {
        const nango = actionMock('create-contact');
        const error = await actionErrorOf(run(action, nango, {"lastName":"Ng","customFields":{"External_Id__c":"C-001"}}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATE_VALUE', status: 400 });
        expect(error.message).toContain('duplicates value on record with id: 0035g00000AbC01AAF');
    });

    it('maps DUPLICATES_DETECTED and lists the records the duplicate rule matched', async () => {
        const nango = actionMock('create-contact');
        const error = await actionErrorOf(run(action, nango, {"lastName":"Ng","firstName":"Ada","email":"ada@acme.example"}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATES_DETECTED', status: 400, matchingRecordIds: ["0035g00000AbC01AAF","0035g00000AbC02AAF"] });
        expect(error.message).toMatch(/duplicate rule/i);
        expect(requests(nango)).toHaveLength(1);
    });

    it('maps INSUFFICIENT_ACCESS_OR_READONLY', async () => {
        const nango = actionMock('create-contact');
        const error = await actionErrorOf(run(action, nango, {"lastName":"Hopper","accountId":"001D000000IqhROIAZ"}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', status: 400, fields: [] });
        expect(error.message).toContain('sharing');
    });

    it('maps INVALID_SESSION_ID to unauthorized', async () => {
        const nango = actionMock('create-contact');
        const error = await actionErrorOf(run(action, nango, {"lastName":"Turing"}));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 });
    });

    it.each([
        ["no last name", {"firstName":"Ada"}],
        ["an empty last name", {"lastName":""}],
        ["an email that is not one", {"lastName":"Ng","email":"not-an-email"}],
        ["an accountId with a wrong checksum", {"lastName":"Ng","accountId":"001D000000IqhSLAAA"}],
        ["customFields setting LastName again (any case)", {"lastName":"Ng","customFields":{"lastname":"Other"}}],
        ["customFields setting a typed field (Email) again", {"lastName":"Ng","email":"ada@acme.example","customFields":{"Email":"x@acme.example"}}],
        ["an Id in customFields", {"lastName":"Lovelace","customFields":{"Id":"001D000000IqhSLIAZ"}}],
        ["a quote in a customFields key", {"lastName":"Lovelace","customFields":{"Region__c'":"x"}}],
        ["a relationship path as customFields key", {"lastName":"Lovelace","customFields":{"Owner.Name":"x"}}],
        ["a SOQL keyword as customFields key", {"lastName":"Lovelace","customFields":{"Select":"x"}}],
        ["customFields that are not an object", {"lastName":"Lovelace","customFields":"Region__c=EMEA"}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('create-contact');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
