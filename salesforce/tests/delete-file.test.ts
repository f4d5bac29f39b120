import { describe, expect, it } from 'vitest';

import action from '../actions/delete-file.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce delete-file', () => {
    it('deletes the ContentDocument (every version and link with it)', async () => {
        const nango = actionMock('delete-file');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'DELETE', endpoint: '/services/data/v66.0/sobjects/ContentDocument/069D00000000001IAA' });
        expect(requests(nango)[0]?.['retries']).toBeGreaterThan(0);
    });

    it('resolves a ContentVersion id to its document first', async () => {
        const nango = actionMock('delete-file');
        expect(await run(action, nango, { fileId: '068D00000000001IAA' })).toEqual({ contentDocumentId: '069D00000000001IAA', success: true, alreadyDeleted: false });
        expect(requests(nango).map((r) => r['method'])).toEqual(['GET', 'DELETE']);
    });

    it('reports a file already in the Recycle Bin as deleted with alreadyDeleted true', async () => {
        const nango = actionMock('delete-file');
        expect(await run(action, nango, { fileId: '069D00000000002IAA' })).toEqual({ contentDocumentId: '069D00000000002IAA', success: true, alreadyDeleted: true });
    });

    it.each([
        ['an unknown document', '069D00000000003IAA'],
        ['an unknown version', '068D00000000007IAA']
    ])('reports %s as not_found', async (_label, fileId) => {
        const nango = actionMock('delete-file');
        const error = await actionErrorOf(run(action, nango, { fileId }));
        expect(error.type).toBe('not_found');
    });

    it.each([
        ['an Account id', { fileId: '001D00000000001IAA' }],
        ['a link id', { fileId: '06AD00000000001MAA' }],
        ['a traversal', { fileId: '../../limits' }],
        ['a bad checksum', { fileId: '069D00000000001AAA' }],
        ['nothing', {}]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('delete-file');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
