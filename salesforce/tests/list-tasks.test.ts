import { describe, expect, it } from 'vitest';

import action from '../actions/list-tasks.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const SELECT = "SELECT Id, Subject, Status, Priority, ActivityDate, Description, IsClosed, WhoId, WhatId, OwnerId, CreatedDate, LastModifiedDate, SystemModstamp FROM Task";
const Q = {
    firstPage: String.raw`${SELECT} WHERE (Status = 'Not Started') AND (WhatId IN ('0065g00000Op001AAB')) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
    secondPage: String.raw`${SELECT} WHERE (Status = 'Not Started') AND (WhatId IN ('0065g00000Op001AAB')) AND ((LastModifiedDate < 2024-05-02T08:15:00.000Z) OR ((LastModifiedDate = 2024-05-02T08:15:00.000Z) AND (Id < '00T5g00000Tk002EAB'))) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`,
    exactly: String.raw`${SELECT} WHERE (Status = 'Not Started') AND (WhatId IN ('0065g00000Op001AAB')) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 4`,
    defaults: String.raw`${SELECT} ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
    hostile: String.raw`${SELECT} WHERE (Status = 'x\' OR Status != \'') AND (Subject LIKE '%100\% \_done\_%') ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
    sorted: String.raw`${SELECT} ORDER BY CreatedDate ASC, Id ASC LIMIT 2`,
    sortedNext: String.raw`${SELECT} WHERE (CreatedDate > 2024-04-01T09:00:00.000Z) OR ((CreatedDate = 2024-04-01T09:00:00.000Z) AND (Id > '00T5g00000Tk001EAB')) ORDER BY CreatedDate ASC, Id ASC LIMIT 2`,
    filters: String.raw`${SELECT} WHERE (OwnerId IN ('0055g00000Us0A1AAJ')) AND (IsClosed = false) AND (WhoId IN ('0035g00000AbC01AAF')) AND (ActivityDate >= 2026-01-01) AND (ActivityDate <= 2026-01-31) AND (LastModifiedDate >= 2024-05-01T10:00:00.000Z) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`,
    forged: String.raw`${SELECT} WHERE (LastModifiedDate < 2024-05-02T08:15:00.000Z) OR ((LastModifiedDate = 2024-05-02T08:15:00.000Z) AND (Id < '00T5g00000Tk002EAB')) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 51`
};
const FIRST_CURSOR = "[\"lastModifiedDate\",\"DESC\",\"2024-05-02T08:15:00.000Z\",\"00T5g00000Tk002EAB\"]";

type Output = { tasks: Array<{ id: string }>; nextCursor: string | null };
const idsOf = (output: Output): string[] => output.tasks.map((r) => r.id);

describe('salesforce list-tasks', () => {
    it('ANDs the filters, orders by LastModifiedDate then Id and asks for limit + 1 rows; the extra row only yields nextCursor', async () => {
        const nango = actionMock('list-tasks');
        const output: Output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toEqual([{ method: 'GET', endpoint: '/services/data/v66.0/query', params: { q: Q.firstPage }, retries: 3 }]);
        expect(idsOf(output)).toEqual(["00T5g00000Tk001EAB","00T5g00000Tk002EAB"]);
        expect(output.nextCursor).toBe(FIRST_CURSOR);
    });

    it('continues from nextCursor with a keyset condition on the sort field then Id, and ends with a null cursor', async () => {
        const nango = actionMock('list-tasks');
        const input = await nango.getInput();
        const first: Output = await run(action, nango, input);
        const second: Output = await run(action, nango, { ...input, cursor: first.nextCursor });
        expect(requests(nango)[1]?.['params']).toEqual({ q: Q.secondPage });
        expect(idsOf(second)).toEqual(["00T5g00000Tk003EAB"]);
        expect(second.nextCursor).toBeNull();
    });

    it('gives no cursor when Salesforce returns exactly limit rows', async () => {
        const nango = actionMock('list-tasks');
        const output: Output = await run(action, nango, { ...(await nango.getInput()), limit: 3 });
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.exactly });
        expect(idsOf(output)).toEqual(["00T5g00000Tk001EAB","00T5g00000Tk002EAB","00T5g00000Tk003EAB"]);
        expect(output.nextCursor).toBeNull();
    });

    it('asks for 50 (+1) rows, newest change first, without filters', async () => {
        const nango = actionMock('list-tasks');
        const output: Output = await run(action, nango, {});
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.defaults });
        expect(output.nextCursor).toBeNull();
        expect(idsOf(output)).toEqual(["00T5g00000Tk001EAB","00T5g00000Tk002EAB"]);
    });

    it('sends hostile filter values escaped (quotes, backslashes, LIKE wildcards) instead of refusing them', async () => {
        const nango = actionMock('list-tasks');
        const output: Output = await run(action, nango, {"status":"x' OR Status != '","subjectContains":"100% _done_"});
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.hostile });
        expect(output).toEqual({ tasks: [], nextCursor: null });
    });

    it('sorts by createdDate and pages on its value, escaped in the next query', async () => {
        const nango = actionMock('list-tasks');
        const first: Output = await run(action, nango, {"sortBy":"createdDate","sortDirection":"asc","limit":1});
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.sorted });
        expect(idsOf(first)).toEqual(["00T5g00000Tk001EAB"]);
        expect(first.nextCursor).toBe("[\"createdDate\",\"ASC\",\"2024-04-01T09:00:00.000Z\",\"00T5g00000Tk001EAB\"]");
        const second: Output = await run(action, nango, { ...{"sortBy":"createdDate","sortDirection":"asc","limit":1}, cursor: first.nextCursor });
        expect(requests(nango)[1]?.['params']).toEqual({ q: Q.sortedNext });
        expect(idsOf(second)).toEqual(["00T5g00000Tk002EAB"]);
        expect(second.nextCursor).toBeNull();
    });

    it('normalises id filters to 18 characters and date-times to UTC', async () => {
        const nango = actionMock('list-tasks');
        const output: Output = await run(action, nango, {"ownerId":"0055g00000Us0A1AAJ","isClosed":false,"whoId":"0035g00000AbC01","dueDateFrom":"2026-01-01","dueDateTo":"2026-01-31","modifiedSince":"2024-05-01T10:00:00Z"});
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.filters });
        expect(idsOf(output)).toEqual(["00T5g00000Tk001EAB"]);
    });

    it('treats the value inside a hand-made cursor as data: it is escaped, not trusted', async () => {
        const nango = actionMock('list-tasks');
        const output: Output = await run(action, nango, { cursor: "[\"lastModifiedDate\",\"DESC\",\"2024-05-02T08:15:00.000+0000\",\"00T5g00000Tk002EAB\"]" });
        expect(requests(nango)[0]?.['params']).toEqual({ q: Q.forged });
        expect(output.nextCursor).toBeNull();
    });

    it.each([
        ['INVALID_SESSION_ID', {"status":"Expired"}, { type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 }],
        ['REQUEST_LIMIT_EXCEEDED', {"status":"Limited"}, { type: 'request_limit_exceeded', errorCode: 'REQUEST_LIMIT_EXCEEDED', status: 403 }]
    ])('maps %s', async (_code, input, expected) => {
        const nango = actionMock('list-tasks');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject(expected);
        expect(requests(nango)).toHaveLength(1);
    });

    it.each([
        ["a cursor that is not JSON", {"cursor":"abc"}],
        ["a cursor with three parts", {"cursor":"[\"lastModifiedDate\",\"DESC\",\"2024-05-02T08:15:00.000Z\"]"}],
        ["a cursor naming an unknown sort", {"cursor":"[\"Id\",\"DESC\",\"x\",\"00T5g00000Tk001EAB\"]"}],
        ["a cursor with a bad direction", {"cursor":"[\"lastModifiedDate\",\"DESC, Name\",\"2024-05-02T08:15:00.000Z\",\"00T5g00000Tk001EAB\"]"}],
        ["a cursor whose value is not a date-time", {"cursor":"[\"lastModifiedDate\",\"DESC\",\"2024-05-02' OR Id != '\",\"00T5g00000Tk001EAB\"]"}],
        ["a cursor whose id is not an id", {"cursor":"[\"lastModifiedDate\",\"DESC\",\"2024-05-02T08:15:00.000Z\",\"001' OR Id != '\"]"}],
        ["a cursor with a number in it", {"cursor":"[\"lastModifiedDate\",\"DESC\",5,\"00T5g00000Tk001EAB\"]"}],
        ["a cursor over 1,000 characters", {"cursor":"[\"lastModifiedDate\",\"DESC\",\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"00T5g00000Tk001EAB\"]"}],
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
        ["a sortBy tasks do not offer", {"sortBy":"subject"}],
        ["a cursor naming a sort tasks do not offer", {"cursor":"[\"name\",\"ASC\",\"x\",\"00T5g00000Tk001EAB\"]"}],
        ["an impossible dueDateFrom", {"dueDateFrom":"2026-02-30"}],
        ["a whoId with a quote", {"whoId":"003' OR Id != '"}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('list-tasks');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });

    // Was a bug (fixed): salesforce/lib/crm.ts decodeCursor() checks the cursor's id with assertRecordId(id, 'cursor') without the
    // object, so a hand-made cursor carrying another object's id (never produced by this action) is accepted and sent
    // in the keyset condition instead of being refused as "not a nextCursor returned by this action".
    it('refuses a cursor whose id belongs to another object, before any request', async () => {
        const nango = actionMock('list-tasks');
        const error = await actionErrorOf(run(action, nango, { cursor: "[\"lastModifiedDate\",\"DESC\",\"2024-05-02T08:15:00.000Z\",\"0065g00000Op001AAB\"]" }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['cursor'] });
        expect(requestCount(nango)).toBe(0);
    });
});
