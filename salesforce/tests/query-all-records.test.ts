import { describe, expect, it } from 'vitest';

import action from '../actions/query-all-records.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce query-all-records', () => {
    it('queries /queryAll and returns deleted records', async () => {
        const nango = actionMock('query-all-records');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ endpoint: '/services/data/v66.0/queryAll' });
    });

    it('maps INVALID_TYPE for an unknown object', async () => {
        const nango = actionMock('query-all-records');
        const error = await actionErrorOf(run(action, nango, { query: 'SELECT Id FROM Acount' }));
        expect(error).toMatchObject({ errorCode: 'INVALID_TYPE', status: 400 });
        expect(error.message).toMatch(/custom objects end in __c/);
    });

    it('refuses a bad batch size before any request', async () => {
        const nango = actionMock('query-all-records');
        const error = await actionErrorOf(run(action, nango, { query: 'SELECT Id FROM Account', batchSize: 5000 }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
