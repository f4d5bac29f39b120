/**
 * Salesforce Files through the compiled bundles against the emulator: upload (with and without a record), list the
 * record's files, link a file to a second record (and the duplicate refused), download small and large files (a
 * file over one output comes back in byte ranges whose base64 joins to the original), delete (all versions and
 * links, idempotent), and the emulator's own ContentDocumentLink query rule.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { checkedAction } from './checked-action.js';
import { type RunResult } from './runtime.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
    emulator = await startEmulator({ seed: 11, volume: 5, proxyRetryBaseMs: 1 });
});
afterAll(async () => {
    await emulator?.stop();
});

const action = checkedAction(() => emulator);
const out = (r: RunResult) => r.output as any;
const calls = () => emulator.stats().calls;
const endpoints = () => emulator.stats().log.filter((e) => e.kind === 'salesforce').map((e) => e.endpoint);

/** Deterministic bytes covering every value 0–255 (so a text decoding anywhere would corrupt them). */
function bytesOf(size: number, seed: number): Buffer {
    const b = Buffer.alloc(size);
    let x = seed;
    for (let i = 0; i < size; i++) {
        x = (x * 1103515245 + 12345) >>> 0;
        b[i] = (x >>> 16) & 0xff;
    }
    return b;
}

describe('upload-file, list-record-files, download-file', () => {
    it('uploads a file attached to an account, lists it and downloads the exact bytes', async () => {
        const account = String(emulator.org.list('Account')[0]?.['Id']);
        const content = bytesOf(50_000, 1);
        emulator.resetStats();
        const uploaded = await action('upload-file', { title: 'Signed contract', fileName: 'contract.pdf', contentBase64: content.toString('base64'), linkToRecordId: account, description: 'Both parties' });
        expect(uploaded.error).toBeUndefined();
        expect(endpoints()).toEqual(['POST /sobjects/ContentVersion', 'GET /query']);
        const u = out(uploaded);
        expect(u).toMatchObject({ size: 50_000, fileExtension: 'pdf', linkToRecordId: account, checksum: createHash('md5').update(content).digest('hex') });
        expect(u.contentVersionId).toMatch(/^068/);
        expect(u.contentDocumentId).toMatch(/^069/);
        expect(emulator.org.get(u.contentDocumentId)).toMatchObject({ Title: 'Signed contract', LatestPublishedVersionId: u.contentVersionId, ContentSize: 50_000 });

        const listed = await action('list-record-files', { recordId: account });
        expect(out(listed).files).toHaveLength(1);
        expect(out(listed)).toMatchObject({ nextCursor: null, files: [{ contentDocumentId: u.contentDocumentId, latestVersionId: u.contentVersionId, title: 'Signed contract', fileExtension: 'pdf', fileType: 'PDF', size: 50_000, shareType: 'V', visibility: 'AllUsers' }] });

        emulator.resetStats();
        const byDocument = await action('download-file', { fileId: u.contentDocumentId });
        expect(byDocument.error).toBeUndefined();
        expect(calls()).toBe(3); // ContentDocument, ContentVersion, VersionData
        expect(out(byDocument)).toMatchObject({ contentVersionId: u.contentVersionId, title: 'Signed contract', fileName: 'contract.pdf', size: 50_000, done: true, nextOffset: null, range: { start: 0, end: 49_999, length: 50_000 }, isLatest: true, versionNumber: '1' });
        expect(Buffer.from(out(byDocument).contentBase64, 'base64').equals(content)).toBe(true);
        const rangeRequests = emulator.stats().log.filter((e) => e.kind === 'salesforce' && e.path.includes('/VersionData'));
        expect(rangeRequests.map((e) => e.status)).toEqual([200]);

        emulator.resetStats();
        const byVersion = await action('download-file', { fileId: u.contentVersionId });
        expect(calls()).toBe(2);
        expect(out(byVersion).contentBase64).toBe(content.toString('base64'));
    });

    it('downloads a file larger than one output in byte ranges that join to the original', async () => {
        const content = bytesOf(3_500_000, 7);
        const uploaded = await action('upload-file', { title: 'Big scan', fileName: 'scan.png', contentBase64: content.toString('base64') });
        expect(uploaded.error).toBeUndefined();
        const versionId = out(uploaded).contentVersionId as string;
        const parts: string[] = [];
        let offset: number | null = 0;
        let rounds = 0;
        emulator.resetStats();
        while (offset !== null) {
            const r = await action('download-file', { fileId: versionId, offset });
            expect(r.error).toBeUndefined();
            const o = out(r);
            expect(JSON.stringify(o).length).toBeLessThan(2 * 1024 * 1024);
            expect(o.range.start).toBe(offset);
            parts.push(o.contentBase64);
            offset = o.nextOffset;
            expect(o.done).toBe(offset === null);
            rounds++;
        }
        expect(rounds).toBe(3); // 1,536,000 + 1,536,000 + 428,000
        expect(parts.join('')).toBe(content.toString('base64'));
        const blob = emulator.stats().log.filter((e) => e.kind === 'salesforce' && e.path.includes('/VersionData'));
        expect(blob.map((e) => e.status)).toEqual([206, 206, 206]);
        expect(blob.map((e) => e.bytes)).toEqual([1_536_000, 1_536_000, 428_000]);
    });

    it('a smaller maxBytes gives more, smaller ranges; an offset past the end is invalid_input with no blob request', async () => {
        const content = bytesOf(10, 3);
        const uploaded = await action('upload-file', { title: 'Tiny', fileName: 'tiny.bin', contentBase64: content.toString('base64') });
        const id = out(uploaded).contentDocumentId as string;
        const first = out(await action('download-file', { fileId: id, maxBytes: 4 }));
        expect(first).toMatchObject({ range: { start: 0, end: 2, length: 3 }, nextOffset: 3, done: false, fileType: 'UNKNOWN' });
        emulator.resetStats();
        const past = await action('download-file', { fileId: id, offset: 10 });
        expect(past.error?.payload).toMatchObject({ type: 'invalid_input', fields: ['offset'] });
        expect(emulator.stats().log.filter((e) => e.path.includes('/VersionData'))).toEqual([]);
    });

    it('pages list-record-files with its cursor', async () => {
        const contact = String(emulator.org.list('Contact')[0]?.['Id']);
        for (let i = 0; i < 5; i++) {
            const r = await action('upload-file', { title: `Note ${i}`, fileName: `note-${i}.txt`, contentBase64: Buffer.from(`note ${i}`).toString('base64'), linkToRecordId: contact });
            expect(r.error).toBeUndefined();
        }
        const seen: string[] = [];
        let cursor: string | null | undefined;
        do {
            const result = await action('list-record-files', { recordId: contact, limit: 2, ...(cursor ? { cursor } : {}) });
            expect(result.error).toBeUndefined();
            const page = out(result);
            expect(page.files.length).toBeLessThanOrEqual(2);
            seen.push(...page.files.map((f: any) => f.title));
            cursor = page.nextCursor;
        } while (cursor);
        expect(seen.sort()).toEqual(['Note 0', 'Note 1', 'Note 2', 'Note 3', 'Note 4']);
    });

    it('an upload to a record that does not exist fails with Salesforce\'s error and creates nothing', async () => {
        const before = emulator.org.count('ContentVersion');
        const missingAccount = String(emulator.org.list('Account')[0]?.['Id']).slice(0, 9) + 'ZZZZZZ';
        const r = await action('upload-file', { title: 'Orphan', fileName: 'o.txt', contentBase64: 'aGk=', linkToRecordId: missingAccount });
        expect(r.error?.payload).toMatchObject({ type: 'salesforce_error', errorCode: 'INVALID_CROSS_REFERENCE_KEY' });
        expect(emulator.org.count('ContentVersion')).toBe(before);
    });
});

