import { describe, expect, it } from 'vitest';

import action from '../actions/get-record.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const ACCOUNT = '001D000000IqhSLIAZ';

describe('salesforce get-record', () => {
    it('returns the record Salesforce sends, asking only for the listed fields', async () => {
        const nango = actionMock('get-record');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'GET', params: { fields: 'Id,Name,Industry' }, retries: 3 });
    });

    it('reports an unknown id as not_found', async () => {
        const nango = actionMock('get-record');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account', recordId: '001D000000ZzzzzIAB' }));
        expect(error).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND', status: 404 });
    });

    it('reports a record in the Recycle Bin as entity_deleted, distinct from not_found', async () => {
        const nango = actionMock('get-record');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account', recordId: '001D000000Dead1IAB' }));
        expect(error).toMatchObject({ type: 'entity_deleted', errorCode: 'ENTITY_IS_DELETED', status: 404 });
        expect(error.message).toContain('Recycle Bin');
    });

    it.each([
        ['a path in the sObject', { sObject: '../limits', recordId: ACCOUNT }],
        ['a query string in the sObject', { sObject: 'Account?q=1', recordId: ACCOUNT }],
        ['a SOQL keyword as sObject', { sObject: 'SELECT', recordId: ACCOUNT }],
        ['a short id', { sObject: 'Account', recordId: '001D000000Iqh' }],
        ['an id with a path', { sObject: 'Account', recordId: '001D000000IqhSL/../x' }],
        ['an id with a wrong checksum', { sObject: 'Account', recordId: '001D000000IqhSLAAA' }],
        ['a Contact id for an Account', { sObject: 'Account', recordId: '0035g00000AbCdEAAA'.slice(0, 15) }],
        ['a field with a comma', { sObject: 'Account', recordId: ACCOUNT, fields: ['Id,Name'] }],
        ['a field with a space', { sObject: 'Account', recordId: ACCOUNT, fields: ['Name FROM User'] }],
        ['an empty field list', { sObject: 'Account', recordId: ACCOUNT, fields: [] }],
        ['a missing id', { sObject: 'Account' }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('get-record');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
