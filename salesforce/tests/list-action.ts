/**
 * The shape every list-* test shares, run from a table: each test file gives its action's queries, inputs and the
 * record ids its fixture (`<name>.test.json`) answers with, and gets the same checks of filters, keyset paging,
 * escaping, error mapping and refused inputs.
 */
import { describe, expect, it } from 'vitest';

import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

type Input = Record<string, unknown>;

export interface ListActionSpec {
    name: string;
    action: { exec: (nango: never, input: never) => unknown };
    /** The output key of the records, e.g. 'accounts'. */
    key: string;
    /** `SELECT … FROM Object`, the start of every query. */
    select: string;
    /** The rest of each query after `select`, e.g. `WHERE (…) ORDER BY LastModifiedDate DESC, Id DESC LIMIT 3`. */
    queries: {
        /** The fixture's input. */
        firstPage: string;
        secondPage: string;
        /** The fixture's input with limit 3. */
        exactly: string;
        /** No input at all. */
        defaults: string;
        hostile: string;
        sorted: string;
        sortedNext: string;
        filters: string;
        forged: string;
    };
    /** Ids the fixture answers with, per query. */
    ids: { firstPage: string[]; secondPage: string[]; exactly: string[]; defaults: string[]; sorted: string[]; sortedNext: string[]; filters: string[] };
    firstCursor: string;
    /** Filter values full of quotes, backslashes and LIKE wildcards. */
    hostileInput: Input;
    /** A sort on the key given, limit 1, and the cursor it yields. */
    sort: { key: string; input: Input; cursor: string };
    /** Id filters in 15 characters and date-times with an offset, or other filters together. */
    filtersInput: Input;
    /** A hand-made cursor whose value tries SOQL injection. */
    forgedCursor: string;
    /** Inputs the fixture answers with INVALID_SESSION_ID and REQUEST_LIMIT_EXCEEDED. */
    errorInputs: { session: Input; limit: Input };
    /** A valid id of the object, and one of another object (the cursor must carry the object's own). */
    objectId: string;
    otherObjectId: string;
    /** A text filter input, for the control-character case. */
    textFilter: string;
    /** The refusals only this object has, on top of the shared ones. */
    refusals: Array<[label: string, input: Input]>;
}

/** The refusals every list action shares: cursors not made by it, sorts, limits, dates and owner ids. */
function sharedRefusals(spec: ListActionSpec): Array<[string, Input]> {
    const cursor = (...parts: unknown[]): Input => ({ cursor: JSON.stringify(parts) });
    const stamp = '2024-05-02T08:15:00.000Z';
    return [
        ['a cursor that is not JSON', { cursor: 'abc' }],
        ['a cursor with three parts', cursor('lastModifiedDate', 'DESC', stamp)],
        ['a cursor naming an unknown sort', cursor('Id', 'DESC', 'x', spec.objectId)],
        ['a cursor with a bad direction', cursor('lastModifiedDate', 'DESC, Name', stamp, spec.objectId)],
        ['a cursor whose value is not a date-time', cursor('lastModifiedDate', 'DESC', "2024-05-02' OR Id != '", spec.objectId)],
        ['a cursor whose id is not an id', cursor('lastModifiedDate', 'DESC', stamp, "001' OR Id != '")],
        ['a cursor with a number in it', cursor('lastModifiedDate', 'DESC', 5, spec.objectId)],
        ['a cursor over 1,000 characters', cursor('lastModifiedDate', 'DESC', 'x'.repeat(1_000), spec.objectId)],
        ['an unknown sortBy', { sortBy: 'Id' }],
        ['a sortDirection that is not asc or desc', { sortDirection: 'up' }],
        ['limit 0', { limit: 0 }],
        ['limit 201', { limit: 201 }],
        ['a fractional limit', { limit: 2.5 }],
        ['a modifiedSince that is not a date-time', { modifiedSince: 'yesterday' }],
        ['an impossible modifiedSince', { modifiedSince: '2024-02-30T00:00:00Z' }],
        ['an ownerId with a quote', { ownerId: "005' OR Id != '" }],
        ['an ownerId with a wrong checksum', { ownerId: '0055g00000Us0A1AAA' }],
        ['a control character in a text filter', { [spec.textFilter]: 'Tech\u0000nology' }]
    ];
}

