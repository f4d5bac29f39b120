import { describe, expect, it } from 'vitest';

import action from '../actions/parameterized-search-records.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce parameterized-search-records', () => {
    it('posts the search with an escaped term and filters rendered by the SOQL builder', async () => {
        const nango = actionMock('parameterized-search-records');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', endpoint: '/services/data/v66.0/parameterizedSearch', retries: 3 });
        expect(requests(nango)[0]?.['data']).toMatchObject({ q: 'Smith \\& Sons', sobjects: [{ name: 'Account', where: 'NumberOfEmployees > 100' }, { name: 'Contact' }] });
    });

    it.each([
        ['an overall limit over 2000', { searchTerm: 'Acme', overallLimit: 2001 }],
        ['an offset over 2000', { searchTerm: 'Acme', offset: 2001 }],
        ['a default limit of 0', { searchTerm: 'Acme', defaultLimit: 0 }],
        ['an injected filter value type', { searchTerm: 'Acme', objects: [{ sObject: 'Account', where: [{ field: 'CreatedDate', operator: '>', value: '2024-01-01 OR Name != null', valueType: 'date' }] }] }],
        ['a filter list value for =', { searchTerm: 'Acme', objects: [{ sObject: 'Account', where: [{ field: 'Name', operator: '=', value: ['a', 'b'] }] }] }],
        ['a term over 4000 characters', { searchTerm: 'x'.repeat(4001) }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('parameterized-search-records');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
