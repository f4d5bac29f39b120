/**
 * Salesforce Files: ContentVersion (a file's versions, key prefix 068), ContentDocument (the file, 069) and
 * ContentDocumentLink (where it is shared, 06A). Upload through a JSON body with base64 content, download through
 * the blob endpoint in byte ranges that each fit one action output, links read and written through REST.
 *
 * Limits, and where they come from:
 * - Upload: a JSON (non-multipart) body carries "50 MB of text data or 37.5 MB of base64-encoded data" (REST API
 *   Developer Guide, "Insert or Update Blob Data"; multipart would allow 2 GB, but Nango's proxy forwards a JSON body).
 *   Read conservatively, the base64 text itself may be at most 37.5 MB (39,321,600 characters), a file of at most
 *   29,491,200 bytes (28.1 MB). Nango's server parses JSON bodies up to 75 MB (express.json limit in its routes), so the
 *   action input with that content passes it; a function's memory (Nango runs them in a 128 MB-class heap) is the other
 *   reason not to go higher: the content is held as the input, then again as the request body.
 * - Download: an action output may not exceed 2 MB (Nango docs, "Limits"). Base64 grows data by 4/3, so one output
 *   carries at most 1,536,000 bytes of file (2,048,000 base64 characters) next to the metadata; larger files come back
 *   in byte ranges with `nextOffset`. Ranges are asked for with an HTTP `Range: bytes=a-b` header; Salesforce's guide
 *   ("sObject Blob Get") documents no parameters and says nothing of Range, so an answer of 200 with the whole file is
 *   handled too (the range is cut out locally, and each later call downloads the whole file again).
 * - Binary through the proxy: the request asks for `responseType: 'arraybuffer'` (axios, as @nangohq/node passes it
 *   on), so the bytes arrive as a Buffer; a string answer is only accepted when it is plain ASCII (it cannot have been
 *   mangled by a UTF-8 decoding), anything else is refused rather than returned corrupted. A whole-file download is
 *   checked against the version's MD5 Checksum.
 */
import { createHash } from 'crypto';
import * as z from 'zod';

import { paths, request, salesforceActionError, type NangoClient } from '../http/api.js';
import { InputError, InternalError, actionError, inputErrorPayload, salesforceErrorPayload } from '../http/errors.js';
import { OUTPUT_BUDGET_BYTES, jsonSize } from '../http/output.js';
import { queryFirstPage } from '../http/pager.js';
import { RECORD_ID_PATTERN, assertIdWithPrefix, assertRecordId, toId18 } from '../input/ids.js';
import { printable } from '../input/names.js';
import { assertMessageText } from '../input/messages.js';
import { checkedBy } from '../input/schemas.js';
import { and, buildSoql, compare } from '../soql/builder.js';
import { deleteRecord } from './records.js';

export const CONTENT_VERSION_PREFIX = '068';
export const CONTENT_DOCUMENT_PREFIX = '069';
export const CONTENT_DOCUMENT_LINK_PREFIX = '06A';
const FILE_PREFIXES = [CONTENT_VERSION_PREFIX, CONTENT_DOCUMENT_PREFIX, CONTENT_DOCUMENT_LINK_PREFIX];

/** Most base64 characters one upload may carry: 37.5 MB (Salesforce's limit on base64 data in a JSON body). */
export const MAX_UPLOAD_BASE64_CHARS = 39_321_600;
/** The largest file that makes: 29,491,200 bytes (28.1 MB). */
export const MAX_UPLOAD_BYTES = (MAX_UPLOAD_BASE64_CHARS / 4) * 3;
/** Most file bytes one download output carries: 1,536,000 (2,048,000 base64 characters, under the 2 MB output limit). */
export const MAX_DOWNLOAD_CHUNK_BYTES = 1_536_000;
/** Longest title Salesforce stores (ContentVersion.Title, 255). */
export const MAX_TITLE_LENGTH = 255;
/** Longest file name accepted (PathOnClient holds 500; file systems allow 255). */
export const MAX_FILE_NAME_LENGTH = 255;
/** Longest description (ContentVersion.Description, 1,000). */
export const MAX_DESCRIPTION_LENGTH = 1_000;

const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const BIDI_RE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

