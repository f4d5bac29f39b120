import { describe, expect, it } from 'vitest';

import action from '../actions/list-accounts.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const SELECT = "SELECT Id, Name, Type, Industry, Website, Phone, Description, AnnualRevenue, NumberOfEmployees, BillingStreet, BillingCity, BillingState, BillingPostalCode, BillingCountry, ShippingStreet, ShippingCity, ShippingState, ShippingPostalCode, ShippingCountry, ParentId, OwnerId, Owner.Name, CreatedDate, LastModifiedDate, SystemModstamp FROM Account";
const Q = {
    firstPage: String.raw`${SELECT} WHERE (Industry = 'Technology') AND (Name LIKE '%acme%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
    secondPage: String.raw`${SELECT} WHERE (Industry = 'Technology') AND (Name LIKE '%acme%') AND ((LastModifiedDate < 2024-05-02T08:15:00.000Z) OR ((LastModifiedDate = 2024-05-02T08:15:00.000Z) AND (Id < '001D000000IqhSMIAZ'))) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
    exactly: String.raw`${SELECT} WHERE (Industry = 'Technology') AND (Name LIKE '%acme%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 4`,
    defaults: String.raw`${SELECT} ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
    hostile: String.raw`${SELECT} WHERE (Industry = '\\\' OR Id != \'') AND (Type = 'x\' OR Name != \'') AND (Name LIKE '%50\%\_off\\%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
    sorted: String.raw`${SELECT} ORDER BY Name ASC, Id ASC LIMIT 2`,
    sortedNext: String.raw`${SELECT} WHERE (Name > 'Bob\'s Burgers') OR ((Name = 'Bob\'s Burgers') AND (Id > '001D000000IqhSNIAZ')) ORDER BY Name ASC, Id ASC LIMIT 2`,
    filters: String.raw`${SELECT} WHERE (OwnerId IN ('0055g00000Us0A1AAJ')) AND (LastModifiedDate >= 2024-05-01T10:00:00.000Z) ORDER BY CreatedDate ASC, Id ASC LIMIT 51`,
    forged: String.raw`${SELECT} WHERE (Name > 'x\' OR Id != \'') OR ((Name = 'x\' OR Id != \'') AND (Id > '001D000000IqhSLIAZ')) ORDER BY Name ASC, Id ASC LIMIT 51`
};
const FIRST_CURSOR = "[\"lastModifiedDate\",\"DESC\",\"2024-05-02T08:15:00.000Z\",\"001D000000IqhSMIAZ\"]";

type Output = { accounts: Array<{ id: string }>; nextCursor: string | null };
const idsOf = (output: Output): string[] => output.accounts.map((r) => r.id);

describe('salesforce list-accounts', () => {
    it('ANDs the filters, orders by LastModifiedDate then Id and asks for limit + 1 rows; the extra row only yields nextCursor', async () => {
        const nango = actionMock('list-accounts');
        const output: Output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toEqual([{ method: 'GET', endpoint: '/services/data/v66.0/query', params: { q: Q.firstPage }, retries: 3 }]);
        expect(idsOf(output)).toEqual(["001D000000IqhSLIAZ","001D000000IqhSMIAZ"]);
        expect(output.nextCursor).toBe(FIRST_CURSOR);
    });

    it('continues from nextCursor with a keyset condition on the sort field then Id, and ends with a null cursor', async () => {
        const nango = actionMock('list-accounts');
        const input = await nango.getInput();
        const first: Output = await run(action, nango, input);
        const second: Output = await run(action, nango, { ...input, cursor: first.nextCursor });
        expect(requests(nango)[1]?.['params']).toEqual({ q: Q.secondPage });
        expect(idsOf(second)).toEqual(["001D000000IqhSNIAZ"]);
        expect(second.nextCursor).toBeNull();
    });

    it('gives no cursor when Salesforce returns exactly limit rows', async () => {
        const nango = actionMock('list-accounts');
        const output: Output = await run(action, nango, { ...(await nango.getInput()), limit: 3 });
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.exactly });
        expect(idsOf(output)).toEqual(["001D000000IqhSLIAZ","001D000000IqhSMIAZ","001D000000IqhSNIAZ"]);
        expect(output.nextCursor).toBeNull();
    });

    it('asks for 50 (+1) rows, newest change first, without filters', async () => {
        const nango = actionMock('list-accounts');
        const output: Output = await run(action, nango, {});
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.defaults });
        expect(output.nextCursor).toBeNull();
        expect(idsOf(output)).toEqual(["001D000000IqhSLIAZ","001D000000IqhSMIAZ"]);
    });

    it('sends hostile filter values escaped (quotes, backslashes, LIKE wildcards) instead of refusing them', async () => {
        const nango = actionMock('list-accounts');
        const output: Output = await run(action, nango, {"industry":"\\' OR Id != '","type":"x' OR Name != '","nameContains":"50%_off\\"});
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.hostile });
        expect(output).toEqual({ accounts: [], nextCursor: null });
    });

    it('sorts by name and pages on its value, escaped in the next query', async () => {
        const nango = actionMock('list-accounts');
        const first: Output = await run(action, nango, {"sortBy":"name","limit":1});
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.sorted });
        expect(idsOf(first)).toEqual(["001D000000IqhSNIAZ"]);
        expect(first.nextCursor).toBe("[\"name\",\"ASC\",\"Bob's Burgers\",\"001D000000IqhSNIAZ\"]");
        const second: Output = await run(action, nango, { ...{"sortBy":"name","limit":1}, cursor: first.nextCursor });
        expect(requests(nango)[1]?.['params']).toEqual({ q: Q.sortedNext });
        expect(idsOf(second)).toEqual(["001D000000IqhPAIAZ"]);
        expect(second.nextCursor).toBeNull();
    });

    it('normalises id filters to 18 characters and date-times to UTC', async () => {
        const nango = actionMock('list-accounts');
        const output: Output = await run(action, nango, {"ownerId":"0055g00000Us0A1","modifiedSince":"2024-05-01T12:00:00+02:00","sortBy":"createdDate","sortDirection":"asc"});
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.filters });
        expect(idsOf(output)).toEqual(["001D000000IqhSLIAZ"]);
    });

    it('treats the value inside a hand-made cursor as data: it is escaped, not trusted', async () => {
        const nango = actionMock('list-accounts');
        const output: Output = await run(action, nango, { cursor: "[\"name\",\"ASC\",\"x' OR Id != '\",\"001D000000IqhSLIAZ\"]" });
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.forged });
        expect(output.nextCursor).toBeNull();
    });

    it.each([
        ['INVALID_SESSION_ID', {"industry":"Energy"}, { type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 }],
        ['REQUEST_LIMIT_EXCEEDED', {"industry":"Retail"}, { type: 'request_limit_exceeded', errorCode: 'REQUEST_LIMIT_EXCEEDED', status: 403 }]
    ])('maps %s', async (_code, input, expected) => {
        const nango = actionMock('list-accounts');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject(expected);
        expect(requests(nango)).toHaveLength(1);
    });

    it.each([
        ["a cursor that is not JSON", {"cursor":"abc"}],
        ["a cursor with three parts", {"cursor":"[\"lastModifiedDate\",\"DESC\",\"2024-05-02T08:15:00.000Z\"]"}],
        ["a cursor naming an unknown sort", {"cursor":"[\"Id\",\"DESC\",\"x\",\"001D000000IqhSLIAZ\"]"}],
        ["a cursor with a bad direction", {"cursor":"[\"lastModifiedDate\",\"DESC, Name\",\"2024-05-02T08:15:00.000Z\",\"001D000000IqhSLIAZ\"]"}],
        ["a cursor whose value is not a date-time", {"cursor":"[\"lastModifiedDate\",\"DESC\",\"2024-05-02' OR Id != '\",\"001D000000IqhSLIAZ\"]"}],
        ["a cursor whose id is not an id", {"cursor":"[\"lastModifiedDate\",\"DESC\",\"2024-05-02T08:15:00.000Z\",\"001' OR Id != '\"]"}],
        ["a cursor with a number in it", {"cursor":"[\"lastModifiedDate\",\"DESC\",5,\"001D000000IqhSLIAZ\"]"}],
        ["a cursor over 1,000 characters", {"cursor":"[\"lastModifiedDate\",\"DESC\",\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"001D000000IqhSLIAZ\"]"}],
        ["an unknown sortBy", {"sortBy":"Id"}],
        ["a sortDirection that is not asc or desc", {"sortDirection":"up"}],
        ["limit 0", {"limit":0}],
        ["limit 201", {"limit":201}],
        ["a fractional limit", {"limit":2.5}],
        ["a modifiedSince that is not a date-time", {"modifiedSince":"yesterday"}],
        ["an impossible modifiedSince", {"modifiedSince":"2024-02-30T00:00:00Z"}],
        ["an ownerId with a quote", {"ownerId":"005' OR Id != '"}],
        ["an ownerId with a wrong checksum", {"ownerId":"0055g00000Us0A1AAA"}],
        ["a control character in a text filter", {"industry":"Tech\u0000nology"}],
        ["an empty nameContains", {"nameContains":""}],
        ["an industry over 255 characters", {"industry":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('list-accounts');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });

    // Was a bug (fixed): salesforce/lib/crm.ts decodeCursor() checks the cursor's id with assertRecordId(id, 'cursor') without the
    // object, so a hand-made cursor carrying another object's id (never produced by this action) is accepted and sent
    // in the keyset condition instead of being refused as "not a nextCursor returned by this action".
    it('refuses a cursor whose id belongs to another object, before any request', async () => {
        const nango = actionMock('list-accounts');
        const error = await actionErrorOf(run(action, nango, { cursor: "[\"lastModifiedDate\",\"DESC\",\"2024-05-02T08:15:00.000Z\",\"0035g00000AbC01AAF\"]" }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['cursor'] });
        expect(requestCount(nango)).toBe(0);
    });
});
