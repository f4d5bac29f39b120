import { describe, expect, it } from 'vitest';

import action from '../actions/get-account.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const SELECT = "SELECT Id, Name, Type, Industry, Website, Phone, Description, AnnualRevenue, NumberOfEmployees, BillingStreet, BillingCity, BillingState, BillingPostalCode, BillingCountry, ShippingStreet, ShippingCity, ShippingState, ShippingPostalCode, ShippingCountry, ParentId, OwnerId, Owner.Name, CreatedDate, LastModifiedDate, SystemModstamp, IsDeleted FROM Account";
const ID = "001D000000IqhSLIAZ";

describe('salesforce get-account', () => {
    it('reads the account with one queryAll query (relationship fields and IsDeleted) and returns the camelCase model', async () => {
        const nango = actionMock('get-account');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toEqual([{ method: 'GET', endpoint: '/services/data/v66.0/queryAll', params: { q: `${SELECT} WHERE Id = '${ID}'` }, retries: 3 }]);
    });

    it('queries by the 18-character id when given the 15-character one', async () => {
        const nango = actionMock('get-account');
        const output = await run(action, nango, { recordId: ID.slice(0, 15) });
        expect(requests(nango)[0]?.['params']).toEqual({ q: `${SELECT} WHERE Id = '${ID}'` });
        expect(output).toEqual(await nango.getOutput());
    });

    it('reports an id for which no row comes back as not_found', async () => {
        const nango = actionMock('get-account');
        const error = await actionErrorOf(run(action, nango, { recordId: "001D000000IqhZZIAZ" }));
        expect(error).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND', status: 404, fields: [] });
        expect(error.message).toContain("001D000000IqhZZIAZ");
        expect(requestCount(nango)).toBe(1);
    });

    it('reports a row with IsDeleted = true as entity_deleted, not as the record', async () => {
        const nango = actionMock('get-account');
        const error = await actionErrorOf(run(action, nango, { recordId: "001D000000IqhDLIAZ" }));
        expect(error).toMatchObject({ type: 'entity_deleted', errorCode: 'ENTITY_IS_DELETED', status: 404 });
        expect(error.message).toContain('Recycle Bin');
    });

    it('maps INVALID_SESSION_ID to unauthorized', async () => {
        const nango = actionMock('get-account');
        const error = await actionErrorOf(run(action, nango, { recordId: "001D000000IqhACIAZ" }));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401, fields: [] });
        expect(error.message).toContain('reconnect');
    });

    it.each([
        ["a Contact id", {"recordId":"0035g00000AbC01AAF"}],
        ["an id with a wrong checksum", {"recordId":"001D000000IqhSLAAA"}],
        ["a 12-character id", {"recordId":"001D000000Iq"}],
        ["an id with a quote", {"recordId":"001D000000IqhSL' OR Name != '"}],
        ["an id with a path", {"recordId":"../001D000000IqhSL"}],
        ["a missing id", {}],
        ["a numeric id", {"recordId":1}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('get-account');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });
});