export function describeListAction(spec: ListActionSpec): void {
    const q = (part: string): string => `${spec.select} ${part}`.replace(/ $/, '');
    type Output = Record<string, unknown> & { nextCursor: string | null };
    const idsOf = (output: Output): string[] => (output[spec.key] as Array<{ id: string }>).map((r) => r.id);
    const mock = () => actionMock(spec.name);
    const exec = (nango: unknown, input: unknown): Promise<Output> => run(spec.action, nango, input);

    describe(`salesforce ${spec.name}`, () => {
        it('ANDs the filters, orders by LastModifiedDate then Id and asks for limit + 1 rows; the extra row only yields nextCursor', async () => {
            const nango = mock();
            const output = await exec(nango, await nango.getInput());
            expect(output).toEqual(await nango.getOutput());
            expect(requests(nango)).toEqual([{ method: 'GET', endpoint: '/services/data/v66.0/query', params: { q: q(spec.queries.firstPage) }, retries: 3 }]);
            expect(idsOf(output)).toEqual(spec.ids.firstPage);
            expect(output.nextCursor).toBe(spec.firstCursor);
        });

        it('continues from nextCursor with a keyset condition on the sort field then Id, and ends with a null cursor', async () => {
            const nango = mock();
            const input = (await nango.getInput()) as Input;
            const first = await exec(nango, input);
            const second = await exec(nango, { ...input, cursor: first.nextCursor });
            expect(requests(nango)[1]?.['params']).toEqual({ q: q(spec.queries.secondPage) });
            expect(idsOf(second)).toEqual(spec.ids.secondPage);
            expect(second.nextCursor).toBeNull();
        });

        it('gives no cursor when Salesforce returns exactly limit rows', async () => {
            const nango = mock();
            const output = await exec(nango, { ...((await nango.getInput()) as Input), limit: 3 });
            expect(requests(nango)[0]?.['params']).toEqual({ q: q(spec.queries.exactly) });
            expect(idsOf(output)).toEqual(spec.ids.exactly);
            expect(output.nextCursor).toBeNull();
        });

        it('asks for 50 (+1) rows, newest change first, without filters', async () => {
            const nango = mock();
            const output = await exec(nango, {});
            expect(requests(nango)[0]?.['params']).toEqual({ q: q(spec.queries.defaults) });
            expect(output.nextCursor).toBeNull();
            expect(idsOf(output)).toEqual(spec.ids.defaults);
        });

        it('sends hostile filter values escaped (quotes, backslashes, LIKE wildcards) instead of refusing them', async () => {
            const nango = mock();
            const output = await exec(nango, spec.hostileInput);
            expect(requests(nango)[0]?.['params']).toEqual({ q: q(spec.queries.hostile) });
            expect(output).toEqual({ [spec.key]: [], nextCursor: null });
        });

        it(`sorts by ${spec.sort.key} and pages on its value, escaped in the next query`, async () => {
            const nango = mock();
            const first = await exec(nango, spec.sort.input);
            expect(requests(nango)[0]?.['params']).toEqual({ q: q(spec.queries.sorted) });
            expect(idsOf(first)).toEqual(spec.ids.sorted);
            expect(first.nextCursor).toBe(spec.sort.cursor);
            const second = await exec(nango, { ...spec.sort.input, cursor: first.nextCursor });
            expect(requests(nango)[1]?.['params']).toEqual({ q: q(spec.queries.sortedNext) });
            expect(idsOf(second)).toEqual(spec.ids.sortedNext);
            expect(second.nextCursor).toBeNull();
        });

        it('normalises id filters to 18 characters and date-times to UTC', async () => {
            const nango = mock();
            const output = await exec(nango, spec.filtersInput);
            expect(requests(nango)[0]?.['params']).toEqual({ q: q(spec.queries.filters) });
            expect(idsOf(output)).toEqual(spec.ids.filters);
        });

        it('treats the value inside a hand-made cursor as data: it is escaped, not trusted', async () => {
            const nango = mock();
            const output = await exec(nango, { cursor: spec.forgedCursor });
            expect(requests(nango)[0]?.['params']).toEqual({ q: q(spec.queries.forged) });
            expect(output.nextCursor).toBeNull();
        });

        it.each([
            ['INVALID_SESSION_ID', spec.errorInputs.session, { type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 }],
            ['REQUEST_LIMIT_EXCEEDED', spec.errorInputs.limit, { type: 'request_limit_exceeded', errorCode: 'REQUEST_LIMIT_EXCEEDED', status: 403 }]
        ])('maps %s', async (_code, input, expected) => {
            const nango = mock();
            const error = await actionErrorOf(exec(nango, input));
            expect(error).toMatchObject(expected);
            expect(requests(nango)).toHaveLength(1);
        });

        it.each([...sharedRefusals(spec), ...spec.refusals])('refuses %s before any request', async (_label, input) => {
            const nango = mock();
            const error = await actionErrorOf(exec(nango, input));
            expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
            expect(requestCount(nango)).toBe(0);
        });

        // Was a bug (fixed): decodeCursor() (lib/crm/typed.ts) checked the cursor's id without the object, so a
        // hand-made cursor carrying another object's id (never produced by this action) was sent in the keyset
        // condition instead of being refused as "not a nextCursor returned by this action".
        it('refuses a cursor whose id belongs to another object, before any request, naming the object', async () => {
            const nango = mock();
            const error = await actionErrorOf(exec(nango, { cursor: JSON.stringify(['lastModifiedDate', 'DESC', '2024-05-02T08:15:00.000Z', spec.otherObjectId]) }));
            expect(error).toMatchObject({ type: 'invalid_input', fields: ['cursor'] });
            expect(error.message).toMatch(/is not an id of [A-Z][A-Za-z]+ \([A-Z][A-Za-z]+ ids start with [0-9A-Za-z]{3}\)/);
            expect(requestCount(nango)).toBe(0);
        });
    });
}
