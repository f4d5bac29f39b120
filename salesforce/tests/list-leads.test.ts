import { describe, expect, it } from 'vitest';

import action from '../actions/list-leads.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const SELECT = "SELECT Id, FirstName, LastName, Name, Company, Title, Email, Phone, Website, Industry, Status, LeadSource, Description, Street, City, State, PostalCode, Country, OwnerId, IsConverted, ConvertedDate, ConvertedAccountId, ConvertedContactId, ConvertedOpportunityId, CreatedDate, LastModifiedDate, SystemModstamp FROM Lead";
const Q = {
    firstPage: String.raw`${SELECT} WHERE (Status = 'Open - Not Contacted') AND (Company LIKE '%acme%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
    secondPage: String.raw`${SELECT} WHERE (Status = 'Open - Not Contacted') AND (Company LIKE '%acme%') AND ((LastModifiedDate < 2024-05-02T08:15:00.000Z) OR ((LastModifiedDate = 2024-05-02T08:15:00.000Z) AND (Id < '00Q5g00000Ld002EAB'))) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
    exactly: String.raw`${SELECT} WHERE (Status = 'Open - Not Contacted') AND (Company LIKE '%acme%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 4`,
    defaults: String.raw`${SELECT} ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
    hostile: String.raw`${SELECT} WHERE (Status = 'x\' OR IsConverted = true OR Status = \'') AND (Name LIKE '%100\%%') AND (Company LIKE '%a\_b\\%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
    sorted: String.raw`${SELECT} ORDER BY LastName DESC, Id DESC LIMIT 2`,
    sortedNext: String.raw`${SELECT} WHERE (LastName < 'Zhang') OR ((LastName = 'Zhang') AND (Id < '00Q5g00000Ld002EAB')) ORDER BY LastName DESC, Id DESC LIMIT 2`,
    filters: String.raw`${SELECT} WHERE (OwnerId IN ('0055g00000Us0A1AAJ')) AND (IsConverted = false) AND (LastModifiedDate >= 2024-05-01T10:00:00.000Z) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
    forged: String.raw`${SELECT} WHERE (LastName < 'x\' OR Id != \'') OR ((LastName = 'x\' OR Id != \'') AND (Id < '00Q5g00000Ld001EAB')) ORDER BY LastName DESC, Id DESC LIMIT 51`
};
const FIRST_CURSOR = "[\"lastModifiedDate\",\"DESC\",\"2024-05-02T08:15:00.000Z\",\"00Q5g00000Ld002EAB\"]";

type Output = { leads: Array<{ id: string }>; nextCursor: string | null };
const idsOf = (output: Output): string[] => output.leads.map((r) => r.id);

describe('salesforce list-leads', () => {
    it('ANDs the filters, orders by LastModifiedDate then Id and asks for limit + 1 rows; the extra row only yields nextCursor', async () => {
        const nango = actionMock('list-leads');
        const output: Output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toEqual([{ method: 'GET', endpoint: '/services/data/v66.0/query', params: { q: Q.firstPage }, retries: 3 }]);
        expect(idsOf(output)).toEqual(["00Q5g00000Ld001EAB","00Q5g00000Ld002EAB"]);
        expect(output.nextCursor).toBe(FIRST_CURSOR);
    });

    it('continues from nextCursor with a keyset condition on the sort field then Id, and ends with a null cursor', async () => {
        const nango = actionMock('list-leads');
        const input = await nango.getInput();
        const first: Output = await run(action, nango, input);
        const second: Output = await run(action, nango, { ...input, cursor: first.nextCursor });
        expect(requests(nango)[1]?.['params']).toEqual({ q: Q.secondPage });
        expect(idsOf(second)).toEqual(["00Q5g00000Ld003EAB"]);
        expect(second.nextCursor).toBeNull();
    });

    it('gives no cursor when Salesforce returns exactly limit rows', async () => {
        const nango = actionMock('list-leads');
        const output: Output = await run(action, nango, { ...(await nango.getInput()), limit: 3 });
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.exactly });
        expect(idsOf(output)).toEqual(["00Q5g00000Ld001EAB","00Q5g00000Ld002EAB","00Q5g00000Ld003EAB"]);
        expect(output.nextCursor).toBeNull();
    });

    it('asks for 50 (+1) rows, newest change first, without filters', async () => {
        const nango = actionMock('list-leads');
        const output: Output = await run(action, nango, {});
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.defaults });
        expect(output.nextCursor).toBeNull();
        expect(idsOf(output)).toEqual(["00Q5g00000Ld001EAB","00Q5g00000Ld002EAB"]);
    });

    it('sends hostile filter values escaped (quotes, backslashes, LIKE wildcards) instead of refusing them', async () => {
        const nango = actionMock('list-leads');
        const output: Output = await run(action, nango, {"status":"x' OR IsConverted = true OR Status = '","nameContains":"100%","companyContains":"a_b\\"});
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.hostile });
        expect(output).toEqual({ leads: [], nextCursor: null });
    });

    it('sorts by lastName and pages on its value, escaped in the next query', async () => {
        const nango = actionMock('list-leads');
        const first: Output = await run(action, nango, {"sortBy":"lastName","sortDirection":"desc","limit":1});
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.sorted });
        expect(idsOf(first)).toEqual(["00Q5g00000Ld002EAB"]);
        expect(first.nextCursor).toBe("[\"lastName\",\"DESC\",\"Zhang\",\"00Q5g00000Ld002EAB\"]");
        const second: Output = await run(action, nango, { ...{"sortBy":"lastName","sortDirection":"desc","limit":1}, cursor: first.nextCursor });
        expect(requests(nango)[1]?.['params']).toEqual({ q: Q.sortedNext });
        expect(idsOf(second)).toEqual(["00Q5g00000Ld003EAB"]);
        expect(second.nextCursor).toBeNull();
    });

    it('normalises id filters to 18 characters and date-times to UTC', async () => {
        const nango = actionMock('list-leads');
        const output: Output = await run(action, nango, {"ownerId":"0055g00000Us0A1AAJ","isConverted":false,"modifiedSince":"2024-05-01T10:00:00Z"});
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.filters });
        expect(idsOf(output)).toEqual(["00Q5g00000Ld001EAB"]);
    });

    it('treats the value inside a hand-made cursor as data: it is escaped, not trusted', async () => {
        const nango = actionMock('list-leads');
        const output: Output = await run(action, nango, { cursor: "[\"lastName\",\"DESC\",\"x' OR Id != '\",\"00Q5g00000Ld001EAB\"]" });
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.forged });
        expect(output.nextCursor).toBeNull();
    });

    it.each([
        ['INVALID_SESSION_ID', {"status":"Expired"}, { type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 }],
        ['REQUEST_LIMIT_EXCEEDED', {"status":"Limited"}, { type: 'request_limit_exceeded', errorCode: 'REQUEST_LIMIT_EXCEEDED', status: 403 }]
    ])('maps %s', async (_code, input, expected) => {
        const nango = actionMock('list-leads');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject(expected);
        expect(requests(nango)).toHaveLength(1);
    });

    it.each([
        ["a cursor that is not JSON", {"cursor":"abc"}],
        ["a cursor with three parts", {"cursor":"[\"lastModifiedDate\",\"DESC\",\"2024-05-02T08:15:00.000Z\"]"}],
        ["a cursor naming an unknown sort", {"cursor":"[\"Id\",\"DESC\",\"x\",\"00Q5g00000Ld001EAB\"]"}],
        ["a cursor with a bad direction", {"cursor":"[\"lastModifiedDate\",\"DESC, Name\",\"2024-05-02T08:15:00.000Z\",\"00Q5g00000Ld001EAB\"]"}],
        ["a cursor whose value is not a date-time", {"cursor":"[\"lastModifiedDate\",\"DESC\",\"2024-05-02' OR Id != '\",\"00Q5g00000Ld001EAB\"]"}],
        ["a cursor whose id is not an id", {"cursor":"[\"lastModifiedDate\",\"DESC\",\"2024-05-02T08:15:00.000Z\",\"001' OR Id != '\"]"}],
        ["a cursor with a number in it", {"cursor":"[\"lastModifiedDate\",\"DESC\",5,\"00Q5g00000Ld001EAB\"]"}],
        ["a cursor over 1,000 characters", {"cursor":"[\"lastModifiedDate\",\"DESC\",\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"00Q5g00000Ld001EAB\"]"}],
        ["an unknown sortBy", {"sortBy":"Id"}],
        ["a sortDirection that is not asc or desc", {"sortDirection":"up"}],
        ["limit 0", {"limit":0}],
        ["limit 201", {"limit":201}],
        ["a fractional limit", {"limit":2.5}],
        ["a modifiedSince that is not a date-time", {"modifiedSince":"yesterday"}],
        ["an impossible modifiedSince", {"modifiedSince":"2024-02-30T00:00:00Z"}],
        ["an ownerId with a quote", {"ownerId":"005' OR Id != '"}],
        ["an ownerId with a wrong checksum", {"ownerId":"0055g00000Us0A1AAA"}],
        ["a control character in a text filter", {"status":"Tech\u0000nology"}],
        ["isConverted as text", {"isConverted":"yes"}],
        ["an empty companyContains", {"companyContains":""}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('list-leads');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });

    // Was a bug (fixed): salesforce/lib/crm.ts decodeCursor() checks the cursor's id with assertRecordId(id, 'cursor') without the
    // object, so a hand-made cursor carrying another object's id (never produced by this action) is accepted and sent
    // in the keyset condition instead of being refused as "not a nextCursor returned by this action".
    it('refuses a cursor whose id belongs to another object, before any request', async () => {
        const nango = actionMock('list-leads');
        const error = await actionErrorOf(run(action, nango, { cursor: "[\"lastModifiedDate\",\"DESC\",\"2024-05-02T08:15:00.000Z\",\"0035g00000AbC01AAF\"]" }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['cursor'] });
        expect(requestCount(nango)).toBe(0);
    });
});
