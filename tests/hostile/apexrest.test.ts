/**
 * Hostile Apex REST paths and query parameters (call-apex-rest) and relationship names (list-related-records): every
 * trick is refused as invalid_input naming the input, before any request. A valid path still goes out, to
 * /services/apexrest/ only, and query values travel as encoded parameters, never in the path.
 */
import { describe, expect, it } from 'vitest';

import { APEX_PATH_TRICKS, APEX_QUERY_TRICKS, EMPTY_AND_HUGE, NAME_TRICKS, PATH_TRICKS, WRONG_TYPES, type Named } from './catalogue.js';
import { IDS, loadAction, runAction } from './harness.js';

/** The table's Apex REST path tricks, and more that only this file tries. */
const PATHS: Named[] = [
    ...APEX_PATH_TRICKS,
    ['triple dots', 'echo/...'],
    ['encoded backslash', 'echo%5C..'],
    ['fullwidth solidus', 'echo\uff0f..\uff0flimits'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['trailing newline', 'echo\n'],
    ['DEL', 'echo\u007f'],
    ['path over 1,000 characters', `echo/${'a'.repeat(1000)}`],
    ['33 segments', Array.from({ length: 33 }, () => 'a').join('/')],
    ['two slashes', '//']
];

describe('hostile: call-apex-rest paths', () => {
    it.each(PATHS)('refuses the path %s before any request', async (_label, path) => {
        const action = await loadAction('call-apex-rest');
        const result = await runAction(action, { method: 'GET', path });
        expect(result.payload?.type, String(result.error)).toBe('invalid_input');
        expect(result.payload?.['fields']).toContain('path');
        expect(result.sent).toEqual([]);
        expect(result.bypass).toBe(0);
    });

    it.each(APEX_QUERY_TRICKS)('refuses query %s before any request', async (_label, query) => {
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
