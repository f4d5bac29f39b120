import { describe, expect, it } from 'vitest';

import action from '../actions/list-record-files.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce list-record-files', () => {
    it('lists one page of files linked to the record and gives the cursor of the next', async () => {
        const nango = actionMock('list-record-files');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(String(requests(nango)[0]?.['params']?.q)).toContain("FROM ContentDocumentLink WHERE LinkedEntityId = '001D00000000001IAA'");
    });

    it('continues after the cursor and ends with nextCursor null', async () => {
        const nango = actionMock('list-record-files');
        const output = await run(action, nango, { recordId: '001D00000000001IAA', limit: 2, cursor: '06AD00000000002MAA' });
        expect(output.files.map((f: any) => f.title)).toEqual(['Three']);
        expect(output.nextCursor).toBeNull();
    });

    it('returns an empty list for a record without files (default page of 50)', async () => {
        const nango = actionMock('list-record-files');
        expect(await run(action, nango, { recordId: '001D00000000002IAA' })).toEqual({ files: [], nextCursor: null });
    });

    it('reports an expired session as unauthorized', async () => {
        const nango = actionMock('list-record-files');
        const error = await actionErrorOf(run(action, nango, { recordId: '001D00000000003IAA' }));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID' });
    });

    it.each([
        ['a file id as the record', { recordId: '069D00000000001IAA' }],
        ['an injected record id', { recordId: "001' OR Name != '" }],
        ['a cursor that is not a link id', { recordId: '001D00000000001IAA', cursor: '001D00000000002IAA' }],
        ['a limit of 0', { recordId: '001D00000000001IAA', limit: 0 }],
        ['a limit over 200', { recordId: '001D00000000001IAA', limit: 201 }],
        ['no record', {}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('list-record-files');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
