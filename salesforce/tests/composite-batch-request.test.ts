import { describe, expect, it } from 'vitest';

import action from '../actions/composite-batch-request.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce composite-batch-request', () => {
    it('returns every status, the halted ones as 412, and hasErrors', async () => {
        const nango = actionMock('composite-batch-request');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', endpoint: '/services/data/v66.0/composite/batch', retries: 3 });
    });

    it.each([
        ['26 subrequests', Array.from({ length: 26 }, () => ({ method: 'GET', url: 'v66.0/limits' }))],
        ['an absolute /services/data URL', [{ method: 'GET', url: '/services/data/v66.0/limits' }]],
        ['a traversal', [{ method: 'GET', url: 'v66.0/sobjects/../../../id/x' }]],
        ['a reference', [{ method: 'GET', url: 'v66.0/sobjects/Account/@{a.id}' }]],
        ['an unsupported resource', [{ method: 'GET', url: 'v66.0/tooling/query?q=x' }]]
    ])('refuses %s before any request', async (_label, batchRequests) => {
        const nango = actionMock('composite-batch-request');
        const error = await actionErrorOf(run(action, nango, { batchRequests }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