// ------------------------------------------------------------------------------------------------ ids

/** A record id with one of the given key prefixes (068 version, 069 document, 06A link). */
export function assertFileId(value: unknown, path: string, prefixes: readonly string[]): string {
    const names = prefixes.map((p) => (p === CONTENT_VERSION_PREFIX ? 'a ContentVersion id (068…)' : p === CONTENT_DOCUMENT_PREFIX ? 'a ContentDocument id (069…)' : 'a ContentDocumentLink id (06A…)'));
    return toId18(assertIdWithPrefix(value, path, prefixes, names.join(' or ')));
}

/** A record a file can be linked to: any record, user or group id, but not a file's own ids. */
export function assertLinkTarget(value: unknown, path: string): string {
    const id = assertRecordId(value, path);
    if (FILE_PREFIXES.includes(id.slice(0, 3))) {
        throw new InputError(`"${id}" is a file id (${id.slice(0, 3)}…); give the id of the record to link the file to, e.g. an Account (001…) or Opportunity (006…)`, path);
    }
    return toId18(id);
}

/** A string schema whose length limit is zod's own (published as maxLength), with the assert's checks for the rest. */
function boundedText(max: number, tooLong: string, assert: (value: unknown) => unknown) {
    return z
        .string()
        .max(max, { message: tooLong })
        .superRefine((value, ctx) => {
            if (value.length <= max) checkedBy(assert)(value, ctx);
        });
}

const idString = z.string().regex(new RegExp(RECORD_ID_PATTERN));

export const contentDocumentIdSchema = idString
    .superRefine(checkedBy((v) => assertFileId(v, 'contentDocumentId', [CONTENT_DOCUMENT_PREFIX])))
    .describe('ContentDocument id of the file, starts with 069, e.g. "069D00000000so2IAA" (upload-file and list-record-files return it).');

export const fileIdSchema = idString
    .superRefine(checkedBy((v) => assertFileId(v, 'fileId', [CONTENT_VERSION_PREFIX, CONTENT_DOCUMENT_PREFIX])))
    .describe(
        'The file: a ContentDocument id (starts with 069, e.g. "069D00000000so2IAA": its latest version) or a ContentVersion id (starts with 068, e.g. "068D00000000pQ1IAI": that version).'
    );

export const linkCursorSchema = idString
    .superRefine(checkedBy((v) => assertFileId(v, 'cursor', [CONTENT_DOCUMENT_LINK_PREFIX])))
    .describe('nextCursor of the previous page (a ContentDocumentLink id, starts with 06A, e.g. "06AD000000Abc12MAB"); omit for the first page.');

export const linkTargetSchema = idString
    .superRefine(checkedBy((v) => assertLinkTarget(v, 'recordId')))
    .describe('Id of the record (or user or group) the file is linked to, e.g. an Account id "001D000000IqhSLIAZ" or an Opportunity id starting with 006.');

// ------------------------------------------------------------------------------------------------ names

function assertText(value: unknown, path: string, max: number, what: string): string {
    if (typeof value !== 'string' || value.trim().length === 0) throw new InputError(`must be a non-empty ${what}`, path);
    if (value.length > max) throw new InputError(`is ${value.length} characters; at most ${max} are accepted`, path);
    if (value !== value.trim()) throw new InputError(`"${printable(value)}" starts or ends with spaces`, path);
    if (CONTROL_RE.test(value)) throw new InputError(`"${printable(value)}" contains control characters or line breaks`, path);
    if (BIDI_RE.test(value)) throw new InputError(`"${printable(value)}" contains invisible or direction-changing characters`, path);
    return value;
}

/** A file title as people see it in Salesforce: 1–255 characters, one line, no invisible characters. */
export function assertTitle(value: unknown, path = 'title'): string {
    return assertText(value, path, MAX_TITLE_LENGTH, 'title');
}

/**
 * A file name (PathOnClient: Salesforce takes the extension from it, and downloads offer it as the name to save
 * under): one name, no folders, nothing a file system or a shell would read specially.
 */
