/**
 * Hostile Apex REST paths and query parameters (call-apex-rest) and relationship names (list-related-records): every
 * trick is refused as invalid_input naming the input, before any request. A valid path still goes out, to
 * /services/apexrest/ only, and query values travel as encoded parameters, never in the path.
 */
import { describe, expect, it } from 'vitest';

import { EMPTY_AND_HUGE, NAME_TRICKS, PATH_TRICKS, WRONG_TYPES, type Named } from './catalogue.js';
import { IDS, loadAction, runAction } from './harness.js';

const APEX_PATH_TRICKS: Named[] = [
    ...PATH_TRICKS,
    ...WRONG_TYPES,
    ...EMPTY_AND_HUGE,
    ['traversal after a valid prefix', 'echo/../../data/v66.0/limits'],
    ['traversal at the end', 'echo/..'],
    ['triple dots', 'echo/...'],
    ['leading traversal with slash', '/../data/v66.0/sobjects'],
    ['encoded slash inside a segment', 'echo%2F..%2F..%2Fdata'],
    ['double-encoded dots', '%252e%252e/limits'],
    ['encoded backslash', 'echo%5C..'],
    ['overlong UTF-8 dot', '%c0%ae%c0%ae/limits'],
    ['fullwidth dots (normalised by some servers)', '\uff0e\uff0e/limits'],
    ['fullwidth solidus', 'echo\uff0f..\uff0flimits'],
    ['matrix parameter', 'echo;jsessionid=x'],
    ['empty segment', 'echo//x'],
    ['query smuggled after a valid path', 'echo?q=SELECT+Id+FROM+User'],
    ['fragment after a valid path', 'echo#/../limits'],
    ['scheme in a segment', 'echo/http:/evil.example'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['space', 'echo orders'],
    ['trailing newline', 'echo\n'],
    ['line separator', 'echo\u2028x'],
    ['DEL', 'echo\u007f'],
    ['bidi override', 'echo\u202e'],
    ['path over 1,000 characters', `echo/${'a'.repeat(1000)}`],
    ['33 segments', Array.from({ length: 33 }, () => 'a').join('/')],
    ['only a slash', '/'],
    ['two slashes', '//']
];

const QUERY_TRICKS: Named[] = [
    ['an array', ['a=b']],
    ['a string', 'a=b&c=d'],
    ['a number value', { limit: 10 }],
    ['a null value', { limit: null }],
    ['a name with =', { 'a=b': 'x' }],
    ['a name with &', { 'a&b': 'x' }],
    ['a name with a space', { 'a b': 'x' }],
    ['an empty name', { '': 'x' }],
    ['a newline in a value', { q: 'a\nX-Evil: 1' }],
    ['a NUL in a value', { q: 'a\u0000' }],
    ['a value over 4,000 characters', { q: 'x'.repeat(4001) }],
    ['101 parameters', Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, 'x']))]
];

