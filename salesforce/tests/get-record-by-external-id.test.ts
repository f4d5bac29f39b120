import { describe, expect, it } from 'vitest';

import action from '../actions/get-record-by-external-id.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce get-record-by-external-id', () => {
    it('returns the matching record', async () => {
        const nango = actionMock('get-record-by-external-id');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('reports several matches (HTTP 300) with their ids', async () => {
        const nango = actionMock('get-record-by-external-id');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'DUP-7' }));
        expect(error).toMatchObject({ type: 'multiple_matches', status: 300, matchingRecordIds: ['a0B5g00000XyZ12EAF', 'a0B5g00000XyZ13EAF'] });
    });

    it('reports no match as not_found', async () => {
        const nango = actionMock('get-record-by-external-id');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'NONE-1' }));
        expect(error).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND' });
    });

    it('URL-encodes the value so it stays one path segment', async () => {
        const nango = actionMock('get-record-by-external-id');
        await run(action, nango, { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'A B C?#&' });
        expect(requests(nango)[0]?.['endpoint']).toBe('/services/data/v66.0/sobjects/Invoice__c/External_Id__c/A%20B%20C%3F%23%26');
    });

    it.each([
        ['a parent-path value', { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: '..' }],
        ['a value with a slash', { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: '../limits' }],
        ['a value with an encoded slash', { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'a\\..\\limits' }],
        ['a value with a newline', { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'a\nb' }],
        ['an empty value', { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: '' }],
        ['a value over 255 characters', { sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'x'.repeat(256) }],
        ['a field with a slash', { sObject: 'Invoice__c', externalIdField: 'External_Id__c/..', externalId: 'x' }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('get-record-by-external-id');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
