import { describe, expect, it } from 'vitest';

import action from '../actions/create-opportunity.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ENDPOINT = '/services/data/v66.0/sobjects/Opportunity';

describe('salesforce create-opportunity', () => {
    it('creates the opportunity from the typed inputs plus customFields and returns its id', async () => {
        const nango = actionMock('create-opportunity');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('sends one POST with the Salesforce field names and is never retried (a retried create would duplicate the opportunity)', async () => {
        const nango = actionMock('create-opportunity');
        await run(action, nango, await nango.getInput());
        expect(requests(nango)).toEqual([
            {
                method: 'POST',
                endpoint: ENDPOINT,
                retries: 0,
                data: {"Name":"Acme – 500 seats","StageName":"Prospecting","CloseDate":"2026-12-31","AccountId":"001D000000IqhSLIAZ","Amount":48000,"Probability":10,"Type":"New Customer","LeadSource":"Web","NextStep":"Demo","Description":"Inbound","Region__c":"EMEA"}
            }
        ]);
    });

    it('maps REQUIRED_FIELD_MISSING with the missing field', async () => {
        const nango = actionMock('create-opportunity');
        const error = await actionErrorOf(run(action, nango, {"name":"Globex – pilot","stageName":"Prospecting","closeDate":"2026-09-30"}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Region__c'], status: 400 });
        expect(error.message).toContain('Required fields are missing: [Region__c]');
        expect(requests(nango)).toHaveLength(1);
    });

    it('maps DUPLICATE_VALUE of a unique field', async () => {
        const nango = actionMock('create-opportunity');
        const error = await actionErrorOf(run(action, nango, {"name":"Acme – renewal","stageName":"Prospecting","closeDate":"2026-09-30","customFields":{"External_Id__c":"O-001"}}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATE_VALUE', status: 400 });
        expect(error.message).toContain('duplicates value on record with id: 0065g00000Op001AAB');
    });

    it('maps INSUFFICIENT_ACCESS_OR_READONLY', async () => {
        const nango = actionMock('create-opportunity');
        const error = await actionErrorOf(run(action, nango, {"name":"Initech – expansion","stageName":"Prospecting","closeDate":"2026-09-30","accountId":"001D000000IqhROIAZ"}));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', status: 400, fields: [] });
        expect(error.message).toContain('sharing');
    });

    it('maps INVALID_SESSION_ID to unauthorized', async () => {
        const nango = actionMock('create-opportunity');
        const error = await actionErrorOf(run(action, nango, {"name":"Umbrella – pilot","stageName":"Prospecting","closeDate":"2026-09-30"}));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 });
    });

    it.each([
        ["no stage", {"name":"Deal","closeDate":"2026-12-31"}],
        ["no close date", {"name":"Deal","stageName":"Prospecting"}],
        ["a close date in another format", {"name":"Deal","stageName":"Prospecting","closeDate":"12/31/2026"}],
        ["a probability over 100", {"name":"Deal","stageName":"Prospecting","closeDate":"2026-12-31","probability":101}],
        ["IsWon in customFields", {"name":"Deal","stageName":"Prospecting","closeDate":"2026-12-31","customFields":{"IsWon":true}}],
        ["isclosed in customFields (any case)", {"name":"Deal","stageName":"Prospecting","closeDate":"2026-12-31","customFields":{"isclosed":true}}],
        ["customFields setting StageName again", {"name":"Deal","stageName":"Prospecting","closeDate":"2026-12-31","customFields":{"StageName":"Closed Won"}}],
        ["an Id in customFields", {"name":"Globex – pilot","stageName":"Prospecting","closeDate":"2026-09-30","customFields":{"Id":"001D000000IqhSLIAZ"}}],
        ["a quote in a customFields key", {"name":"Globex – pilot","stageName":"Prospecting","closeDate":"2026-09-30","customFields":{"Region__c'":"x"}}],
        ["a relationship path as customFields key", {"name":"Globex – pilot","stageName":"Prospecting","closeDate":"2026-09-30","customFields":{"Owner.Name":"x"}}],
        ["a SOQL keyword as customFields key", {"name":"Globex – pilot","stageName":"Prospecting","closeDate":"2026-09-30","customFields":{"Select":"x"}}],
        ["customFields that are not an object", {"name":"Globex – pilot","stageName":"Prospecting","closeDate":"2026-09-30","customFields":"Region__c=EMEA"}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('create-opportunity');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });

    // Was a bug (fixed): salesforce/models/opportunity.ts opportunityInputShape.closeDate only checks the YYYY-MM-DD shape, so an
    // impossible date such as 2026-02-30 is sent to Salesforce instead of being refused as invalid_input.
    it('refuses an impossible close date (2026-02-30) before any request', async () => {
        const nango = actionMock('create-opportunity');
        const error = await actionErrorOf(run(action, nango, { name: 'Deal', stageName: 'Prospecting', closeDate: '2026-02-30' }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
