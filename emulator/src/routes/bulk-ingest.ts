/**
 * Bulk API 2.0 ingest jobs (Bulk API 2.0 Developer Guide): POST /jobs/ingest, PUT /jobs/ingest/{id}/batches (text/csv),
 * PATCH /jobs/ingest/{id} ({"state": "UploadComplete" | "Aborted"}), GET and DELETE /jobs/ingest/{id}, GET
 * /jobs/ingest/{id}/successfulResults | failedResults | unprocessedrecords.
 *
 * What the docs say and the emulator does:
 * - Create a Job: object and operation (insert, update, upsert, delete, hardDelete) required, externalIdFieldName
 *   required for upsert, contentType only CSV, columnDelimiter BACKQUOTE/CARET/COMMA/PIPE/SEMICOLON/TAB (COMMA),
 *   lineEnding LF/CRLF (LF); available from v41.0. The answer is the job, state Open, with its contentUrl.
 * - Upload Job Data: "A request can provide CSV data that does not in total exceed 150 MB of base64 encoded content"
 *   (about 100 MB of CSV); 201 Created, no body. The emulator takes one upload per job (what this package sends);
 *   the docs do not say whether a second PUT appends, so a second one is refused (400 INVALIDJOBSTATE).
 * - Prepare CSV Files / Valid CSV Record Rows: the header names fields by API name, relationships as
 *   `Relationship.IndexedField` (and polymorphic `Type:Relationship.IndexedField`); UTF-8; "Empty field values are
 *   ignored when you update records. To set a field value to null, use a field value of #N/A"; values are text,
 *   never evaluated. The line ending must be the job's: other line breaks fail the job with
 *   "ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF" (the message clients
 *   record); an unknown header column fails it with "InvalidBatch : Field name not found : X".
 * - Processing is asynchronous: after the close (UploadComplete) the first `pollsToComplete` status reads (the
 *   emulator's Bulk setting, shared with query jobs) say InProgress, the next one processes every row and says
 *   JobComplete. Each row is its own unit (its failure does not undo others), as Bulk API's per-record results.
 * - Results: successfulResults (`sf__Id`, `sf__Created`, then the uploaded columns), failedResults (`sf__Id`,
 *   `sf__Error` as `CODE:message:fields --`, then the uploaded columns), unprocessedrecords (the uploaded columns);
 *   every value quoted, in the job's delimiter and line ending. Salesforce does not keep row order; the emulator does.
 * - Limits: 5,000 fields per record (a wider header fails the job); jobs in a final state are kept 7 days.
 * Simplified: the errorCodes of refused requests (INVALIDJOB, INVALIDJOBSTATE, INVALIDENTITY) follow the query
 * jobs' (routes/bulk.ts) where no recorded ingest answer was found; batches of 10,000 rows, retries and the daily
 * 150,000,000-record allocation are not modelled; processing happens in one step.
 */
import { SfError, notFound } from '../errors.js';
import { empty, header, json, jsonBody, type Req, type Res } from '../http.js';
import { keyPrefixOf, to18 } from '../org/ids.js';
import type { FieldDef, ObjectDef } from '../org/schema.js';
import { formatDateTime } from '../org/values.js';
import type { SalesforceState } from '../state.js';

const DELIMITERS: Record<string, string> = { COMMA: ',', TAB: '\t', PIPE: '|', SEMICOLON: ';', CARET: '^', BACKQUOTE: '`' };
const OPERATIONS = new Set(['insert', 'update', 'upsert', 'delete', 'hardDelete']);
/** 150 MB of base64 is about 100 MB of CSV. */
export const MAX_INGEST_UPLOAD_BYTES = 100 * 1024 * 1024;
const MAX_COLUMNS = 5_000;
const LIFETIME_MS = 7 * 86_400_000;
const TERMINAL = new Set(['JobComplete', 'Failed', 'Aborted']);

type IngestState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

