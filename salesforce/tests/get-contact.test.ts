import { describe, expect, it } from 'vitest';

import action from '../actions/get-contact.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const SELECT = "SELECT Id, FirstName, LastName, Name, Email, Phone, MobilePhone, Title, Department, LeadSource, Birthdate, MailingStreet, MailingCity, MailingState, MailingPostalCode, MailingCountry, AccountId, Account.Name, OwnerId, CreatedDate, LastModifiedDate, SystemModstamp, IsDeleted FROM Contact";
const ID = "0035g00000AbC01AAF";

describe('salesforce get-contact', () => {
    it('reads the contact with one queryAll query (relationship fields and IsDeleted) and returns the camelCase model', async () => {
        const nango = actionMock('get-contact');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toEqual([{ method: 'GET', endpoint: '/services/data/v66.0/queryAll', params: { q: `${SELECT} WHERE Id = '${ID}'` }, retries: 3 }]);
    });

    it('queries by the 18-character id when given the 15-character one', async () => {
        const nango = actionMock('get-contact');
        const output = await run(action, nango, { recordId: ID.slice(0, 15) });
        expect(requests(nango)[0]?.['params']).toEqual({ q: `${SELECT} WHERE Id = '${ID}'` });
        expect(output).toEqual(await nango.getOutput());
    });

    it('reports an id for which no row comes back as not_found', async () => {
        const nango = actionMock('get-contact');
        const error = await actionErrorOf(run(action, nango, { recordId: "0035g00000AbC99AAF" }));
        expect(error).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND', status: 404, fields: [] });
        expect(error.message).toContain("0035g00000AbC99AAF");
        expect(requestCount(nango)).toBe(1);
    });

    it('reports a row with IsDeleted = true as entity_deleted, not as the record', async () => {
        const nango = actionMock('get-contact');
        const error = await actionErrorOf(run(action, nango, { recordId: "0035g00000AbCDLAA3" }));
        expect(error).toMatchObject({ type: 'entity_deleted', errorCode: 'ENTITY_IS_DELETED', status: 404 });
        expect(error.message).toContain('Recycle Bin');
    });

    it('maps INVALID_SESSION_ID to unauthorized', async () => {
        const nango = actionMock('get-contact');
        const error = await actionErrorOf(run(action, nango, { recordId: "0035g00000AbCACAA3" }));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401, fields: [] });
        expect(error.message).toContain('reconnect');
    });

    it.each([
        ["an Account id", {"recordId":"001D000000IqhSLIAZ"}],
        ["an id with a wrong checksum", {"recordId":"0035g00000AbC01AAA"}],
        ["a 12-character id", {"recordId":"0035g00000Ab"}],
        ["an id with a quote", {"recordId":"0035g00000AbC01' OR Name != '"}],
        ["an id with a path", {"recordId":"../0035g00000AbC01"}],
        ["a missing id", {}],
        ["a numeric id", {"recordId":1}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('get-contact');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
