import { describe, expect, it } from 'vitest';

import action from '../actions/composite-request.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const url = (path: string) => `/services/data/v66.0/${path}`;
const sub = (referenceId: string, path: string, method = 'GET', body?: unknown) => ({ method, url: url(path), referenceId, ...(body ? { body } : {}) });

describe('salesforce composite-request', () => {
    it('sends dependent subrequests in one call and returns each status, body and reference', async () => {
        const nango = actionMock('composite-request');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', endpoint: '/services/data/v66.0/composite', retries: 0 });
    });

    it('reports an allOrNone rollback: the failing subrequest and the rolled-back ones', async () => {
        const nango = actionMock('composite-request');
        const output = await run(action, nango, {
            allOrNone: true,
            compositeRequest: [sub('NewAccount', 'sobjects/Account', 'POST', { Name: 'Sample Inc' }), sub('NewContact', 'sobjects/Contact', 'POST', { AccountId: '@{NewAccount.id}' })]
        });
        expect(output.success).toBe(false);
        expect(output.compositeResponse.map((s: { httpStatusCode: number }) => s.httpStatusCode)).toEqual([400, 400]);
        expect(output.compositeResponse[0].body[0].errorCode).toBe('PROCESSING_HALTED');
        expect(output.compositeResponse[1].body[0].errorCode).toBe('REQUIRED_FIELD_MISSING');
    });

    it('may be retried when no subrequest is a POST', async () => {
        const nango = actionMock('composite-request');
        await run(action, nango, { compositeRequest: [sub('a', 'sobjects/Account/001D000000IqhSLIAZ')] }).catch(() => undefined);
        expect(requests(nango)[0]).toMatchObject({ retries: 3 });
    });

    it.each([
        ['26 subrequests', Array.from({ length: 26 }, (_, i) => sub(`r${i}`, 'sobjects/Account/001D000000IqhSLIAZ'))],
        ['6 queries', Array.from({ length: 6 }, (_, i) => sub(`q${i}`, 'query?q=SELECT+Id+FROM+Account'))],
        ['a URL without the version prefix', [{ method: 'GET', url: '/sobjects/Account', referenceId: 'a' }]],
        ['a relative URL', [{ method: 'GET', url: 'v66.0/sobjects/Account', referenceId: 'a' }]],
        ['an absolute URL', [{ method: 'GET', url: 'https://evil.example/services/data/v66.0/sobjects/Account', referenceId: 'a' }]],
        ['a traversal', [sub('a', 'sobjects/../limits')]],
        ['an encoded traversal', [sub('a', 'sobjects/%2e%2e/limits')]],
        ['a resource composite does not support', [sub('a', 'limits')]],
        ['a fragment', [sub('a', 'sobjects/Account#x')]],
        ['a retired version', [{ method: 'GET', url: '/services/data/v30.0/sobjects/Account', referenceId: 'a' }]],
        ['a bad referenceId', [sub('a-b', 'sobjects/Account')]],
        ['a duplicate referenceId', [sub('a', 'sobjects/Account'), sub('a', 'sobjects/Contact')]],
        ['a reference to a later subrequest', [sub('a', 'sobjects/Account/@{b.id}'), sub('b', 'sobjects/Account', 'POST', { Name: 'x' })]],
        ['a reference in the wrong case', [sub('NewAccount', 'sobjects/Account', 'POST', { Name: 'x' }), sub('c', 'sobjects/Contact', 'POST', { AccountId: '@{newaccount.id}' })]],
        ['an Authorization header', [{ ...sub('a', 'sobjects/Account'), httpHeaders: { Authorization: 'Bearer x' } }]],
        ['a header with a newline', [{ ...sub('a', 'sobjects/Account'), httpHeaders: { 'If-Match': 'x\r\nX-Evil: 1' } }]],
        ['a lower-case method', [{ method: 'get', url: url('sobjects/Account'), referenceId: 'a' }]],
        ['no subrequests', []]
    ])('refuses %s before any request', async (_label, compositeRequest) => {
        const nango = actionMock('composite-request');
        const error = await actionErrorOf(run(action, nango, { compositeRequest }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