interface IngestJob {
    id: string;
    object: string;
    operation: string;
    externalIdFieldName?: string;
    state: IngestState;
    apiVersion: string;
    columnDelimiter: string;
    lineEnding: 'LF' | 'CRLF';
    createdDate: number;
    systemModstamp: number;
    createdById: string;
    polls: number;
    data?: string;
    processed: number;
    failed: number;
    totalProcessingTime: number;
    errorMessage?: string;
    header: string[];
    successful: string[][];
    failures: string[][];
    unprocessed: string[][];
}

/** The ingest jobs of each org state (kept here, beside the routes that use them). */
const stores = new WeakMap<SalesforceState, Map<string, IngestJob>>();
function jobsOf(s: SalesforceState): Map<string, IngestJob> {
    let jobs = stores.get(s);
    if (!jobs) {
        jobs = new Map();
        stores.set(s, jobs);
    }
    return jobs;
}

const invalidJob = (message: string): SfError => new SfError(400, 'INVALIDJOB', message);
const invalidState = (message: string): SfError => new SfError(400, 'INVALIDJOBSTATE', message);
const methodNotAllowed = (method: string, allowed: string): Res => json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are ${allowed}`, errorCode: 'METHOD_NOT_ALLOWED' }]);

/** Routes /jobs/ingest/** (parts after /jobs/ingest, decoded). */
export function bulkIngest(req: Req, s: SalesforceState, version: string, method: string, parts: string[]): Res {
    if (Number(version) < 41) throw notFound();
    const [id, sub, ...extra] = parts;
    if (extra.length > 0) throw notFound();
    if (id === undefined) {
        if (method === 'POST') return create(req, s, version);
        if (method === 'GET') return json(200, { done: true, records: [...jobsOf(s).values()].map((j) => info(j, true)), nextRecordsUrl: null });
        return methodNotAllowed(method, 'GET,HEAD,POST');
    }
    const job = liveJob(s, id);
    if (!job) throw notFound();
    if (sub === 'batches') {
        if (method !== 'PUT') return methodNotAllowed(method, 'PUT');
        return upload(req, s, job);
    }
    if (sub === 'successfulResults' || sub === 'failedResults' || sub === 'unprocessedrecords') {
        if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
        return results(job, sub);
    }
    if (sub !== undefined) throw notFound();
    switch (method) {
        case 'GET':
            poll(s, job);
            return json(200, info(job, true));
        case 'PATCH':
            return patch(req, s, job);
        case 'DELETE':
            if (!TERMINAL.has(job.state)) throw invalidState(`A job in state ${job.state} cannot be deleted; abort it first.`);
            jobsOf(s).delete(job.id);
            return empty(204);
        default:
            return methodNotAllowed(method, 'GET,HEAD,PATCH,DELETE');
    }
}

function liveJob(s: SalesforceState, id: string): IngestJob | undefined {
    const jobs = jobsOf(s);
    const id18 = to18(id);
    const job = id18 ? jobs.get(id18) : undefined;
    if (job && TERMINAL.has(job.state) && s.org.now() - job.createdDate > LIFETIME_MS) {
        jobs.delete(job.id);
        return undefined;
    }
    return job;
}

function info(job: IngestJob, full: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {
        id: job.id,
        operation: job.operation,
        object: job.object,
        createdById: job.createdById,
        createdDate: formatDateTime(job.createdDate),
        systemModstamp: formatDateTime(job.systemModstamp),
        state: job.state,
        ...(job.externalIdFieldName !== undefined ? { externalIdFieldName: job.externalIdFieldName } : {}),
        concurrencyMode: 'Parallel',
        contentType: 'CSV',
        apiVersion: Number(job.apiVersion),
        contentUrl: `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`,
        lineEnding: job.lineEnding,
        columnDelimiter: job.columnDelimiter
    };
    if (!full) return out;
    out['jobType'] = 'V2Ingest';
    out['numberRecordsProcessed'] = job.processed;
    out['numberRecordsFailed'] = job.failed;
    out['retries'] = 0;
    out['totalProcessingTime'] = job.totalProcessingTime;
    out['apiActiveProcessingTime'] = job.totalProcessingTime;
    out['apexProcessingTime'] = 0;
    if (job.errorMessage !== undefined) out['errorMessage'] = job.errorMessage;
    return out;
}

function create(req: Req, s: SalesforceState, version: string): Res {
    const body = jsonBody(req);
    const operation = body['operation'];
    if (typeof operation !== 'string' || !OPERATIONS.has(operation)) throw invalidJob(`Invalid operation: ${JSON.stringify(operation ?? null)}. Ingest jobs accept insert, update, upsert, delete or hardDelete.`);
    const objectName = body['object'];
    if (typeof objectName !== 'string' || objectName === '') throw invalidJob('object is required');
    const def = s.org.schema.get(objectName);
    if (!def) throw new SfError(400, 'INVALIDENTITY', `Entity '${objectName}' is not supported by the Bulk API.`);
    if (s.bulk.unsupportedObjects.has(def.name.toLowerCase())) throw new SfError(400, 'INVALIDENTITY', `Entity '${def.name}' is not supported by the Bulk API.`);
    const contentType = body['contentType'] ?? 'CSV';
    if (contentType !== 'CSV') throw invalidJob(`Invalid contentType: ${JSON.stringify(contentType)}. Only CSV is supported.`);
    const columnDelimiter = body['columnDelimiter'] ?? 'COMMA';
    if (typeof columnDelimiter !== 'string' || !(columnDelimiter in DELIMITERS)) throw invalidJob(`Invalid columnDelimiter: ${JSON.stringify(columnDelimiter)}`);
    const lineEnding = body['lineEnding'] ?? 'LF';
    if (lineEnding !== 'LF' && lineEnding !== 'CRLF') throw invalidJob(`Invalid lineEnding: ${JSON.stringify(lineEnding)}`);
    let externalIdFieldName: string | undefined;
    if (operation === 'upsert') {
        const ext = body['externalIdFieldName'];
        if (typeof ext !== 'string' || ext === '') throw invalidJob('External ID field name is required for upsert');
        const fd = def.byName.get(ext.toLowerCase());
        if (!fd || !(fd.externalId || fd.idLookup)) throw invalidJob(`Field ${ext} is not an External ID or Id field of ${def.name}`);
        externalIdFieldName = fd.name;
    }
    if ((operation === 'delete' || operation === 'hardDelete') && !def.deletable) throw invalidJob(`Entity '${def.name}' cannot be deleted`);
    const now = s.org.now();
    const job: IngestJob = {
        id: s.org.ids.next('750'),
        object: def.name,
        operation,
        ...(externalIdFieldName !== undefined ? { externalIdFieldName } : {}),
        state: 'Open',
        apiVersion: version,
        columnDelimiter,
        lineEnding,
        createdDate: now,
        systemModstamp: now,
        createdById: s.org.apiUserId,
        polls: 0,
        processed: 0,
        failed: 0,
        totalProcessingTime: 0,
        header: [],
        successful: [],
        failures: [],
        unprocessed: []
    };
    jobsOf(s).set(job.id, job);
    return json(200, info(job, false));
}

function upload(req: Req, s: SalesforceState, job: IngestJob): Res {
    const type = header(req, 'content-type') ?? '';
    if (!/^text\/csv\b/i.test(type)) throw invalidJob(`Unsupported content type ${JSON.stringify(type)}: job data is uploaded as text/csv`);
    if (job.state !== 'Open') throw invalidState(`Job ${job.id} is ${job.state}: data can only be uploaded to an Open job`);
    if (job.data !== undefined) throw invalidState(`Job ${job.id} already has its data`);
    if (req.body.length > MAX_INGEST_UPLOAD_BYTES) throw invalidJob(`Upload exceeds the maximum of 150 MB of base64-encoded content (about ${MAX_INGEST_UPLOAD_BYTES / (1024 * 1024)} MB of CSV)`);
    job.data = req.body.toString('utf8');
    job.systemModstamp = s.org.now();
    return empty(201);
}

function patch(req: Req, s: SalesforceState, job: IngestJob): Res {
    const state = jsonBody(req)['state'];
    if (state === 'UploadComplete') {
        if (job.state !== 'Open') throw invalidState(`Job ${job.id} is ${job.state}: only an Open job can be closed`);
        job.state = 'UploadComplete';
    } else if (state === 'Aborted') {
        if (job.state !== 'Open' && job.state !== 'UploadComplete' && job.state !== 'InProgress') throw invalidState(`Job ${job.id} is already finished (state ${job.state}); only Open, UploadComplete or InProgress jobs can be aborted.`);
        job.state = 'Aborted';
        job.unprocessed = job.data !== undefined ? rowsOf(job).rows : [];
    } else {
        throw invalidJob(`Invalid state: ${JSON.stringify(state ?? null)}. An ingest job can be set to UploadComplete or Aborted.`);
    }
    job.systemModstamp = s.org.now();
    return json(200, info(job, false));
}

function poll(s: SalesforceState, job: IngestJob): void {
    if (job.state !== 'UploadComplete' && job.state !== 'InProgress') return;
    job.polls++;
    job.systemModstamp = s.org.now();
    if (job.polls <= s.bulk.pollsToComplete) {
        job.state = 'InProgress';
        return;
    }
    processJob(s, job);
}

function fail(job: IngestJob, message: string): void {
    job.state = 'Failed';
    job.errorMessage = message;
    job.unprocessed = rowsOf(job).rows;
}

/** The uploaded rows (header apart), parsed with the job's delimiter; any line break accepted here. */
function rowsOf(job: IngestJob): { header: string[]; rows: string[][]; terminators: Set<string> } {
    const text = job.data ?? '';
    const d = DELIMITERS[job.columnDelimiter] ?? ',';
    const all: string[][] = [];
    const terminators = new Set<string>();
    let row: string[] = [];
    let i = 0;
    while (i < text.length) {
        let field = '';
        if (text[i] === '"') {
            i++;
            for (;;) {
                const q = text.indexOf('"', i);
                if (q < 0) {
                    field += text.slice(i);
                    i = text.length;
                    break;
                }
                field += text.slice(i, q);
                if (text[q + 1] === '"') {
                    field += '"';
                    i = q + 2;
                    continue;
                }
                i = q + 1;
                break;
            }
        } else {
            let end = i;
            while (end < text.length && text[end] !== d && text[end] !== '\n' && text[end] !== '\r') end++;
            field = text.slice(i, end);
            i = end;
        }
        row.push(field);
        if (text[i] === d) {
            i++;
            if (i === text.length) row.push('');
            continue;
        }
        if (text[i] === '\r' && text[i + 1] === '\n') {
            terminators.add('CRLF');
            i += 2;
        } else if (text[i] === '\n') {
            terminators.add('LF');
            i++;
        } else if (text[i] === '\r') {
            terminators.add('CR');
            i++;
        }
        all.push(row);
        row = [];
    }
    return { header: all[0] ?? [], rows: all.slice(1), terminators };
}

type Column = { kind: 'field'; fd: FieldDef } | { kind: 'parent'; fd: FieldDef; parent: ObjectDef; key: FieldDef };

/** A header column: a field, or a parent by one of its external-id (or idLookup) fields. */
function columnOf(s: SalesforceState, def: ObjectDef, name: string): Column | undefined {
    const colon = name.indexOf(':');
    const type = colon >= 0 ? name.slice(0, colon) : undefined;
    const [rel, field, ...more] = (colon >= 0 ? name.slice(colon + 1) : name).split('.');
    if (rel === undefined || more.length > 0) return undefined;
    if (field === undefined) {
        const fd = type === undefined ? def.byName.get(rel.toLowerCase()) : undefined;
        return fd ? { kind: 'field', fd } : undefined;
    }
    const fd = def.fields.find((f) => f.type === 'reference' && f.relationshipName?.toLowerCase() === rel.toLowerCase());
    if (!fd) return undefined;
    const parentName = type ?? (fd.referenceTo.length === 1 ? fd.referenceTo[0] : undefined);
    const parent = parentName ? s.org.schema.get(parentName) : undefined;
    if (!parent || !fd.referenceTo.some((t) => t.toLowerCase() === parent.name.toLowerCase())) return undefined;
    const key = parent.byName.get(field.toLowerCase());
    if (!key || !(key.externalId || key.idLookup)) return undefined;
    return { kind: 'parent', fd, parent, key };
}

const sfError = (code: string, message: string, fields: readonly string[] = []): string => `${code}:${message}:${fields.join(',')} --`;

function errorText(err: unknown): string {
    if (err instanceof SfError) return sfError(err.errorCode, err.message, err.fields ?? []);
    throw err;
}

/** Processes every row at once: each in its own savepoint, its outcome in the successful or failed results. */
function processJob(s: SalesforceState, job: IngestJob): void {
    const started = Date.now();
    const def = s.org.schema.get(job.object);
    if (!def) return fail(job, `InvalidBatch : Entity '${job.object}' is not supported by the Bulk API.`);
    if (job.data === undefined || job.data === '') return fail(job, 'InvalidBatch : No data was uploaded for this job');
    const parsed = rowsOf(job);
    const wrong = [...parsed.terminators].find((t) => t !== job.lineEnding);
    if (wrong) return fail(job, `ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${job.lineEnding}`);
    job.header = parsed.header;
    if (parsed.header.length > MAX_COLUMNS) return fail(job, `InvalidBatch : Too many fields in a record: ${parsed.header.length}; the maximum is ${MAX_COLUMNS}`);
    const columns: Column[] = [];
    for (const name of parsed.header) {
        const column = columnOf(s, def, name);
        if (!column) return fail(job, `InvalidBatch : Field name not found : ${name}`);
        columns.push(column);
    }
    const ext = job.externalIdFieldName ? def.byName.get(job.externalIdFieldName.toLowerCase()) : undefined;
    // upsert by an external-id field: one scan of the object, then the index follows the job's own writes
    const byExternalId = new Map<string, string[]>();
    if (ext && ext.type !== 'id') {
        for (const rec of s.org.list(def.name)) {
            const v = rec[ext.name];
            if (v === null || v === undefined || v === '') continue;
            const k = String(v).toLowerCase();
            byExternalId.set(k, [...(byExternalId.get(k) ?? []), rec['Id'] as string]);
        }
    }
    const seenExternal = new Set<string>();
    for (const row of parsed.rows) {
        if (row.length !== columns.length) {
            job.failures.push(['', sfError('INVALID_FIELD', `Row has ${row.length} fields; the header has ${columns.length}`), ...row]);
            continue;
        }
        const sp = s.org.begin();
        try {
            const outcome = writeRow(s, job, def, columns, row, ext, byExternalId, seenExternal);
            s.org.commit(sp);
            job.successful.push([outcome.id, outcome.created ? 'true' : 'false', ...row]);
        } catch (err) {
            s.org.rollback(sp);
            const idColumn = parsed.header.findIndex((h) => h.toLowerCase() === 'id');
            job.failures.push([idColumn >= 0 ? (to18(row[idColumn] ?? '') ?? '') : '', errorText(err), ...row]);
        }
    }
    job.processed = parsed.rows.length;
    job.failed = job.failures.length;
    job.totalProcessingTime = Date.now() - started;
    job.state = 'JobComplete';
}

function writeRow(
    s: SalesforceState,
    job: IngestJob,
    def: ObjectDef,
    columns: Column[],
    row: string[],
    ext: FieldDef | undefined,
    byExternalId: Map<string, string[]>,
    seenExternal: Set<string>
): { id: string; created: boolean } {
    const body: Record<string, unknown> = {};
    let idValue: string | undefined;
    columns.forEach((column, i) => {
        const raw = row[i] ?? '';
        if (column.fd.name === 'Id') {
            idValue = raw;
            return;
        }
        if (raw === '') return; // an empty field is ignored
        if (raw === '#N/A') {
            body[column.fd.name] = null;
            return;
        }
        if (column.kind === 'field') {
            body[column.fd.name] = raw;
            return;
        }
        const parents = s.org.findByField(column.parent.name, column.key, raw);
        if (parents.length !== 1) {
            throw new SfError(400, 'INVALID_FIELD', parents.length === 0 ? `Foreign key external ID: ${raw} not found for field ${column.key.name} in entity ${column.parent.name}` : `Foreign key external ID: ${raw} matches more than one ${column.parent.name}`, [column.fd.name]);
        }
        body[column.fd.name] = parents[0]?.['Id'] ?? null;
    });
    const idOf = (raw: string | undefined): string => {
        const id = raw ? to18(raw) : null;
        if (!id || keyPrefixOf(id) !== def.keyPrefix) throw new SfError(400, 'MALFORMED_ID', `${def.label} ID: id value of incorrect type: ${raw ?? ''}`, ['Id']);
        const rec = s.org.get(id);
        if (!rec) throw new SfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
        if (rec['IsDeleted'] === true) throw new SfError(400, 'ENTITY_IS_DELETED', 'entity is deleted', []);
        return id;
    };
    switch (job.operation) {
        case 'insert':
            return { id: s.org.insert(def.name, body)['Id'] as string, created: true };
        case 'update': {
            const id = idOf(idValue);
            s.org.update(def.name, id, body);
            return { id, created: false };
        }
        case 'delete': {
            const id = idOf(idValue);
            s.org.delete(def.name, id);
            return { id, created: false };
        }
        case 'hardDelete': {
            const id = idOf(idValue);
            s.org.hardDelete(id);
            return { id, created: false };
        }
        default: {
            // upsert
            if (!ext || ext.type === 'id') {
                if (idValue === undefined || idValue === '') return { id: s.org.insert(def.name, body)['Id'] as string, created: true };
                const id = idOf(idValue);
                s.org.update(def.name, id, body);
                return { id, created: false };
            }
            const value = body[ext.name];
            if (typeof value !== 'string' || value === '') throw new SfError(400, 'MISSING_ARGUMENT', `${ext.name} not specified`, [ext.name]);
            const key = value.toLowerCase();
            if (seenExternal.has(key)) throw new SfError(400, 'DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${value}`, [ext.name]);
            seenExternal.add(key);
            const matches = byExternalId.get(key) ?? [];
            if (matches.length > 1) throw new SfError(300, 'DUPLICATE_EXTERNAL_ID', `${ext.name}: more than one record found for external id field: ${matches.join(', ')}`, [ext.name]);
            const match = matches[0];
            if (match && s.org.get(match)?.['IsDeleted'] !== true) {
                const values = { ...body };
                delete values[ext.name];
                s.org.update(def.name, match, values);
                return { id: match, created: false };
            }
            const id = s.org.insert(def.name, body)['Id'] as string;
            byExternalId.set(key, [id]);
            return { id, created: true };
        }
    }
}

function quoted(value: string): string {
    return `"${value.replace(/"/g, '""')}"`;
}

function results(job: IngestJob, which: 'successfulResults' | 'failedResults' | 'unprocessedrecords'): Res {
    if (!TERMINAL.has(job.state)) throw invalidState(`Results are available once the job is JobComplete, Failed or Aborted; job ${job.id} is ${job.state}`);
    const d = DELIMITERS[job.columnDelimiter] ?? ',';
    const eol = job.lineEnding === 'CRLF' ? '\r\n' : '\n';
    const headerRow = job.header.length > 0 ? job.header : rowsOf(job).header;
    const head = which === 'successfulResults' ? ['sf__Id', 'sf__Created', ...headerRow] : which === 'failedResults' ? ['sf__Id', 'sf__Error', ...headerRow] : headerRow;
    const rows = which === 'successfulResults' ? job.successful : which === 'failedResults' ? job.failures : job.unprocessed;
    const lines = [head, ...rows].map((r) => r.map(quoted).join(d));
    const body = head.length === 0 ? '' : lines.join(eol) + eol;
    return { status: 200, headers: { 'Content-Type': 'text/csv' }, body };
}
