import { describe, expect, it } from 'vitest';

import action from '../actions/download-file.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const b64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');

describe('salesforce download-file', () => {
    it('resolves a ContentDocument to its latest version and returns the whole file as base64, arraybuffer requested', async () => {
        const nango = actionMock('download-file');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        const sent = requests(nango);
        expect(sent.map((r) => r['endpoint'])).toEqual([
            '/services/data/v66.0/queryAll',
            '/services/data/v66.0/queryAll',
            '/services/data/v66.0/sobjects/ContentVersion/068D00000000001IAA/VersionData'
        ]);
        expect(sent[2]).toMatchObject({ method: 'GET', responseType: 'arraybuffer' });
        expect(sent[2]?.['headers']).toBeUndefined();
    });

    it('asks for a byte range with a Range header and returns it with the next offset (206)', async () => {
        const nango = actionMock('download-file');
        const output = await run(action, nango, { fileId: '068D00000000002IAA', offset: 3, maxBytes: 4 });
        expect(output).toMatchObject({ size: 10, contentBase64: b64([250, 251, 252]), range: { start: 3, end: 5, length: 3 }, nextOffset: 6, done: false, fileType: 'UNKNOWN' });
        expect(requests(nango)[1]?.['headers']).toEqual({ Range: 'bytes=3-5' });
    });

    it('cuts the range out itself when Salesforce ignores Range and sends the whole file (200)', async () => {
        const nango = actionMock('download-file');
        const output = await run(action, nango, { fileId: '068D00000000003IAA', offset: 3, maxBytes: 3 });
        expect(output).toMatchObject({ contentBase64: b64([203, 204, 205]), range: { start: 3, end: 5, length: 3 }, nextOffset: null, done: true });
    });

    it('refuses content the proxy decoded as text instead of returning corrupted bytes', async () => {
        const nango = actionMock('download-file');
        const error = await actionErrorOf(run(action, nango, { fileId: '068D00000000004IAA' }));
        expect(error).toMatchObject({ type: 'internal_error' });
        expect(error.message).toContain('as text');
    });

    it('refuses a whole file whose MD5 does not match the version checksum', async () => {
        const nango = actionMock('download-file');
        const error = await actionErrorOf(run(action, nango, { fileId: '068D00000000005IAA' }));
        expect(error.type).toBe('internal_error');
        expect(error.message).toContain('Checksum');
    });

    it.each([
        ['a file in the Recycle Bin', '069D00000000002IAA', 'entity_deleted'],
        ['a file that does not exist', '069D00000000003IAA', 'not_found'],
        ['an expired session', '068D00000000006IAA', 'unauthorized']
    ])('reports %s', async (_label, fileId, type) => {
        const nango = actionMock('download-file');
        const error = await actionErrorOf(run(action, nango, { fileId }));
        expect(error.type).toBe(type);
        expect(requests(nango).some((r) => String(r['endpoint']).endsWith('/VersionData'))).toBe(false);
    });

    it('refuses an offset past the end after reading the size, without downloading', async () => {
        const nango = actionMock('download-file');
        const error = await actionErrorOf(run(action, nango, { fileId: '068D00000000001IAA', offset: 9 }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['offset'] });
        expect(error.message).not.toContain('No request was sent');
        expect(requestCount(nango)).toBe(1);
    });

    it.each([
        ['an Account id', { fileId: '001D00000000001IAA' }],
        ['a link id', { fileId: '06AD00000000001MAA' }],
        ['a path', { fileId: '../limits' }],
        ['a negative offset', { fileId: '068D00000000001IAA', offset: -1 }],
        ['a fractional offset', { fileId: '068D00000000001IAA', offset: 1.5 }],
        ['maxBytes over one output', { fileId: '068D00000000001IAA', maxBytes: 1_536_001 }],
        ['maxBytes under 3', { fileId: '068D00000000001IAA', maxBytes: 2 }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('download-file');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
