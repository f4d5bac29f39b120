import { describe, expect, it } from 'vitest';

import action from '../actions/search-records.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce search-records', () => {
    it('builds SOSL from a search term, escaping every reserved character and quoting operator words', async () => {
        const nango = actionMock('search-records');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]?.['params']?.['q']).toBe(
            "FIND {Acme \\(EMEA\\) \\- \"and\" 50% \\*off\\*} IN NAME FIELDS RETURNING Account(Id, Name WHERE Industry = 'Tech' LIMIT 5), Contact(Id, Email) LIMIT 10"
        );
    });

    it('sends raw SOSL as written and maps MALFORMED_SEARCH', async () => {
        const nango = actionMock('search-records');
        const error = await actionErrorOf(run(action, nango, { sosl: 'FIND {Acme} RETURNING Account(Id' }));
        expect(error).toMatchObject({ errorCode: 'MALFORMED_SEARCH', status: 400 });
        expect(requests(nango)[0]?.['params']).toEqual({ q: 'FIND {Acme} RETURNING Account(Id' });
    });

    it.each([
        ['both forms', { sosl: 'FIND {a}', searchTerm: 'ab', objects: [{ sObject: 'Account' }] }],
        ['neither form', {}],
        ['a term without objects', { searchTerm: 'Acme' }],
        ['raw text that is not SOSL', { sosl: 'SELECT Id FROM Account' }],
        ['a one-character term', { searchTerm: 'a', objects: [{ sObject: 'Account' }] }],
        ['a term with a newline', { searchTerm: 'Acme\nCorp', objects: [{ sObject: 'Account' }] }],
        ['a hostile object name', { searchTerm: 'Acme', objects: [{ sObject: 'Account(Id) RETURNING User' }] }],
        ['a hostile field', { searchTerm: 'Acme', objects: [{ sObject: 'Account', fields: ['Id) RETURNING User(Id'] }] }],
        ['a filter on a hostile field', { searchTerm: 'Acme', objects: [{ sObject: 'Account', where: [{ field: "Name' OR '", operator: '=', value: 'x' }] }] }],
        ['a limit over 2000', { searchTerm: 'Acme', objects: [{ sObject: 'Account' }], limit: 2001 }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('search-records');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
