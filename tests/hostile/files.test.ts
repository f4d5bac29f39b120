/**
 * Hostile inputs for the Salesforce Files actions (upload-file, download-file, list-record-files, link-file-to-record,
 * delete-file): file names, titles, descriptions, ids of every kind and base64 content (invalid, disguised, huge).
 * Every one must be refused with a typed invalid_input ActionError before any request is sent; the valid inputs
 * next to them are checked to pass, so a refusal is the hostile value's doing.
 */
import { describe, expect, it } from 'vitest';

import { EMPTY_AND_HUGE, LITERAL_TRICKS, PATH_TRICKS, WRONG_TYPES, idTricks, type Named } from './catalogue.js';
import { IDS, badChecksum, loadAction, runAction, withChecksum } from './harness.js';

const VERSION = withChecksum('068D00000000001');
const DOCUMENT = withChecksum('069D00000000001');
const LINK = withChecksum('06AD00000000001');
const PDF = 'JVBERi0xLjQK';

const VALID = {
    'upload-file': { title: 'Contract', fileName: 'contract.pdf', contentBase64: PDF, linkToRecordId: IDS.account },
    'download-file': { fileId: DOCUMENT },
    'list-record-files': { recordId: IDS.account },
    'link-file-to-record': { contentDocumentId: DOCUMENT, recordId: IDS.account },
    'delete-file': { fileId: DOCUMENT }
} as const;

/** A plausible answer for each request the valid inputs make (so they run to the end). */
function answer(req: { method: string; endpoint: string }): { status?: number; data?: unknown; headers?: Record<string, string> } | undefined {
    if (req.endpoint.endsWith('/VersionData')) return { status: 200, data: Buffer.from('%PDF-1.4\n') };
    if (/\/query(All)?$/.test(req.endpoint)) {
        return {
            data: {
                totalSize: 1,
                done: true,
                records: [{ Id: VERSION, ContentDocumentId: DOCUMENT, LatestPublishedVersionId: VERSION, ContentSize: 9, IsDeleted: false, Checksum: null }]
            }
        };
    }
    if (req.method === 'POST') return { status: 201, data: { id: req.endpoint.endsWith('ContentDocumentLink') ? LINK : VERSION, success: true, errors: [] } };
    return undefined;
}

const TEXT_TRICKS: Named[] = [
    ...WRONG_TYPES,
    ['empty string', ''],
    ['only spaces', '   '],
    ['leading space', ' contract'],
    ['newline', 'a\nb'],
    ['carriage return', 'a\rb'],
    ['NUL', 'a\u0000b'],
    ['DEL', 'a\u007fb'],
    ['C1 control', 'a\u0085b'],
    ['line separator', 'a\u2028b'],
    ['bidi override', 'invoice\u202egpj.exe'],
    ['zero-width space', 'con\u200btract'],
    ['byte order mark', '\ufeffcontract'],
    ['unpaired surrogate', 'a\ud800b'],
    ['256 characters', 'x'.repeat(256)],
    ['100k characters', 'x'.repeat(100_000)]
];

const FILE_NAME_TRICKS: Named[] = [
    ...TEXT_TRICKS,
    ...PATH_TRICKS.filter(([, v]) => /[/\\\n\r\u0000\t]/.test(String(v)) || v === '.' || v === '..'),
    ['absolute unix path', '/etc/passwd'],
    ['windows path', 'C:\\Windows\\win.ini'],
    ['UNC path', '\\\\server\\share\\x.pdf'],
    ['traversal', '../../contract.pdf'],
    ['reserved characters', 'a<b>.pdf'],
    ['pipe', 'a|b.pdf'],
    ['question mark', 'what?.pdf'],
    ['asterisk', '*.pdf'],
    ['colon stream', 'file.txt:evil'],
    ['double quote', '"x".pdf'],
    ['trailing dot', 'contract.'],
    ['three dots', '...']
];

const BASE64_TRICKS: Named[] = [
    ...WRONG_TYPES,
    ['empty', ''],
    ['space inside', 'JVBE Ri0x'],
    ['line break (MIME style)', 'JVBERi0x\nLjQK'],
    ['CRLF', 'JVBERi0x\r\nLjQK'],
    ['trailing newline', `${PDF}\n`],
    ['base64url characters', 'JVBE-_0x'],
    ['missing padding', 'JVBERi0xLjQ'],
    ['padding in the middle', 'JV==Ri0x'],
    ['three = signs', 'JVBERi0xL==='],
    ['character after padding', 'JVBERi0xLj=A'],
    ['data URL', `data:application/pdf;base64,${PDF}`],
    ['percent-encoded', 'JVBERi0xLjQK%3D'],
    ['non-ASCII', 'JVBERi0xLjQKé'],
    ['NUL', 'JVBE\u0000i0x'],
    ['unpaired surrogate', 'JVBE\ud800i0x'],
    ['JSON-looking', '{"a":1}'],
    ['37.5 MB + 4 characters (over the limit)', 'A'.repeat(39_321_604)]
];

const wrongFileIds = (valid: string): Named[] => [
    ...idTricks(valid, IDS.account),
    ['link id', LINK],
    ['contact id', IDS.contact],
    ['id with SOQL', `${valid}' OR Id != '`]
];

