import { describe, expect, it } from 'vitest';

import { guarded } from '../../lib/http/api.js';
import { salesforceErrorPayload } from '../../lib/http/errors.js';
import { editDistance, nearestNames, sObjectNameOfError, withSObjectSuggestions } from '../../lib/metadata/suggest.js';
import { actionErrorOf } from '../helpers.js';
import { fakeNango, httpError } from './fake-nango.js';

const ORG = ['Account', 'AccountContactRelation', 'Contact', 'Lead', 'Invoice__c', 'Opportunity', 'Asset', 'Accrual__c'];
const NOT_FOUND = [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }];
const describeGlobal = { data: { encoding: 'UTF-8', maxBatchSize: 200, sobjects: ORG.map((name) => ({ name })) } };

describe('nearest object names', () => {
    it('edit distance is case-insensitive', () => {
        expect(editDistance('Acount', 'Account')).toBe(1);
        expect(editDistance('ACCOUNT', 'account')).toBe(0);
        expect(editDistance('', 'Lead')).toBe(4);
        expect(editDistance('Invoice_c', 'Invoice__c')).toBe(1);
    });

    it('gives at most three names, nearest first, none when nothing is close', () => {
        expect(nearestNames('Acount', ORG)).toEqual(['Account']);
        expect(nearestNames('Lead', ['Lead4', 'Lead2', 'Lead3', 'Lead1', 'Leads__c'])).toEqual(['Lead1', 'Lead2', 'Lead3']);
        expect(nearestNames('Oportunity', ['Opportunity', 'OpportunityLineItem', 'Opportunity'])).toEqual(['Opportunity']);
        expect(nearestNames('invoice_C', ORG)).toEqual(['Invoice__c']);
        expect(nearestNames('Zebra_Crossing__x', ORG)).toEqual([]);
    });

    it('finds the object name in INVALID_TYPE messages and in /sobjects/{name} paths of NOT_FOUND', () => {
        const invalidType = salesforceErrorPayload(400, [{ errorCode: 'INVALID_TYPE', message: "sObject type 'Acount' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name." }], 'query');
        expect(sObjectNameOfError(invalidType, '/services/data/v66.0/query')).toBe('Acount');
        const notFound = salesforceErrorPayload(404, NOT_FOUND, 'get');
        expect(sObjectNameOfError(notFound, '/services/data/v66.0/sobjects/Acount/001D000000IqhSLIAZ')).toBe('Acount');
        expect(sObjectNameOfError(notFound, '/services/data/v66.0/composite/sobjects/Acount/External_Id__c')).toBe('Acount');
        expect(sObjectNameOfError(notFound, '/services/data/v66.0/query/01gRO0000016PIAYA2-2')).toBeUndefined();
        expect(sObjectNameOfError(salesforceErrorPayload(400, [{ errorCode: 'MALFORMED_ID', message: 'bad' }], 'x'), '/services/data/v66.0/sobjects/Acount/1')).toBeUndefined();
    });

    it('an object the org has leaves the error alone (it was about a record)', () => {
        const payload = salesforceErrorPayload(404, NOT_FOUND, 'get account');
        expect(withSObjectSuggestions(payload, 'account', ORG)).toBe(payload);
        const unknown = withSObjectSuggestions(payload, 'Acount', ORG);
        expect(unknown).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND', status: 404 });
        expect(unknown['suggestions']).toEqual(nearestNames('Acount', ORG));
        expect(unknown.message).toContain('Did you mean "Account"');
    });
});

describe('guarded: a misspelled object reaching an action', () => {
    const run = (nango: ReturnType<typeof fakeNango>, endpoint: string) => guarded(nango, async () => {
        const { request } = await import('../../lib/http/api.js');
        return request(nango, { method: 'GET', endpoint, context: 'get Acount 001' });
    });

    it('NOT_FOUND for /sobjects/Acount: one describe-global, the nearest names in message and suggestions', async () => {
        const nango = fakeNango({ throws: httpError(404, NOT_FOUND) }, describeGlobal);
        const error = await actionErrorOf(run(nango, '/services/data/v66.0/sobjects/Acount/001D000000IqhSLIAZ'));
        expect(error).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND', status: 404 });
        expect(error['suggestions']).toContain('Account');
        expect(error.message).toContain('no sObject named "Acount"');
        expect(nango.proxy.mock.calls.map((c) => c[0]?.['endpoint'])).toEqual(['/services/data/v66.0/sobjects/Acount/001D000000IqhSLIAZ', '/services/data/v66.0/sobjects/']);
    });

    it('INVALID_TYPE from a query becomes not_found with suggestions; describe-global is asked once per call', async () => {
        const invalid = httpError(400, [{ errorCode: 'INVALID_TYPE', message: "sObject type 'Invoice_c' is not supported." }]);
        const nango = fakeNango({ throws: invalid }, describeGlobal, { throws: invalid });
        const first = await actionErrorOf(run(nango, '/services/data/v66.0/query'));
        expect(first).toMatchObject({ type: 'not_found', errorCode: 'INVALID_TYPE', suggestions: ['Invoice__c'] });
        const second = await actionErrorOf(run(nango, '/services/data/v66.0/query'));
        expect(second['suggestions']).toEqual(['Invoice__c']);
        expect(nango.proxy).toHaveBeenCalledTimes(3);
    });

    it('a missing record of a custom object the org has stays a plain not_found; a standard object costs no extra call', async () => {
        const nango = fakeNango({ throws: httpError(404, NOT_FOUND) }, describeGlobal);
        const error = await actionErrorOf(run(nango, '/services/data/v66.0/sobjects/Invoice__c/a01D000000IqhSLIAZ'));
        expect(error).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND' });
        expect(error['suggestions']).toBeUndefined();
        const standard = fakeNango({ throws: httpError(404, NOT_FOUND) });
        expect(await actionErrorOf(run(standard, '/services/data/v66.0/sobjects/Account/001D000000IqhSLIAZ'))).toMatchObject({ type: 'not_found' });
        expect(standard.proxy).toHaveBeenCalledTimes(1);
    });

    it('a failing describe-global leaves the original error', async () => {
        const nango = fakeNango({ throws: httpError(404, NOT_FOUND) }, { throws: httpError(503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'down' }]) });
        const error = await actionErrorOf(run(nango, '/services/data/v66.0/sobjects/Acount/describe'));
        expect(error).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND' });
        expect(error['suggestions']).toBeUndefined();
    });
});
