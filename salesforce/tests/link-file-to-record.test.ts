import { describe, expect, it } from 'vitest';

import action from '../actions/link-file-to-record.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const DOC = '069D00000000001IAA';

describe('salesforce link-file-to-record', () => {
    it('creates a viewer link visible to all users by default, sent once', async () => {
        const nango = actionMock('link-file-to-record');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', endpoint: '/services/data/v66.0/sobjects/ContentDocumentLink', retries: 0 });
    });

    it('sends the share type and visibility given', async () => {
        const nango = actionMock('link-file-to-record');
        const output = await run(action, nango, { contentDocumentId: DOC, recordId: '001D00000000002IAA', shareType: 'C', visibility: 'InternalUsers' });
        expect(output).toEqual({ linkId: '06AD00000000002MAA', contentDocumentId: DOC, recordId: '001D00000000002IAA', shareType: 'C', visibility: 'InternalUsers' });
    });

    it('explains a duplicate link (DUPLICATE_VALUE) and does not retry', async () => {
        const nango = actionMock('link-file-to-record');
        const error = await actionErrorOf(run(action, nango, { contentDocumentId: DOC, recordId: '001D00000000003IAA' }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATE_VALUE', fields: ['LinkedEntityId'], status: 400 });
        expect(error.message).toContain('already linked to this record');
        expect(requestCount(nango)).toBe(1);
    });

    it.each([
        ['a deleted file', '069D00000000002IAA', 'entity_deleted', 'ENTITY_IS_DELETED'],
        ['a record the user cannot share to', '069D00000000003IAA', 'salesforce_error', 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY']
    ])('reports %s', async (_label, contentDocumentId, type, errorCode) => {
        const nango = actionMock('link-file-to-record');
        const error = await actionErrorOf(run(action, nango, { contentDocumentId, recordId: '001D00000000001IAA' }));
        expect(error).toMatchObject({ type, errorCode });
    });

    it.each([
        ['an unknown share type', { shareType: 'X' }],
        ['a lower-case share type', { shareType: 'v' }],
        ['an unknown visibility', { visibility: 'Everyone' }],
        ['a version id as the document', { contentDocumentId: '068D00000000001IAA' }],
        ['a file id as the record', { recordId: DOC }],
        ['an absolute URL as the record', { recordId: 'https://evil.example/x' }]
    ])('refuses %s before any request', async (_label, bad) => {
        const nango = actionMock('link-file-to-record');
        const error = await actionErrorOf(run(action, nango, { contentDocumentId: DOC, recordId: '001D00000000001IAA', ...bad }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
