import { describe, expect, it } from 'vitest';

import action from '../actions/composite-graph-request.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const node = (referenceId: string, method: string, path: string, body?: unknown) => ({
    method,
    url: `/services/data/v66.0/${path}`,
    referenceId,
    ...(body ? { body } : {})
});

describe('salesforce composite-graph-request', () => {
    it('returns per-graph success, one graph rolled back while the other commits', async () => {
        const nango = actionMock('composite-graph-request');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', endpoint: '/services/data/v66.0/composite/graph', retries: 0 });
    });

    // each node a create that references the one before (only a create answers with id)
    const chain = (length: number) =>
        Array.from({ length }, (_, i) => (i === 0 ? node('n0', 'POST', 'sobjects/Account', { Name: 'x' }) : node(`n${i}`, 'POST', 'sobjects/Contact', { LastName: 'y', ReportsToId: i === 1 ? undefined : `@{n${i - 1}.id}`, AccountId: '@{n0.id}' })));

    it('accepts a chain of 15 levels', async () => {
        const nango = actionMock('composite-graph-request');
        await run(action, nango, { graphs: [{ graphId: 'deep', compositeRequest: chain(15) }] }).catch(() => undefined);
        expect(requestCount(nango)).toBe(1);
    });

    it.each([
        ['76 graphs', Array.from({ length: 76 }, (_, i) => ({ graphId: `g${i}`, compositeRequest: [node('a', 'POST', 'sobjects/Account', { Name: 'x' })] }))],
        ['501 nodes in all', Array.from({ length: 3 }, (_, g) => ({ graphId: `g${g}`, compositeRequest: Array.from({ length: 167 }, (_, i) => node(`a${i}`, 'POST', 'sobjects/Account', { Name: 'x' })) }))],
        ['16 levels of references', [{ graphId: 'deep', compositeRequest: chain(16) }]],
        ['a query node', [{ graphId: 'g', compositeRequest: [node('q', 'GET', 'query?q=SELECT+Id+FROM+Account')] }]],
        ['a collection node', [{ graphId: 'g', compositeRequest: [node('c', 'POST', 'composite/sobjects', { records: [] })] }]],
        ['a PUT on a record', [{ graphId: 'g', compositeRequest: [node('p', 'PUT', 'sobjects/Account/001D000000IqhSLIAZ', { Name: 'x' })] }]],
        ['a POST on a record id', [{ graphId: 'g', compositeRequest: [node('p', 'POST', 'sobjects/Account/001D000000IqhSLIAZ', { Name: 'x' })] }]],
        ['a duplicate graphId', [{ graphId: 'g', compositeRequest: [node('a', 'POST', 'sobjects/Account', { Name: 'x' })] }, { graphId: 'g', compositeRequest: [node('a', 'POST', 'sobjects/Account', { Name: 'x' })] }]],
        ['a graphId with a dot', [{ graphId: 'g.1', compositeRequest: [node('a', 'POST', 'sobjects/Account', { Name: 'x' })] }]],
        ['a reference to another graph', [{ graphId: 'g1', compositeRequest: [node('a', 'POST', 'sobjects/Account', { Name: 'x' })] }, { graphId: 'g2', compositeRequest: [node('b', 'POST', 'sobjects/Contact', { AccountId: '@{a.id}' })] }]],
        ['16 different node kinds', [{ graphId: 'g', compositeRequest: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P'].map((t) => node(`n${t}`, 'POST', `sobjects/${t}__c`, { Name: 'x' })) }]]
    ])('refuses %s before any request', async (_label, graphs) => {
        const nango = actionMock('composite-graph-request');
        const error = await actionErrorOf(run(action, nango, { graphs }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
