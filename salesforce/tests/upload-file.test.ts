import { describe, expect, it } from 'vitest';

import action from '../actions/upload-file.js';
import { MAX_UPLOAD_BASE64_CHARS } from '../lib/writes/files.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const PDF = 'JVBERi0xLjQK'; // "%PDF-1.4\n"
const ACCOUNT = '001D00000000001IAA';

describe('salesforce upload-file', () => {
    it('uploads with FirstPublishLocationId, sent once (no retries), and returns both ids from one follow-up query', async () => {
        const nango = actionMock('upload-file');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        const [post, query] = requests(nango);
        expect(post).toMatchObject({ method: 'POST', endpoint: '/services/data/v66.0/sobjects/ContentVersion', retries: 0 });
        expect(post?.['data']).toEqual({ Title: 'Signed contract', PathOnClient: 'contract.pdf', VersionData: PDF, ContentLocation: 'S', FirstPublishLocationId: ACCOUNT });
        expect(query).toMatchObject({ method: 'GET', endpoint: '/services/data/v66.0/query' });
        expect(query?.['retries']).toBeGreaterThan(0);
    });

    it('sends the share settings and still reports the upload when only the follow-up read fails', async () => {
        const nango = actionMock('upload-file');
        const output = await run(action, nango, { title: 'Signed contract', fileName: 'contract.pdf', contentBase64: PDF, description: 'no read', preventOthersFromSharing: true, privateOnRecords: true });
        expect(output).toEqual({ contentVersionId: '068D00000000002IAA', contentDocumentId: null, size: 9, fileExtension: null, checksum: null, linkToRecordId: null });
        expect(requests(nango)[0]?.['data']).toMatchObject({ SharingOption: 'R', SharingPrivacy: 'P', Description: 'no read' });
    });

    it.each([
        ['a record that does not exist', { linkToRecordId: '001D00000000009IAA' }, 'INVALID_CROSS_REFERENCE_KEY'],
        ['a full file storage', { description: 'full storage' }, 'STORAGE_LIMIT_EXCEEDED']
    ])("reports Salesforce's refusal (%s) without retrying", async (_label, extra, errorCode) => {
        const nango = actionMock('upload-file');
        const error = await actionErrorOf(run(action, nango, { title: 'Signed contract', fileName: 'contract.pdf', contentBase64: PDF, ...extra }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode, status: 400 });
        expect(requestCount(nango)).toBe(1);
    });

    it('refuses content over the 37.5 MB base64 limit naming it, before any request', async () => {
        const nango = actionMock('upload-file');
        const error = await actionErrorOf(run(action, nango, { title: 'Huge', fileName: 'huge.bin', contentBase64: 'A'.repeat(MAX_UPLOAD_BASE64_CHARS + 4) }));
        expect(error.type).toBe('invalid_input');
        expect(error.fields).toEqual(['contentBase64']);
        expect(error.message).toMatch(/37\.5 MB/);
        expect(requestCount(nango)).toBe(0);
    });

    it.each([
        ['invalid base64 characters', { contentBase64: 'not base64!' }, 'contentBase64'],
        ['base64 with line breaks', { contentBase64: 'JVBE\nRi0x' }, 'contentBase64'],
        ['base64url', { contentBase64: 'ab-_' }, 'contentBase64'],
        ['a missing padding', { contentBase64: 'JVBERi0xLjQ' }, 'contentBase64'],
        ['a data: URL', { contentBase64: 'data:application/pdf;base64,JVBERi0xLjQK' }, 'contentBase64'],
        ['empty content', { contentBase64: '' }, 'contentBase64'],
        ['a path as file name', { fileName: '../../etc/passwd' }, 'fileName'],
        ['a file name with a newline', { fileName: 'a\nb.pdf' }, 'fileName'],
        ['a title over 255 characters', { title: 'x'.repeat(256) }, 'title'],
        ['a file id as the record to link to', { linkToRecordId: '069D00000000001IAA' }, 'linkToRecordId'],
        ['a malformed record id', { linkToRecordId: "001' OR Id != '" }, 'linkToRecordId'],
        ['a number as title', { title: 7 }, 'title'],
        ['a description with a NUL', { description: 'a\u0000b' }, 'description'],
        ['a description with a bidi override (it would read otherwise than it says)', { description: 'Invoice \u202efdp.exe' }, 'description']
    ])('refuses %s before any request', async (_label, bad, field) => {
        const nango = actionMock('upload-file');
        const error = await actionErrorOf(run(action, nango, { title: 'Signed contract', fileName: 'contract.pdf', contentBase64: PDF, ...bad }));
        expect(error.type).toBe('invalid_input');
        expect(error.fields).toContain(field);
        expect(requestCount(nango)).toBe(0);
    });
});
