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

    it('accepts records, describe, queries, search and parameterizedSearch', async () => {
        const nango = actionMock('composite-batch-request');
        const batchRequests = [
            { method: 'POST', url: 'v66.0/sobjects/Account', richInput: { Name: 'x' } },
            { method: 'GET', url: 'v66.0/sobjects/Account/describe' },
            { method: 'GET', url: 'v66.0/sobjects/Account/Ext__c/INV-1?fields=Name' },
            { method: 'GET', url: 'v66.0/queryAll?q=SELECT+Id+FROM+Account' },
            { method: 'GET', url: 'v66.0/search?q=FIND+%7Bacme%7D' },
            { method: 'GET', url: 'v66.0/parameterizedSearch?q=acme&sobject=Account&fields=Id,Name&overallLimit=10' }
        ];
        await run(action, nango, { batchRequests }).catch(() => undefined);
        expect(requestCount(nango)).toBe(1);
    });

    it.each([
        ['26 subrequests', Array.from({ length: 26 }, () => ({ method: 'GET', url: 'v66.0/limits' }))],
        ['an absolute /services/data URL', [{ method: 'GET', url: '/services/data/v66.0/limits' }]],
        ['a traversal', [{ method: 'GET', url: 'v66.0/sobjects/../../../id/x' }]],
        ['a reference', [{ method: 'GET', url: 'v66.0/sobjects/Account/@{a.id}' }]],
        ['an unsupported resource', [{ method: 'GET', url: 'v66.0/tooling/query?q=x' }]],
        // resources the old prefix list let through
        ['limits', [{ method: 'GET', url: 'v66.0/limits' }]],
        ['actions/standard/emailSimple', [{ method: 'POST', url: 'v66.0/actions/standard/emailSimple', richInput: { inputs: [] } }]],
        ['chatter', [{ method: 'GET', url: 'v66.0/chatter/users/me' }]],
        ['connect', [{ method: 'GET', url: 'v66.0/connect/communities' }]],
        ['the password resource', [{ method: 'GET', url: 'v66.0/sobjects/User/005D0000001KyEIIA0/password' }]],
        ['a ..; segment', [{ method: 'GET', url: 'v66.0/sobjects/..;/limits' }]],
        ['a search parameter parameterizedSearch does not take', [{ method: 'GET', url: 'v66.0/parameterizedSearch?q=acme&evil=1' }]],
        ['a PATCH on a query', [{ method: 'PATCH', url: 'v66.0/query?q=SELECT+Id+FROM+Account' }]]
    ])('refuses %s before any request', async (_label, batchRequests) => {
        const nango = actionMock('composite-batch-request');
        const error = await actionErrorOf(run(action, nango, { batchRequests }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
