/**
 * Salesforce Files over REST: ContentVersion (068), ContentDocument (069) and ContentDocumentLink (06A), on top of the
 * generic sObject routes (the schema is in org/schema.ts, `contentObjects`). What the docs say, and what is simplified:
 *
 * - Upload: `POST /sobjects/ContentVersion` with a JSON body `{Title, PathOnClient, VersionData: <base64>, …}` (REST
 *   API Developer Guide, "Insert or Update Blob Data"). A non-multipart body is limited to 50 MB of text or 37.5 MB of
 *   base64-encoded data (multipart allows 2 GB for ContentVersion; not emulated). Here: a file over 37.5 MB (decoded)
 *   answers 400 MAXIMUM_SIZE_OF_DOCUMENT (a StatusCode of the API; the wording is ours, no recording). Invalid base64
 *   answers 400 JSON_PARSER_ERROR, as a value that cannot be deserialised does. Without ContentDocumentId the insert
 *   creates the ContentDocument (Object Reference, ContentVersion: "ContentDocumentId … created automatically"), with
 *   LatestPublishedVersionId, Title, size and extension copied; with it, it adds version n+1 and the older versions'
 *   IsLatest becomes false. Title defaults to PathOnClient's base name.
 * - Links: the new document is linked to its owner (ShareType I) and, when FirstPublishLocationId names a record, to
 *   that record (ShareType V, Visibility AllUsers), as files uploaded to a record are ("it will always create 2 links").
 *   `POST /sobjects/ContentDocumentLink` needs ContentDocumentId, LinkedEntityId and ShareType (V viewer, C
 *   collaborator, I inferred; a restricted picklist, as Visibility AllUsers/InternalUsers/SharedUsers is); a second
 *   link between the same document and record answers 400 DUPLICATE_VALUE "Document with ID: … is already linked with
 *   the entity with ID: …" on LinkedEntityId (the message as developers report it).
 * - Query: "You can't run a query without filters against ContentDocumentLink" (Object Reference): a query whose WHERE
 *   has no top-level `Id`, `ContentDocumentId` or `LinkedEntityId` `=` / `IN` condition answers 400 MALFORMED_QUERY
 *   ("Implementation restriction: ContentDocumentLink requires a filter by a single Id on ContentDocumentId or
 *   LinkedEntityId using the equals operator or multiple Id's using the IN operator."). The Query All Files
 *   permission (API 59.0+) that lifts it is not emulated. VersionData in a query is the blob's URL (soql/engine.ts).
 * - Download: `GET /sobjects/ContentVersion/{id}/VersionData` ("sObject Blob Get") answers the bytes. The guide lists no
 *   parameters and says nothing about HTTP Range; third-party write-ups report ranged downloads from Salesforce's file
 *   endpoints. The emulator honours `Range: bytes=a-b` (also `a-` and `-n`) with 206 and Content-Range, 416 when the
 *   start is past the end; a malformed or multi-part Range is ignored (200, whole file), as RFC 9110 allows.
 *   `setBlobRanges(state, false)` makes it ignore Range altogether, for clients that must cope with either.
 * - Delete: `DELETE /sobjects/ContentDocument/{id}` moves the document, every version and every link to the Recycle
 *   Bin; again → 404 ENTITY_IS_DELETED. ContentVersion itself cannot be deleted (describe: deletable false).
 * Not emulated: libraries (ContentWorkspace), external files, sharing checks on who may see a file, file size limits
 * per org, multipart uploads, new versions through PATCH.
 */
import { createHash } from 'node:crypto';
import { parseQuery, type WhereClause } from '@jetstreamapp/soql-parser-js';

import { SfError } from '../errors.js';
import { json, jsonBody, type Req, type Res } from '../http.js';
import { to18 } from '../org/ids.js';
import type { Rec } from '../org/values.js';
import type { SalesforceState } from '../state.js';

/** Largest file a JSON (non-multipart) body may carry: 37.5 MB of decoded data. */
export const MAX_JSON_BLOB_BYTES = 37.5 * 1024 * 1024;

/** Standard padded base64 (a character-class scan: a grouped regex over megabytes would overflow V8's regex stack). */
function isBase64(text: string): boolean {
    if (text.length % 4 !== 0 || /[^A-Za-z0-9+/=]/.test(text)) return false;
    const pad = text.indexOf('=');
    return pad === -1 || (pad >= text.length - 2 && /^=+$/.test(text.slice(pad)));
}