describe('hostile: call-apex-rest paths', () => {
    it.each(APEX_PATH_TRICKS)('refuses the path %s before any request', async (_label, path) => {
        const action = await loadAction('call-apex-rest');
        const result = await runAction(action, { method: 'GET', path });
        expect(result.payload?.type, String(result.error)).toBe('invalid_input');
        expect(result.payload?.['fields']).toContain('path');
        expect(result.sent).toEqual([]);
        expect(result.bypass).toBe(0);
    });

    it.each(QUERY_TRICKS)('refuses query %s before any request', async (_label, query) => {
        const action = await loadAction('call-apex-rest');
        const result = await runAction(action, { method: 'GET', path: 'echo', queryParameters: query });
        expect(result.payload?.type).toBe('invalid_input');
        expect((result.payload?.['fields'] as string[]).some((f) => f.startsWith('queryParameters'))).toBe(true);
        expect(result.sent).toEqual([]);
    });

    it.each([['GET'], ['DELETE']])('refuses a body with %s before any request', async (method) => {
        const action = await loadAction('call-apex-rest');
        const result = await runAction(action, { method, path: 'echo', body: { a: 1 } });
        expect(result.payload).toMatchObject({ type: 'invalid_input', fields: ['body'] });
        expect(result.sent).toEqual([]);
    });

    it.each([['get'], ['HEAD'], ['OPTIONS'], ['TRACE'], ['CONNECT'], [''], [7]])('refuses the method %s before any request', async (method) => {
        const action = await loadAction('call-apex-rest');
        const result = await runAction(action, { method, path: 'echo' });
        expect(result.payload?.type).toBe('invalid_input');
        expect(result.sent).toEqual([]);
    });

    it('sends a valid path under /services/apexrest/ with hostile query values as encoded parameters only', async () => {
        const action = await loadAction('call-apex-rest');
        const query = { q: "../limits?x=1&y=2#frag", 'filter[name]': "O'Brien; DROP" };
        const result = await runAction(action, { method: 'GET', path: '/acme/Invoices/v1/INV-1001' }, () => ({ status: 200, data: '{"ok":true}', headers: { 'content-type': 'application/json' } }));
        expect(result.sent).toHaveLength(1);
        expect(result.sent[0]?.endpoint).toBe('/services/apexrest/acme/Invoices/v1/INV-1001');
        const withQuery = await runAction(action, { method: 'GET', path: 'echo', queryParameters: query }, () => ({ status: 200, data: '{}', headers: {} }));
        expect(withQuery.sent[0]).toMatchObject({ endpoint: '/services/apexrest/echo', params: query });
        expect(withQuery.sent[0]?.endpoint).not.toMatch(/[?#%;]/);
    });

    it('an @ in a segment (an email in the path) stays inside /services/apexrest/: it cannot become userinfo of another host', async () => {
        const action = await loadAction('call-apex-rest');
        const result = await runAction(action, { method: 'GET', path: '@evil.example/x' }, () => ({ status: 200, data: '{}', headers: {} }));
        expect(result.sent[0]?.endpoint).toBe('/services/apexrest/@evil.example/x');
        expect(new URL(result.sent[0]?.endpoint ?? '', 'https://acme.my.salesforce.com').host).toBe('acme.my.salesforce.com');
    });
});

describe('hostile: list-related-records relationship names', () => {
    const RELATIONSHIP_TRICKS: Named[] = [...PATH_TRICKS, ...NAME_TRICKS, ...WRONG_TYPES, ...EMPTY_AND_HUGE, ['relationship path', 'Contacts.Account'], ['subquery', '(SELECT Id FROM Contacts)'], ['quote', "Contacts'"]];
    it.each(RELATIONSHIP_TRICKS)('refuses the relationship %s before any request', async (_label, relationship) => {
        const action = await loadAction('list-related-records');
        const result = await runAction(action, { sObject: 'Account', recordId: IDS.account, relationship });
        expect(result.payload?.type).toBe('invalid_input');
        expect(result.payload?.['fields']).toContain('relationship');
        expect(result.sent).toEqual([]);
    });

    it('a well-formed name the describe does not list is not_found with suggestions, after one describe only', async () => {
        const action = await loadAction('list-related-records');
        const describe = { name: 'Account', childRelationships: [{ childSObject: 'Contact', field: 'AccountId', relationshipName: 'Contacts' }, { childSObject: 'Case', field: 'AccountId', relationshipName: 'Cases' }] };
        const result = await runAction(action, { sObject: 'Account', recordId: IDS.account, relationship: 'Contcts' }, () => ({ status: 200, data: describe }));
        expect(result.payload).toMatchObject({ type: 'not_found', errorCode: 'INVALID_RELATIONSHIP', suggestions: ['Contacts'] });
        expect(result.sent.map((r) => r.endpoint)).toEqual(['/services/data/v66.0/sobjects/Account/describe']);
    });
});
