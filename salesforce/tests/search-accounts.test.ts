import { describe, expect, it } from 'vitest';

import action from '../actions/search-accounts.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const FIELDS = "Id, Name, Type, Industry, Website, Phone, Description, AnnualRevenue, NumberOfEmployees, BillingStreet, BillingCity, BillingState, BillingPostalCode, BillingCountry, ShippingStreet, ShippingCity, ShippingState, ShippingPostalCode, ShippingCountry, ParentId, OwnerId, Owner.Name, CreatedDate, LastModifiedDate, SystemModstamp";
const sosl = (term: string, limit: number): string => `FIND {${term}} IN ALL FIELDS RETURNING Account(${FIELDS} LIMIT ${limit})`;

describe('salesforce search-accounts', () => {
    it('runs one SOSL search over accounts (default limit 20) and returns the camelCase models', async () => {
        const nango = actionMock('search-accounts');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toEqual([{ method: 'GET', endpoint: '/services/data/v66.0/search', params: { q: sosl('acme', 20) }, retries: 3 }]);
    });

    it.each([
        ['reserved characters', {"text":"O'Brien & Sons (UK) -*?","limit":5}, String.raw`O\'Brien \& Sons \(UK\) \-\*\?`, 5, ["001D000000IqhSNIAZ"]],
        ['the operator words AND, OR, NOT', {"text":"Johnson and Johnson OR not"}, String.raw`Johnson "and" Johnson "OR" "not"`, 20, []],
        ['a } that would close the term', {"text":"acme} RETURNING User(Id, Name"}, String.raw`acme\} RETURNING User\(Id, Name`, 20, []],
        ['backslashes and double quotes', {"text":"C:\\temp \"x\""}, String.raw`C\:\\temp \"x\"`, 20, []]
    ])('searches %s literally (escaped in FIND {…})', async (_label, input, term, limit, ids) => {
        const nango = actionMock('search-accounts');
        const output = await run(action, nango, input);
        expect(requests(nango)[0]?.['params']).toEqual({ q: sosl(term, limit) });
        expect(output.accounts.map((r: { id: string }) => r.id)).toEqual(ids);
    });

    it('maps INVALID_SESSION_ID to unauthorized', async () => {
        const nango = actionMock('search-accounts');
        const error = await actionErrorOf(run(action, nango, { text: 'globex' }));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 });
    });

    it.each([
        ['a one-character text', { text: 'a' }],
        ['a text that is one character once trimmed', { text: '   a   ' }],
        ['a text over 200 characters', { text: 'x'.repeat(201) }],
        ['a text with a line break', { text: 'acme\ncorp' }],
        ['no text', {}],
        ['limit 0', { text: 'acme', limit: 0 }],
        ['limit 201', { text: 'acme', limit: 201 }],
        ['a fractional limit', { text: 'acme', limit: 1.5 }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('search-accounts');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });

    // Was a bug (fixed): salesforce/lib/crm.ts searchTyped() calls buildSosl(), whose escapeSoslTerm(text) reports problems under its
    // default path 'searchTerm'; this action's input is named 'text', so the payload says fields: ['searchTerm'].
    it('names the text input in the error for a text that is too short once trimmed', async () => {
        const nango = actionMock('search-accounts');
        const error = await actionErrorOf(run(action, nango, { text: '   a   ' }));
        expect(error.fields).toEqual(['text']);
    });
});