const rangesOff = new WeakSet<SalesforceState>();

/** Turns Range support of the VersionData endpoint off (false) or back on. */
export function setBlobRanges(s: SalesforceState, on: boolean): void {
    if (on) rangesOff.delete(s);
    else rangesOff.add(s);
}

/** Salesforce's FileType for an extension (the common ones; others are UNKNOWN). */
const FILE_TYPES: Record<string, string> = {
    pdf: 'PDF', png: 'PNG', jpg: 'JPG', jpeg: 'JPEG', gif: 'GIF', txt: 'TEXT', csv: 'CSV', doc: 'WORD', docx: 'WORD_X',
    xls: 'EXCEL', xlsx: 'EXCEL_X', ppt: 'POWER_POINT', pptx: 'POWER_POINT_X', zip: 'ZIP', json: 'JSON', xml: 'XML', html: 'HTML', mp4: 'MP4'
};

function extensionOf(pathOnClient: string): string | null {
    const base = pathOnClient.split(/[\\/]/).pop() ?? '';
    const dot = base.lastIndexOf('.');
    return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : null;
}

function baseName(pathOnClient: string): string {
    const base = pathOnClient.split(/[\\/]/).pop() ?? pathOnClient;
    const dot = base.lastIndexOf('.');
    return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * The file routes under /sobjects/: returns undefined for anything that is not a Files call with its own behaviour
 * (the generic routes serve the rest: describe, GET by id, PATCH, queries).
 */
export function filesRoute(req: Req, s: SalesforceState, version: string, method: string, parts: string[]): Res | undefined {
    const [type, id, field, ...extra] = parts;
    if (type === undefined || extra.length > 0) return undefined;
    const name = type.toLowerCase();
    if (name === 'contentversion' && id === undefined && method === 'POST') return insertVersion(req, s, version);
    if (name === 'contentversion' && id !== undefined && field?.toLowerCase() === 'versiondata' && method === 'GET') return versionData(req, s, id);
    if (name === 'contentdocumentlink' && id === undefined && method === 'POST') return insertLink(req, s, version);
    if (name === 'contentdocument' && id !== undefined && field === undefined && method === 'DELETE') return deleteDocument(s, id);
    return undefined;
}

function created(version: string, type: string, id: string, endpoint: string): Res {
    return { ...json(201, { id, success: true, errors: [] }, { Location: `/services/data/v${version}/sobjects/${type}/${id}` }), endpoint };
}

function insertVersion(req: Req, s: SalesforceState, version: string): Res {
    const org = s.org;
    const body = jsonBody(req);
    const key = (k: string): string | undefined => Object.keys(body).find((x) => x.toLowerCase() === k.toLowerCase());
    const dataKey = key('VersionData');
    const raw = dataKey === undefined ? undefined : body[dataKey];
    if (raw === undefined || raw === null || raw === '') throw new SfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [VersionData]', ['VersionData']);
    if (typeof raw !== 'string' || !isBase64(raw)) {
        throw new SfError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of base64 from VALUE_STRING value: not a valid base64 string');
    }
    const bytes = Buffer.from(raw, 'base64');
    if (bytes.length > MAX_JSON_BLOB_BYTES) {
        throw new SfError(400, 'MAXIMUM_SIZE_OF_DOCUMENT', `VersionData is ${bytes.length} bytes; a JSON request body carries at most 37.5 MB of base64-encoded data, use a multipart request`, ['VersionData']);
    }
    const pathKey = key('PathOnClient');
    const pathOnClient = pathKey === undefined ? undefined : body[pathKey];
    if (typeof pathOnClient !== 'string' || pathOnClient === '') throw new SfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [PathOnClient]', ['PathOnClient']);
    const values: Record<string, unknown> = { ...body };
    if (key('Title') === undefined) values['Title'] = baseName(pathOnClient);
    const docKey = key('ContentDocumentId');
    const existingDoc = docKey === undefined ? undefined : body[docKey];
    if (existingDoc !== undefined && existingDoc !== null && key('FirstPublishLocationId') !== undefined) {
        throw new SfError(400, 'FIELD_INTEGRITY_EXCEPTION', 'FirstPublishLocationId can only be set on the first version of a document', ['FirstPublishLocationId']);
    }
    const extension = extensionOf(pathOnClient);
    const now = org.now();
    const id = org.atomically(() => {
        const rec = org.insert('ContentVersion', values);
        const versionId = rec['Id'] as string;
        const derived: Rec = {
            ContentSize: bytes.length,
            FileExtension: extension,
            FileType: extension ? (FILE_TYPES[extension] ?? 'UNKNOWN') : 'UNKNOWN',
            Checksum: createHash('md5').update(bytes).digest('hex'),
            IsLatest: true,
            ContentModifiedDate: now,
            VersionDataUrl: `${s.baseUrl()}/sfc/servlet.shepherd/version/download/${versionId}`
        };
        if (typeof rec['ContentDocumentId'] === 'string') {
            const docId = rec['ContentDocumentId'];
            const siblings = org.list('ContentVersion').filter((v) => v['ContentDocumentId'] === docId && v['Id'] !== versionId);
            for (const v of siblings) if (v['IsLatest'] === true) org.updateRaw(v['Id'] as string, { IsLatest: false });
            org.updateRaw(versionId, { ...derived, VersionNumber: String(siblings.length + 1) });
            org.updateRaw(docId, { LatestPublishedVersionId: versionId, Title: rec['Title'] ?? null, ContentSize: bytes.length, FileExtension: derived['FileExtension'] ?? null, FileType: derived['FileType'] ?? null, ContentModifiedDate: now });
        } else {
            const doc = org.insertRaw('ContentDocument', {
                Title: rec['Title'] ?? null,
                Description: rec['Description'] ?? null,
                LatestPublishedVersionId: versionId,
                ContentSize: bytes.length,
                FileExtension: derived['FileExtension'] ?? null,
                FileType: derived['FileType'] ?? null,
                SharingOption: rec['SharingOption'] ?? 'A',
                SharingPrivacy: rec['SharingPrivacy'] ?? 'N',
                ContentModifiedDate: now,
                OwnerId: rec['OwnerId'] ?? org.apiUserId
            });
            const docId = doc['Id'] as string;
            org.updateRaw(versionId, { ...derived, ContentDocumentId: docId, VersionNumber: '1' });
            const owner = String(rec['OwnerId'] ?? org.apiUserId);
            org.insertRaw('ContentDocumentLink', { ContentDocumentId: docId, LinkedEntityId: owner, ShareType: 'I', Visibility: 'AllUsers' });
            const location = rec['FirstPublishLocationId'];
            if (typeof location === 'string' && location !== owner) {
                org.insertRaw('ContentDocumentLink', { ContentDocumentId: docId, LinkedEntityId: location, ShareType: 'V', Visibility: 'AllUsers' });
            }
        }
        return versionId;
    });
    org.touchRecent(id);
    return created(version, 'ContentVersion', id, 'POST /sobjects/ContentVersion');
}

/** `Range: bytes=a-b` (or `a-`, `-n`) against a size: the inclusive range, 'unsatisfiable', or undefined to ignore it. */
export function parseRange(value: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
    if (value === undefined) return undefined;
    const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(value);
    if (!m || (m[1] === '' && m[2] === '')) return undefined;
    if (m[1] === '') {
        const suffix = Number(m[2]);
        if (suffix === 0) return 'unsatisfiable';
        return { start: Math.max(0, size - suffix), end: size - 1 };
    }
    const start = Number(m[1]);
    const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
    if (start >= size) return 'unsatisfiable';
    return { start, end };
}

function versionData(req: Req, s: SalesforceState, id: string): Res {
    const org = s.org;
    const table = org.tables.get('ContentVersion');
    if (!table) throw new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const rec = org.liveRecord(table, id);
    const content = Buffer.from(typeof rec['VersionData'] === 'string' ? rec['VersionData'] : '', 'base64');
    const endpoint = 'GET /sobjects/ContentVersion/{id}/VersionData';
    const base = { 'Content-Type': 'application/octetstream', 'Accept-Ranges': 'bytes' };
    const rangeHeader = req.headers['range'];
    const range = rangesOff.has(s) ? undefined : parseRange(Array.isArray(rangeHeader) ? rangeHeader[0] : rangeHeader, content.length);
    if (range === 'unsatisfiable') {
        return { status: 416, headers: { ...base, 'Content-Range': `bytes */${content.length}` }, body: Buffer.alloc(0), endpoint };
    }
    if (range) {
        return { status: 206, headers: { ...base, 'Content-Range': `bytes ${range.start}-${range.end}/${content.length}` }, body: content.subarray(range.start, range.end + 1), endpoint };
    }
    return { status: 200, headers: base, body: content, endpoint };
}

function insertLink(req: Req, s: SalesforceState, version: string): Res {
    const org = s.org;
    const body = jsonBody(req);
    const value = (k: string): unknown => body[Object.keys(body).find((x) => x.toLowerCase() === k.toLowerCase()) ?? ''];
    const shareType = value('ShareType');
    if (shareType === undefined || shareType === null || shareType === '') throw new SfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [ShareType]', ['ShareType']);
    const id = org.atomically(() => {
        const rec = org.insert('ContentDocumentLink', body);
        const duplicate = org
            .list('ContentDocumentLink')
            .find((l) => l['Id'] !== rec['Id'] && l['ContentDocumentId'] === rec['ContentDocumentId'] && l['LinkedEntityId'] === rec['LinkedEntityId']);
        if (duplicate) {
            throw new SfError(400, 'DUPLICATE_VALUE', `Document with ID: ${String(rec['ContentDocumentId'])} is already linked with the entity with ID: ${String(rec['LinkedEntityId'])}`, ['LinkedEntityId']);
        }
        return rec['Id'] as string;
    });
    return created(version, 'ContentDocumentLink', id, 'POST /sobjects/ContentDocumentLink');
}

function deleteDocument(s: SalesforceState, id: string): Res {
    const org = s.org;
    org.atomically(() => {
        org.delete('ContentDocument', id);
        const docId = to18(id);
        for (const type of ['ContentVersion', 'ContentDocumentLink']) {
            for (const child of org.list(type)) {
                if (child['ContentDocumentId'] === docId) org.updateRaw(child['Id'] as string, { IsDeleted: true });
            }
        }
    });
    return { status: 204, headers: {}, body: '', endpoint: 'DELETE /sobjects/ContentDocument/{id}' };
}

const LINK_FILTER_FIELDS = new Set(['id', 'contentdocumentid', 'linkedentityid']);

/**
 * Refuses a ContentDocumentLink query without a top-level `=` or `IN` condition on Id, ContentDocumentId or
 * LinkedEntityId (conditions joined by OR at the top level, or inside parentheses, do not count). Other queries pass.
 */
export function checkFileQuery(soql: string): void {
    let parsed: ReturnType<typeof parseQuery>;
    try {
        parsed = parseQuery(soql);
    } catch {
        return; // the engine reports the syntax error
    }
    if (String(parsed.sObject ?? '').toLowerCase() !== 'contentdocumentlink') return;
    if (!hasTopLevelIdFilter(parsed.where)) {
        throw new SfError(
            400,
            'MALFORMED_QUERY',
            "Implementation restriction: ContentDocumentLink requires a filter by a single Id on ContentDocumentId or LinkedEntityId using the equals operator or multiple Id's using the IN operator."
        );
    }
}

function hasTopLevelIdFilter(where: WhereClause | undefined): boolean {
    let depth = 0;
    let found = false;
    let node: WhereClause | undefined = where;
    while (node) {
        const left = node.left as unknown as Record<string, unknown> | null | undefined;
        const open = Number(left?.['openParen'] ?? 0);
        const close = Number(left?.['closeParen'] ?? 0);
        const field = typeof left?.['field'] === 'string' ? left['field'].toLowerCase() : '';
        const op = String(left?.['operator'] ?? '').toUpperCase();
        // top level: outside any group, or alone in its own parentheses ("(LinkedEntityId = '…') AND (…)")
        if (depth === 0 && open === close && LINK_FILTER_FIELDS.has(field) && (op === '=' || op === 'IN')) found = true;
        depth += open - close;
        if (depth === 0 && (node as { operator?: string }).operator === 'OR') return false;
        node = 'right' in node ? (node.right as WhereClause | undefined) : undefined;
    }
    return found;
}