describe('link-file-to-record and delete-file', () => {
    it('links a file to a second record once, refuses the duplicate, then deletes every version and link', async () => {
        const [first, second] = emulator.org.list('Opportunity').map((o) => String(o['Id']));
        const uploaded = out(await action('upload-file', { title: 'Proposal', fileName: 'proposal.docx', contentBase64: bytesOf(1000, 9).toString('base64'), linkToRecordId: first }));
        const doc = uploaded.contentDocumentId as string;

        emulator.resetStats();
        const linked = await action('link-file-to-record', { contentDocumentId: doc, recordId: second, shareType: 'C', visibility: 'InternalUsers' });
        expect(linked.error).toBeUndefined();
        expect(endpoints()).toEqual(['POST /sobjects/ContentDocumentLink']);
        expect(out(linked)).toMatchObject({ contentDocumentId: doc, recordId: second, shareType: 'C', visibility: 'InternalUsers' });
        expect(emulator.org.get(out(linked).linkId)).toMatchObject({ ContentDocumentId: doc, LinkedEntityId: second, ShareType: 'C' });
        expect(out(await action('list-record-files', { recordId: second })).files).toMatchObject([{ contentDocumentId: doc, shareType: 'C', visibility: 'InternalUsers' }]);

        emulator.resetStats();
        const again = await action('link-file-to-record', { contentDocumentId: doc, recordId: second });
        expect(again.error?.payload).toMatchObject({ type: 'salesforce_error', errorCode: 'DUPLICATE_VALUE', fields: ['LinkedEntityId'] });
        expect(again.error?.payload.message).toContain('already linked');
        expect(calls()).toBe(1); // a create is never retried

        const deleted = await action('delete-file', { fileId: doc });
        expect(out(deleted)).toEqual({ contentDocumentId: doc, success: true, alreadyDeleted: false });
        expect(emulator.org.get(doc)?.['IsDeleted']).toBe(true);
        expect(emulator.org.get(uploaded.contentVersionId)?.['IsDeleted']).toBe(true);
        expect(out(await action('list-record-files', { recordId: first })).files).toEqual([]);
        expect(out(await action('list-record-files', { recordId: second })).files).toEqual([]);

        const repeated = await action('delete-file', { fileId: doc });
        expect(out(repeated)).toEqual({ contentDocumentId: doc, success: true, alreadyDeleted: true });
        const download = await action('download-file', { fileId: doc });
        expect(download.error?.payload).toMatchObject({ type: 'entity_deleted', errorCode: 'ENTITY_IS_DELETED' });
        const linkDeleted = await action('link-file-to-record', { contentDocumentId: doc, recordId: first });
        expect(linkDeleted.error?.payload).toMatchObject({ errorCode: 'ENTITY_IS_DELETED' });
    });

    it('deletes a file by one of its version ids', async () => {
        const uploaded = out(await action('upload-file', { title: 'By version', fileName: 'v.txt', contentBase64: 'dmVyc2lvbg==' }));
        const r = await action('delete-file', { fileId: uploaded.contentVersionId });
        expect(out(r)).toEqual({ contentDocumentId: uploaded.contentDocumentId, success: true, alreadyDeleted: false });
    });

    it('a file id that names nothing is not_found', async () => {
        const missing = String(emulator.org.list('ContentDocument')[0]?.['Id']).slice(0, 9) + 'ZZZZZZ';
        const r = await action('download-file', { fileId: missing });
        expect(r.error?.payload).toMatchObject({ type: 'not_found' });
        const d = await action('delete-file', { fileId: missing });
        expect(d.error?.payload).toMatchObject({ type: 'not_found' });
    });
});