export function assertFileName(value: unknown, path = 'fileName'): string {
    const name = assertText(value, path, MAX_FILE_NAME_LENGTH, 'file name such as "contract.pdf"');
    if (/[/\\]/.test(name)) throw new InputError(`"${printable(name)}" contains / or \\: give the file name alone, e.g. "contract.pdf", not a path`, path);
    if (/[<>:"|?*]/.test(name)) throw new InputError(`"${printable(name)}" contains one of < > : " | ? *, which file systems refuse in names`, path);
    if (/^\.+$/.test(name)) throw new InputError(`"${printable(name)}" is not a file name`, path);
    if (name.endsWith('.')) throw new InputError(`"${printable(name)}" ends with a dot`, path);
    return name;
}

/** A description people read next to the file: line breaks and tabs, no other controls, no bidi overrides (as message text). */
export function assertDescription(value: unknown, path = 'description'): string {
    if (typeof value !== 'string') throw new InputError('must be a string', path);
    if (value.length > MAX_DESCRIPTION_LENGTH) throw new InputError(`is ${value.length} characters; at most ${MAX_DESCRIPTION_LENGTH} are accepted`, path);
    return assertMessageText(value, path);
}

export const titleSchema = boundedText(MAX_TITLE_LENGTH, `must be at most ${MAX_TITLE_LENGTH} characters`, (v) => assertTitle(v))
    .describe('Title of the file as shown in Salesforce, 1–255 characters on one line, e.g. "Signed contract 2026".');

export const fileNameSchema = boundedText(MAX_FILE_NAME_LENGTH, `must be at most ${MAX_FILE_NAME_LENGTH} characters`, (v) => assertFileName(v))
    .describe('File name with its extension, no folders, e.g. "contract.pdf"; Salesforce derives the file type from the extension (PathOnClient).');

export const descriptionSchema = boundedText(MAX_DESCRIPTION_LENGTH, `must be at most ${MAX_DESCRIPTION_LENGTH} characters`, (v) => assertDescription(v))
    .describe('Description of the file, at most 1,000 characters; line breaks and tabs allowed, other control characters and bidi overrides not, e.g. "Countersigned by both parties".');

// ------------------------------------------------------------------------------------------------ base64

/**
 * Checks standard base64 (RFC 4648 alphabet A–Z a–z 0–9 + /, padded with = to a multiple of 4, no line breaks) and
 * returns the decoded size. Refuses, with the reason, anything else, an empty file, and content over the upload limit
 * (checked first, so a huge input is refused without being scanned).
 */
export function assertBase64Content(value: unknown, path = 'contentBase64'): number {
    if (typeof value !== 'string' || value.length === 0) throw new InputError('must be the file content as a non-empty base64 string', path);
    if (value.length > MAX_UPLOAD_BASE64_CHARS) {
        throw new InputError(
            `is ${value.length} base64 characters; Salesforce takes at most 37.5 MB of base64 data in a JSON request body (${MAX_UPLOAD_BASE64_CHARS} characters, a file of ${MAX_UPLOAD_BYTES} bytes), so larger files cannot be uploaded through this action`,
            path
        );
    }
    if (/^data:[^,]*,/.test(value.slice(0, 300))) throw new InputError('starts with a data: URL prefix; send only the base64 text after the comma', path);
    const bad = /[^A-Za-z0-9+/=]/.exec(value);
    if (bad) {
        const what = /\s/.test(bad[0]) ? 'whitespace or a line break' : bad[0] === '-' || bad[0] === '_' ? `"${bad[0]}" (base64url; use standard base64 with + and /)` : `the character "${printable(bad[0])}"`;
        throw new InputError(`is not base64: ${what} at position ${bad.index}`, path);
    }
    if (value.length % 4 !== 0) throw new InputError(`is not base64: its length (${value.length}) is not a multiple of 4 (missing = padding?)`, path);
    const firstPad = value.indexOf('=');
    if (firstPad !== -1 && firstPad < value.length - 2) throw new InputError(`is not base64: "=" padding at position ${firstPad}, before the end`, path);
    if (firstPad !== -1 && value.slice(firstPad) !== '='.repeat(value.length - firstPad)) throw new InputError('is not base64: characters after the "=" padding', path);
    const padding = firstPad === -1 ? 0 : value.length - firstPad;
    return (value.length / 4) * 3 - padding;
}

export const base64ContentSchema = boundedText(
    MAX_UPLOAD_BASE64_CHARS,
    `is over ${MAX_UPLOAD_BASE64_CHARS} base64 characters: Salesforce takes at most 37.5 MB of base64 data in a JSON request body (a file of ${MAX_UPLOAD_BYTES} bytes), so larger files cannot be uploaded through this action`,
    (v) => assertBase64Content(v)
)
    .describe(
        `The file content, base64-encoded (standard alphabet with + and /, = padding, no line breaks, no data: prefix), e.g. "JVBERi0xLjQK…". At most ${MAX_UPLOAD_BASE64_CHARS} characters (37.5 MB of base64, a file of ${MAX_UPLOAD_BYTES} bytes): Salesforce's limit for base64 data in a JSON body.`
    );

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of bytes, written out here: the function sandbox promises neither Buffer nor btoa. */
export function toBase64(bytes: Uint8Array): string {
    const parts: string[] = [];
    const step = 3 * 8192;
    for (let start = 0; start < bytes.length; start += step) {
        const end = Math.min(bytes.length, start + step);
        let out = '';
        let i = start;
        for (; i + 2 < end; i += 3) {
            const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
            out += B64.charAt(n >>> 18) + B64.charAt((n >>> 12) & 63) + B64.charAt((n >>> 6) & 63) + B64.charAt(n & 63);
        }
        if (i < end) {
            const a = bytes[i] as number;
            const b = i + 1 < end ? (bytes[i + 1] as number) : 0;
            const n = (a << 16) | (b << 8);
            out += B64.charAt(n >>> 18) + B64.charAt((n >>> 12) & 63) + (i + 1 < end ? B64.charAt((n >>> 6) & 63) : '=') + '=';
        }
        parts.push(out);
    }
    return parts.join('');
}

/**
 * The bytes of a binary proxy answer: a Buffer or typed array (what `responseType: 'arraybuffer'` gives), an
 * ArrayBuffer, a serialised Buffer `{type: 'Buffer', data: [...]}` (what a saved fixture holds), or a plain-ASCII
 * string. A string with other characters has been through a text decoding that may have replaced bytes, so it is
 * refused instead of being returned corrupted.
 */
export function responseBytes(data: unknown, context: string): Uint8Array {
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') return new Uint8Array(data as ArrayBuffer);
    if (data && typeof data === 'object' && (data as { type?: unknown }).type === 'Buffer' && Array.isArray((data as { data?: unknown }).data)) {
        return Uint8Array.from((data as { data: number[] }).data);
    }
    if (data === '' || data === undefined || data === null) return new Uint8Array(0);
    if (typeof data === 'string') {
        if (!/^[\u0000-\u007f]*$/.test(data)) {
            throw new InternalError("Nango's proxy returned the file as text that was decoded from bytes; its exact bytes cannot be recovered", context);
        }
        const out = new Uint8Array(data.length);
        for (let i = 0; i < data.length; i++) out[i] = data.charCodeAt(i);
        return out;
    }
    throw new InternalError(`Nango's proxy returned the file as ${typeof data}, not as bytes`, context);
}

// ------------------------------------------------------------------------------------------------ upload

export interface UploadOptions {
    title: string;
    fileName: string;
    contentBase64: string;
    description?: string | undefined;
    linkToRecordId?: string | undefined;
    preventOthersFromSharing?: boolean | undefined;
    privateOnRecords?: boolean | undefined;
}

export interface UploadResult {
    contentVersionId: string;
    contentDocumentId: string | null;
    size: number;
    fileExtension: string | null;
    checksum: string | null;
}

interface VersionRow {
    Id?: string;
    ContentDocumentId?: string | null;
    Title?: string | null;
    PathOnClient?: string | null;
    FileExtension?: string | null;
    FileType?: string | null;
    ContentSize?: number | null;
    VersionNumber?: string | null;
    Checksum?: string | null;
    IsLatest?: boolean | null;
    IsDeleted?: boolean | null;
    CreatedDate?: string | null;
    ContentModifiedDate?: string | null;
}

const VERSION_FIELDS = ['Id', 'ContentDocumentId', 'Title', 'PathOnClient', 'FileExtension', 'FileType', 'ContentSize', 'VersionNumber', 'Checksum', 'IsLatest', 'IsDeleted', 'CreatedDate', 'ContentModifiedDate'];

/**
 * Creates a file: `POST /sobjects/ContentVersion` with the content as base64 (a new ContentDocument comes with it,
 * linked to `linkToRecordId` through FirstPublishLocationId when given). Sent once, never retried: a retry after a
 * lost answer would create a second file. Then one read (a retried GET) for the document id, size and checksum; if
 * only that read fails the upload is still reported, with contentDocumentId null.
 */
export async function uploadFile(nango: NangoClient, options: UploadOptions): Promise<UploadResult> {
    const size = assertBase64Content(options.contentBase64);
    const body: Record<string, unknown> = {
        Title: assertTitle(options.title),
        PathOnClient: assertFileName(options.fileName),
        VersionData: options.contentBase64,
        ContentLocation: 'S'
    };
    if (options.description !== undefined) body['Description'] = assertDescription(options.description);
    if (options.linkToRecordId !== undefined) body['FirstPublishLocationId'] = assertLinkTarget(options.linkToRecordId, 'linkToRecordId');
    if (options.preventOthersFromSharing !== undefined) body['SharingOption'] = options.preventOthersFromSharing ? 'R' : 'A';
    if (options.privateOnRecords !== undefined) body['SharingPrivacy'] = options.privateOnRecords ? 'P' : 'N';
    const context = `upload file "${printable(options.fileName)}"`;
    const response = await request<{ id?: string }>(nango, { method: 'POST', endpoint: paths.sobject('ContentVersion'), data: body, idempotent: false, context });
    const contentVersionId = String(response.data?.id ?? '');
    const fallback: UploadResult = { contentVersionId, contentDocumentId: null, size, fileExtension: null, checksum: null };
    try {
        const row = await versionRow(nango, contentVersionId, false);
        return {
            contentVersionId,
            contentDocumentId: row?.ContentDocumentId ?? null,
            size: typeof row?.ContentSize === 'number' ? row.ContentSize : size,
            fileExtension: row?.FileExtension ?? null,
            checksum: row?.Checksum ?? null
        };
    } catch (error) {
        await nango.log(`upload-file: ${contentVersionId} was created, but reading its ContentDocumentId failed: ${error instanceof Error ? error.message : String(error)}`, { level: 'warn' });
        return fallback;
    }
}

async function versionRow(nango: NangoClient, versionId: string, all: boolean): Promise<VersionRow | undefined> {
    const soql = buildSoql({ select: VERSION_FIELDS, from: 'ContentVersion', where: compare('Id', '=', versionId) });
    const page = await queryFirstPage<VersionRow>(nango, soql, { all, context: `read ContentVersion ${versionId}` });
    return page.records[0];
}

// ------------------------------------------------------------------------------------------------ download

export interface FileVersion {
    contentVersionId: string;
    contentDocumentId: string;
    title: string | null;
    fileName: string | null;
    fileExtension: string | null;
    fileType: string | null;
    size: number;
    versionNumber: string | null;
    checksum: string | null;
    isLatest: boolean;
    createdDate: string | null;
    contentModifiedDate: string | null;
}

function notFound(nango: NangoClient, message: string, errorCode = 'NOT_FOUND'): Error {
    return actionError(nango, { type: errorCode === 'ENTITY_IS_DELETED' ? 'entity_deleted' : 'not_found', message, errorCode, fields: ['fileId'], status: 404, errors: [] });
}

/**
 * The version a file id names: a 068 id itself, a 069 id its LatestPublishedVersionId (one more query). Read through
 * queryAll, so a file in the Recycle Bin is `entity_deleted`, not missing.
 */
export async function resolveVersion(nango: NangoClient, fileId: string): Promise<FileVersion> {
    const id = assertFileId(fileId, 'fileId', [CONTENT_VERSION_PREFIX, CONTENT_DOCUMENT_PREFIX]);
    let versionId = id;
    if (id.startsWith(CONTENT_DOCUMENT_PREFIX)) {
        const soql = buildSoql({ select: ['Id', 'LatestPublishedVersionId', 'IsDeleted'], from: 'ContentDocument', where: compare('Id', '=', id) });
        const page = await queryFirstPage<{ LatestPublishedVersionId?: string | null; IsDeleted?: boolean }>(nango, soql, { all: true, context: `read ContentDocument ${id}` });
        const doc = page.records[0];
        if (!doc) throw notFound(nango, `download file ${id} failed: no ContentDocument ${id} (or the connected user cannot see it)`);
        if (doc.IsDeleted === true) throw notFound(nango, `download file ${id} failed: the file is in the Recycle Bin`, 'ENTITY_IS_DELETED');
        if (!doc.LatestPublishedVersionId) throw notFound(nango, `download file ${id} failed: ContentDocument ${id} has no published version`);
        versionId = doc.LatestPublishedVersionId;
    }
    const row = await versionRow(nango, versionId, true);
    if (!row) throw notFound(nango, `download file ${id} failed: no ContentVersion ${versionId} (or the connected user cannot see it)`);
    if (row.IsDeleted === true) throw notFound(nango, `download file ${id} failed: the file is in the Recycle Bin`, 'ENTITY_IS_DELETED');
    return {
        contentVersionId: toId18(String(row.Id ?? versionId)),
        contentDocumentId: String(row.ContentDocumentId ?? ''),
        title: row.Title ?? null,
        fileName: row.PathOnClient ?? null,
        fileExtension: row.FileExtension ?? null,
        fileType: row.FileType ?? null,
        size: typeof row.ContentSize === 'number' ? row.ContentSize : 0,
        versionNumber: row.VersionNumber ?? null,
        checksum: row.Checksum ?? null,
        isLatest: row.IsLatest === true,
        createdDate: row.CreatedDate ?? null,
        contentModifiedDate: row.ContentModifiedDate ?? null
    };
}

export interface Download extends FileVersion {
    contentBase64: string;
    range: { start: number; end: number; length: number };
    nextOffset: number | null;
    done: boolean;
}

/** Bytes of a range that fit one output next to the metadata, a multiple of 3 so the ranges' base64 texts concatenate. */
export function chunkBytes(meta: FileVersion, maxBytes?: number): number {
    const envelope = jsonSize({ ...meta, contentBase64: '', range: { start: 0, end: 0, length: 0 }, nextOffset: 0, done: false });
    const room = Math.floor((OUTPUT_BUDGET_BYTES - envelope - 256) / 4) * 3;
    const wanted = Math.min(maxBytes ?? MAX_DOWNLOAD_CHUNK_BYTES, MAX_DOWNLOAD_CHUNK_BYTES, room);
    return Math.max(3, wanted - (wanted % 3));
}

/** `bytes a-b/total` of a Content-Range header. */
function parseContentRange(value: string | undefined): { start: number; end: number; total: number } | undefined {
    const m = value ? /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(value.trim()) : null;
    return m ? { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? NaN : Number(m[3]) } : undefined;
}

/**
 * One range of a file's bytes, starting at `offset`, as base64 with the file's metadata: one query (two for a
 * ContentDocument id), then `GET /sobjects/ContentVersion/{id}/VersionData`, with a Range header unless the range is
 * the whole file. Reads are retried. `nextOffset` continues at the next byte (null when done).
 */
export async function downloadFile(nango: NangoClient, fileId: string, offset = 0, maxBytes?: number): Promise<Download> {
    const meta = await resolveVersion(nango, fileId);
    if (!Number.isInteger(offset) || offset < 0) throw new InputError('must be a whole number of bytes, 0 or more', 'offset');
    if (offset > 0 && offset >= meta.size) {
        const error = new InputError(`is ${offset}, but the file has ${meta.size} bytes (the last byte is at offset ${Math.max(0, meta.size - 1)})`, 'offset');
        throw actionError(nango, inputErrorPayload(error, "Found after reading the file's size; nothing was downloaded."));
    }
    const chunk = chunkBytes(meta, maxBytes);
    const end = Math.min(meta.size, offset + chunk) - 1;
    const whole = offset === 0 && end === meta.size - 1;
    const context = `download ContentVersion ${meta.contentVersionId}`;
    const endpoint = `${paths.record('ContentVersion', meta.contentVersionId)}/VersionData`;
    let bytes: Uint8Array = new Uint8Array(0);
    if (meta.size > 0) {
        const response = await request<unknown>(nango, {
            method: 'GET',
            endpoint,
            ...(whole ? {} : { headers: { Range: `bytes=${offset}-${end}` } }),
            responseType: 'arraybuffer',
            context
        });
        const received = responseBytes(response.data, context);
        if (response.status === 206) {
            const range = parseContentRange(response.headers['content-range']);
            if (!range || range.start !== offset || range.end !== end || received.length !== end - offset + 1) {
                throw new InternalError(`Salesforce answered bytes ${range ? `${range.start}-${range.end}` : '(no Content-Range)'} (${received.length} bytes) to a request for bytes ${offset}-${end}`, context);
            }
            bytes = received;
        } else {
            // the whole file came back (no range asked for, or Range not honoured)
            if (received.length !== meta.size) {
                throw new InternalError(`Salesforce sent ${received.length} bytes for a file whose ContentSize is ${meta.size}`, context);
            }
            bytes = whole ? received : received.subarray(offset, end + 1);
            if (!whole) await nango.log(`download-file: Salesforce sent the whole file (${meta.size} bytes) for a byte range; the range was cut out locally`, { level: 'warn' });
        }
        if (whole && meta.checksum && /^[0-9a-f]{32}$/i.test(meta.checksum)) {
            const md5 = createHash('md5').update(bytes).digest('hex');
            if (md5.toLowerCase() !== meta.checksum.toLowerCase()) {
                throw new InternalError(`the downloaded bytes have MD5 ${md5}, the version's Checksum is ${meta.checksum}: the content was altered on its way`, context);
            }
        }
    }
    const last = meta.size === 0 ? -1 : end;
    const done = last >= meta.size - 1;
    return { ...meta, contentBase64: toBase64(bytes), range: { start: offset, end: last, length: bytes.length }, nextOffset: done ? null : last + 1, done };
}

// ------------------------------------------------------------------------------------------------ links

export const SHARE_TYPES = ['V', 'C', 'I'] as const;
export const VISIBILITIES = ['AllUsers', 'InternalUsers', 'SharedUsers'] as const;
export type ShareType = (typeof SHARE_TYPES)[number];
export type Visibility = (typeof VISIBILITIES)[number];

export interface FileLink {
    linkId: string;
    contentDocumentId: string;
    latestVersionId: string | null;
    title: string | null;
    fileExtension: string | null;
    fileType: string | null;
    size: number | null;
    shareType: string | null;
    visibility: string | null;
    ownerId: string | null;
    createdDate: string | null;
    lastModifiedDate: string | null;
}

/** Most links per page (200 rows of metadata stay far under the 2 MB output limit: about 600 bytes each). */
export const MAX_LINKS_PAGE = 200;

/**
 * One page of the files linked to a record: `SELECT … FROM ContentDocumentLink WHERE LinkedEntityId = '…'` (Salesforce
 * refuses a ContentDocumentLink query without such a filter), keyset-paged on the link Id: `cursor` is the last link
 * id of the previous page.
 */
export async function listRecordFiles(nango: NangoClient, recordId: string, limit: number, cursor?: string): Promise<{ files: FileLink[]; nextCursor: string | null }> {
    const target = assertLinkTarget(recordId, 'recordId');
    const after = cursor === undefined ? undefined : assertFileId(cursor, 'cursor', [CONTENT_DOCUMENT_LINK_PREFIX]);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LINKS_PAGE) throw new InputError(`must be a whole number from 1 to ${MAX_LINKS_PAGE}`, 'limit');
    const soql = buildSoql({
        select: [
            'Id',
            'ContentDocumentId',
            'ShareType',
            'Visibility',
            'ContentDocument.Title',
            'ContentDocument.FileExtension',
            'ContentDocument.FileType',
            'ContentDocument.ContentSize',
            'ContentDocument.LatestPublishedVersionId',
            'ContentDocument.OwnerId',
            'ContentDocument.CreatedDate',
            'ContentDocument.LastModifiedDate'
        ],
        from: 'ContentDocumentLink',
        where: and(compare('LinkedEntityId', '=', target, 'recordId'), after ? compare('Id', '>', after, 'cursor') : undefined),
        orderBy: [{ field: 'Id', direction: 'ASC' }],
        limit: limit + 1
    });
    const page = await queryFirstPage<Record<string, unknown>>(nango, soql, { context: `list files of ${target}` });
    const rows = page.records.slice(0, limit);
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    const files = rows.map((row): FileLink => {
        const doc = (row['ContentDocument'] ?? {}) as Record<string, unknown>;
        return {
            linkId: String(row['Id'] ?? ''),
            contentDocumentId: String(row['ContentDocumentId'] ?? ''),
            latestVersionId: str(doc['LatestPublishedVersionId']),
            title: str(doc['Title']),
            fileExtension: str(doc['FileExtension']),
            fileType: str(doc['FileType']),
            size: typeof doc['ContentSize'] === 'number' ? doc['ContentSize'] : null,
            shareType: str(row['ShareType']),
            visibility: str(row['Visibility']),
            ownerId: str(doc['OwnerId']),
            createdDate: str(doc['CreatedDate']),
            lastModifiedDate: str(doc['LastModifiedDate'])
        };
    });
    const more = page.records.length > limit;
    return { files, nextCursor: more ? (files[files.length - 1]?.linkId ?? null) : null };
}

/**
 * Shares a file with a record: `POST /sobjects/ContentDocumentLink`. A create, sent once and never retried; a second
 * link between the same file and record is Salesforce's DUPLICATE_VALUE, reported with what to do.
 */
export async function linkFileToRecord(
    nango: NangoClient,
    contentDocumentId: string,
    recordId: string,
    shareType: ShareType,
    visibility: Visibility
): Promise<{ linkId: string; contentDocumentId: string; recordId: string; shareType: ShareType; visibility: Visibility }> {
    const doc = assertFileId(contentDocumentId, 'contentDocumentId', [CONTENT_DOCUMENT_PREFIX]);
    const target = assertLinkTarget(recordId, 'recordId');
    if (!SHARE_TYPES.includes(shareType)) throw new InputError(`must be one of ${SHARE_TYPES.join(', ')}`, 'shareType');
    if (!VISIBILITIES.includes(visibility)) throw new InputError(`must be one of ${VISIBILITIES.join(', ')}`, 'visibility');
    const context = `link file ${doc} to ${target}`;
    const endpoint = paths.sobject('ContentDocumentLink');
    const response = await request<{ id?: string }>(nango, {
        method: 'POST',
        endpoint,
        data: { ContentDocumentId: doc, LinkedEntityId: target, ShareType: shareType, Visibility: visibility },
        idempotent: false,
        accept: [400],
        context
    });
    if (response.status === 400) {
        const payload = salesforceErrorPayload(400, response.data, context);
        if (payload.errorCode === 'DUPLICATE_VALUE') {
            payload.message += ' The file is already linked to this record (list-record-files shows the link); nothing was changed.';
        }
        throw salesforceActionError(nango, payload, endpoint);
    }
    return { linkId: String(response.data?.id ?? ''), contentDocumentId: doc, recordId: target, shareType, visibility };
}

// ------------------------------------------------------------------------------------------------ delete

/**
 * Deletes a file: `DELETE /sobjects/ContentDocument/{id}`, which takes every version and every link with it (to the
 * Recycle Bin). A ContentVersion id is first resolved to its document (one query). Idempotent like delete-record: a
 * file already in the Recycle Bin is reported with alreadyDeleted true.
 */
export async function deleteFile(nango: NangoClient, fileId: string): Promise<{ contentDocumentId: string; alreadyDeleted: boolean }> {
    const id = assertFileId(fileId, 'fileId', [CONTENT_VERSION_PREFIX, CONTENT_DOCUMENT_PREFIX]);
    let docId = id;
    if (id.startsWith(CONTENT_VERSION_PREFIX)) {
        const row = await versionRow(nango, id, true);
        if (!row?.ContentDocumentId) throw notFound(nango, `delete file ${id} failed: no ContentVersion ${id} (or the connected user cannot see it)`);
        docId = toId18(row.ContentDocumentId);
    }
    const { alreadyDeleted } = await deleteRecord(nango, 'ContentDocument', docId);
    return { contentDocumentId: docId, alreadyDeleted };
}
