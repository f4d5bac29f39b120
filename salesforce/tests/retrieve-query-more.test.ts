import { describe, expect, it } from 'vitest';

import action from '../actions/retrieve-query-more.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce retrieve-query-more', () => {
    it('follows the locator path exactly', async () => {
        const nango = actionMock('retrieve-query-more');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'GET', endpoint: '/services/data/v66.0/query/01gRO0000016PIAYA2-2' });
        expect(requests(nango)[0]?.['params']).toBeUndefined();
    });

    it('maps an expired locator to INVALID_QUERY_LOCATOR with advice', async () => {
        const nango = actionMock('retrieve-query-more');
        const error = await actionErrorOf(run(action, nango, { nextRecordsUrl: '/services/data/v66.0/query/01gRO0000016PIAYA9-4000' }));
        expect(error).toMatchObject({ errorCode: 'INVALID_QUERY_LOCATOR', status: 400 });
        expect(error.message).toMatch(/run the query again/);
    });

    it.each([
        ['an absolute URL', 'https://evil.example/services/data/v66.0/query/01gRO0000016PIAYA2-2000'],
        ['another resource', '/services/data/v66.0/limits'],
        ['a traversal', '/services/data/v66.0/query/../sobjects/Account'],
        ['an encoded traversal', '/services/data/v66.0/query/%2e%2e/limits'],
        ['a query string', '/services/data/v66.0/query/01gRO0000016PIAYA2-2000?q=SELECT'],
        ['a fragment', '/services/data/v66.0/query/01gRO0000016PIAYA2-2000#x'],
        ['a newline', '/services/data/v66.0/query/01gRO0000016PIAYA2-2000\n'],
        ['a SOQL statement', 'SELECT Id FROM Account']
    ])('refuses %s before any request', async (_label, nextRecordsUrl) => {
        const nango = actionMock('retrieve-query-more');
        const error = await actionErrorOf(run(action, nango, { nextRecordsUrl }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