describe('the emulator as Salesforce answers', () => {
    it('refuses a ContentDocumentLink query without an id filter, and answers Range requests with 206', async () => {
        const r = await action('query-records', { query: 'SELECT Id FROM ContentDocumentLink' });
        expect(r.error?.payload).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
        expect(r.error?.payload.message).toContain('requires a filter by a single Id on ContentDocumentId or LinkedEntityId');
        const orOnly = await action('query-records', { query: `SELECT Id FROM ContentDocumentLink WHERE LinkedEntityId = '${emulator.org.apiUserId}' OR ShareType = 'V'` });
        expect(orOnly.error?.payload).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
        const filtered = await action('query-records', { query: `SELECT Id, ContentDocument.Title FROM ContentDocumentLink WHERE LinkedEntityId = '${emulator.org.apiUserId}'` });
        expect(filtered.error).toBeUndefined();
        expect(out(filtered).totalSize).toBeGreaterThan(0);

        const version = emulator.org.list('ContentVersion')[0] as Record<string, unknown>;
        const url = `${emulator.url}/services/data/v66.0/sobjects/ContentVersion/${String(version['Id'])}/VersionData`;
        const auth = { Authorization: `Bearer ${emulator.accessToken}` };
        const size = Number(version['ContentSize']);
        const partial = await fetch(url, { headers: { ...auth, Range: 'bytes=1-3' } });
        expect(partial.status).toBe(206);
        expect(partial.headers.get('content-range')).toBe(`bytes 1-3/${size}`);
        expect(Buffer.from(await partial.arrayBuffer()).equals(Buffer.from(String(version['VersionData']), 'base64').subarray(1, 4))).toBe(true);
        const past = await fetch(url, { headers: { ...auth, Range: `bytes=${size}-` } });
        expect(past.status).toBe(416);
        const malformed = await fetch(url, { headers: { ...auth, Range: 'bytes=oops' } });
        expect(malformed.status).toBe(200);
        expect((await malformed.arrayBuffer()).byteLength).toBe(size);
    });
});
