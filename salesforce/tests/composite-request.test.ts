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
        ['a create then a read, update and delete by @{ref.id}', [sub('r', 'sobjects/Account', 'POST', { Name: 'x' }), sub('g', 'sobjects/Account/@{r.id}?fields=Name,OwnerId'), sub('p', 'sobjects/Account/@{r.id}', 'PATCH', { Name: 'y' }), sub('d', 'sobjects/Account/@{r.id}', 'DELETE')]],
        ['a query referencing an id in q', [sub('r', 'sobjects/Account', 'POST', { Name: 'x' }), sub('q', "query?q=SELECT+Id+FROM+Contact+WHERE+AccountId='@{r.id}'")]],
        ['a read by a field ending in Id', [sub('q', 'query?q=SELECT+Id,OwnerId+FROM+Account+LIMIT+1'), sub('u', 'sobjects/User/@{q.records[0].OwnerId}')]],
        ['an external id read and upsert', [sub('g', 'sobjects/Account/Ext__c/INV-2024?fields=Name'), sub('u', 'sobjects/Account/Ext__c/INV%202024', 'PATCH', { Name: 'x' })]],
        ['a describe, a queryAll and collections', [sub('d', 'sobjects/Account/describe'), sub('q', 'queryAll?q=SELECT+Id+FROM+Account'), sub('c', 'composite/sobjects', 'POST', { records: [] }), sub('x', 'composite/sobjects?ids=001D000000IqhSLIAZ&allOrNone=false', 'DELETE'), sub('r', 'composite/sobjects/Account?ids=001D000000IqhSLIAZ&fields=Name'), sub('u', 'composite/sobjects/Account/Ext__c', 'PATCH', { records: [] })]],
        ['allowed headers', [{ ...sub('a', 'sobjects/Account/001D000000IqhSLIAZ', 'PATCH', { Name: 'x' }), httpHeaders: { 'If-Match': '"abc"', 'Sforce-Auto-Assign': 'FALSE', 'sforce-duplicate-rule-header': 'allowSave=true' } }]]
    ])('accepts %s', async (_label, compositeRequest) => {
        const nango = actionMock('composite-request');
        await run(action, nango, { compositeRequest }).catch(() => undefined);
        expect(requestCount(nango)).toBe(1);
    });

    it('names the subrequest index and the rule in its error', async () => {
        const nango = actionMock('composite-request');
        const error = await actionErrorOf(run(action, nango, { compositeRequest: [sub('a', 'sobjects/Account/001D000000IqhSLIAZ'), sub('b', 'actions/standard/emailSimple', 'POST', {})] }));
        expect(error.type).toBe('invalid_input');
        expect(error.message).toContain('compositeRequest[1].url');
        expect(error.message).toContain('actions');
        const second = await actionErrorOf(run(action, nango, { compositeRequest: [sub('r', 'sobjects/Account', 'POST', { Name: '../../limits' }), sub('g', 'sobjects/Account/@{r.Name}')] }));
        expect(second.message).toContain('compositeRequest[1].url');
        expect(second.message).toContain('must yield an id');
        expect(requestCount(nango)).toBe(0);
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
        // the allowlist: references only where an id goes, and only to fields that yield an id
        ['a second-order reference (a Name carrying a path)', [sub('r', 'sobjects/Account', 'POST', { Name: '../../limits' }), sub('g', 'sobjects/Account/@{r.Name}')]],
        ['a reference to a record field that is not an id', [sub('r', 'sobjects/Account/001D000000IqhSLIAZ'), sub('g', 'sobjects/Account/@{r.Name}')]],
        ['a reference to .id of a read', [sub('r', 'sobjects/Account/001D000000IqhSLIAZ'), sub('g', 'sobjects/Account/@{r.id}')]],
        ['a reference as the sObject name', [sub('r', 'sobjects/Account', 'POST', { Name: 'x' }), sub('g', 'sobjects/@{r.id}/001D000000IqhSLIAZ')]],
        ['a reference inside a segment', [sub('r', 'sobjects/Account', 'POST', { Name: 'x' }), sub('g', 'sobjects/Account/x@{r.id}')]],
        ['a reference in fields=', [sub('r', 'sobjects/Account', 'POST', { Name: 'x' }), sub('g', 'sobjects/Account/001D000000IqhSLIAZ?fields=@{r.id}')]],
        ['a ..; segment', [sub('a', 'sobjects/Account/..;/..;/limits')]],
        ['a ; parameter', [sub('a', 'sobjects/Account/001D000000IqhSLIAZ;x=1')]],
        ['an encoded ;', [sub('a', 'sobjects/Account/001D000000IqhSLIAZ%3B')]],
        ['the password resource', [sub('a', 'sobjects/User/005D0000001KyEIIA0/password', 'POST', { NewPassword: 'x' })]],
        ['a record relationship', [sub('a', 'sobjects/Account/001D000000IqhSLIAZ/Contacts')]],
        ['actions/standard/emailSimple', [sub('a', 'actions/standard/emailSimple', 'POST', { inputs: [] })]],
        ['chatter', [sub('a', 'chatter/feed-elements', 'POST', {})]],
        ['connect', [sub('a', 'connect/communities')]],
        ['tooling', [sub('a', 'tooling/query?q=SELECT+Id+FROM+ApexClass')]],
        ['apexrest', [sub('a', 'apexrest/anything')]],
        ['jobs', [sub('a', 'jobs/ingest')]],
        ['describe global', [sub('a', 'sobjects')]],
        ['a GET on sobjects/{X}', [sub('a', 'sobjects/Account')]],
        ['a POST on a record', [sub('a', 'sobjects/Account/001D000000IqhSLIAZ', 'POST', { Name: 'x' })]],
        ['a query parameter a record read does not take', [sub('a', 'sobjects/Account/001D000000IqhSLIAZ?fields=Name&x=1')]],
        ['a fields= that is not a field list', [sub('a', 'sobjects/Account/001D000000IqhSLIAZ?fields=Name%20FROM%20User')]],
        ['a query without q', [sub('a', 'query')]],
        ['a query with a control character in q', [sub('a', 'query?q=SELECT+Id%0AFROM+Account')]],
        ['an external id value with an encoded slash', [sub('a', 'sobjects/Account/Ext__c/a%2F..%2Flimits')]],
        ['an Accept header', [{ ...sub('a', 'sobjects/Account/001D000000IqhSLIAZ'), httpHeaders: { Accept: 'application/xml' } }]],
        ['a header outside the allowlist', [{ ...sub('a', 'sobjects/Account/001D000000IqhSLIAZ'), httpHeaders: { 'X-Forwarded-For': '1.2.3.4' } }]],
        ['a header value with U+2028', [{ ...sub('a', 'sobjects/Account/001D000000IqhSLIAZ'), httpHeaders: { 'If-Match': 'a\u2028b' } }]],
        ['a header value with NUL', [{ ...sub('a', 'sobjects/Account/001D000000IqhSLIAZ'), httpHeaders: { 'If-None-Match': 'a\u0000' } }]],
        ['no subrequests', []]
    ])('refuses %s before any request', async (_label, compositeRequest) => {
        const nango = actionMock('composite-request');
        const error = await actionErrorOf(run(action, nango, { compositeRequest }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