const CASES: Array<[action: keyof typeof VALID, field: string, values: Named[]]> = [
    ['upload-file', 'title', TEXT_TRICKS],
    ['upload-file', 'fileName', FILE_NAME_TRICKS],
    ['upload-file', 'description', [...WRONG_TYPES.filter(([l]) => l !== 'null for string'), ['1,001 characters', 'x'.repeat(1001)], ['NUL', 'a\u0000b'], ['unpaired surrogate', 'a\udc00']]],
    ['upload-file', 'contentBase64', BASE64_TRICKS],
    ['upload-file', 'linkToRecordId', [...idTricks(IDS.account, DOCUMENT).filter(([l]) => l !== 'wrong key prefix'), ['a file id', DOCUMENT], ['a version id', VERSION], ['a link id', LINK]]],
    ['upload-file', 'preventOthersFromSharing', [['string', 'true'], ['number', 1]]],
    ['download-file', 'fileId', wrongFileIds(DOCUMENT)],
    ['download-file', 'offset', [['negative', -1], ['fraction', 0.5], ['string', '0'], ['NaN-like string', 'NaN'], ['huge float', 1e300]]],
    ['download-file', 'maxBytes', [['zero', 0], ['2', 2], ['over one output', 1_536_001], ['string', '100'], ['negative', -3]]],
    ['list-record-files', 'recordId', [...idTricks(IDS.account, DOCUMENT).filter(([l]) => l !== 'wrong key prefix'), ['a file id', DOCUMENT], ['a link id', LINK]]],
    ['list-record-files', 'cursor', [...idTricks(LINK, IDS.account), ['a nextRecordsUrl', '/services/data/v66.0/query/01gRO0000016PIAYA2-2000'], ['a document id', DOCUMENT]]],
    ['list-record-files', 'limit', [['zero', 0], ['201', 201], ['fraction', 1.5], ['string', '10']]],
    ['link-file-to-record', 'contentDocumentId', [...idTricks(DOCUMENT, VERSION)]],
    ['link-file-to-record', 'recordId', [...idTricks(IDS.account, DOCUMENT).filter(([l]) => l !== 'wrong key prefix'), ['a file id', DOCUMENT], ['a version id', VERSION]]],
    ['link-file-to-record', 'shareType', [['lower case', 'v'], ['word', 'Viewer'], ['injection', "V', ShareType='C"], ['empty', ''], ...WRONG_TYPES.filter(([l]) => l !== 'null for string')]],
    ['link-file-to-record', 'visibility', [['lower case', 'allusers'], ['unknown', 'Everyone'], ['spaces', ' AllUsers'], ['empty', ''], ...WRONG_TYPES.filter(([l]) => l !== 'null for string')]],
    ['delete-file', 'fileId', wrongFileIds(DOCUMENT)]
];

describe('hostile input: Salesforce Files', () => {
    for (const [name, valid] of Object.entries(VALID)) {
        it(`${name}: the valid input runs to the end (the baseline the refusals are measured against)`, async () => {
            const action = await loadAction(name);
            const result = await runAction(action, valid, answer);
            expect(result.payload, JSON.stringify(result.payload)).toBeUndefined();
            expect(result.sent.length).toBeGreaterThan(0);
            expect(result.bypass).toBe(0);
        });
    }

    let tried = 0;
    for (const [name, field, values] of CASES) {
        describe(`${name}.${field}`, () => {
            for (const [label, value] of values) {
                it(`refuses ${label} before any request, with a typed invalid_input`, async () => {
                    tried++;
                    const action = await loadAction(name);
                    const input = { ...VALID[name], [field]: value };
                    const result = await runAction(action, input, answer);
                    expect(result.payload, `${name}.${field} = ${label} should be refused`).toBeDefined();
                    expect(result.payload?.type).toBe('invalid_input');
                    expect(String(result.payload?.message)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e\u2028]/);
                    expect(result.sent).toEqual([]);
                    expect(result.bypass).toBe(0);
                });
            }
        });
    }

    it('the title and description literals that are ordinary text pass unchanged into the JSON body (never into a URL or SOQL)', async () => {
        const action = await loadAction('upload-file');
        for (const [, value] of LITERAL_TRICKS.filter(([, v]) => typeof v === 'string' && !/[\u0000-\u001f\u007f\u2028]/.test(v) && v.trim() === v && v !== '')) {
            const result = await runAction(action, { ...VALID['upload-file'], title: value, description: value }, answer);
            expect(result.payload, String(value)).toBeUndefined();
            const post = result.sent[0];
            expect(post?.endpoint).toBe('/services/data/v66.0/sobjects/ContentVersion');
            expect(post?.data).toMatchObject({ Title: value, Description: value });
        }
    });

    it('ids reach SOQL only as validated 18-character literals', async () => {
        const download = await loadAction('download-file');
        const result = await runAction(download, { fileId: DOCUMENT.slice(0, 15) }, answer);
        expect(result.payload).toBeUndefined();
        expect(result.sent[0]?.params?.['q']).toBe(`SELECT Id, LatestPublishedVersionId, IsDeleted FROM ContentDocument WHERE Id = '${DOCUMENT}'`);
        const bad = await runAction(download, { fileId: badChecksum(DOCUMENT) }, answer);
        expect(bad.payload?.type).toBe('invalid_input');
        expect(bad.sent).toEqual([]);
    });

    it('counts what it tried', () => {
        expect(tried).toBeGreaterThan(150);
        expect(EMPTY_AND_HUGE.length).toBeGreaterThan(0);
    });
});
