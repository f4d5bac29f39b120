import { describe, expect, it } from 'vitest';

import action from '../actions/delete-record.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce delete-record', () => {
    it('deletes and returns the id and success', async () => {
        const nango = actionMock('delete-record');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'DELETE', endpoint: '/services/data/v66.0/sobjects/Account/001D000000IqhSLIAZ' });
    });

    it('reports a second delete (ENTITY_IS_DELETED) as deleted with alreadyDeleted true', async () => {
        const nango = actionMock('delete-record');
        expect(await run(action, nango, { sObject: 'Account', recordId: '001D000000Dead1IAB' })).toEqual({ recordId: '001D000000Dead1IAB', success: true, alreadyDeleted: true });
    });

    it('reports an unknown id as not_found', async () => {
        const nango = actionMock('delete-record');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Account', recordId: '001D000000ZzzzzIAB' }));
        expect(error).toMatchObject({ type: 'not_found', status: 404 });
    });

    it.each([
        ['an absolute URL as sObject', { sObject: 'https://evil.example/x', recordId: '001D000000IqhSLIAZ' }],
        ['a fragment in the sObject', { sObject: 'Account#', recordId: '001D000000IqhSLIAZ' }],
        ['a number as id', { sObject: 'Account', recordId: 1 }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('delete-record');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
