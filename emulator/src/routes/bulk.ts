/**
 * Bulk API 2.0 query jobs (reference §13): POST/GET /jobs/query, GET/PATCH/DELETE /jobs/query/{id},
 * GET /jobs/query/{id}/results (CSV pages with Sforce-Locator / Sforce-NumberOfRecords; every header name and value
 * in double quotes, a null an empty field).
 *
 * A job completes after a configurable number of status polls; its result set is computed and
 * its values are taken once, when it completes, so later writes do not change the pages; each page is written to CSV
 * when it is asked for.
 *
 * How Salesforce refuses or fails queries Bulk API 2.0 can't run ("Understanding Bulk API 2.0 Query": no GROUP BY,
 * OFFSET or TYPEOF, no aggregate functions, no compound address or geolocation fields, no parent-to-child
 * relationship queries), as recorded by client test suites and connectors against real orgs:
 * - at creation, 400: a compound field → API_ERROR "Selecting compound data not supported in Bulk Query"; a
 *   parent-to-child subquery → API_ERROR "Aggregate Relationships not supported in Bulk V2 Query with CSV content
 *   type"; a base64 (blob) field → API_ERROR "Blob field not supported in Bulk V2 Query with CSV content type"; an
 *   object Bulk API doesn't serve → INVALIDENTITY "Entity 'X' is not supported by the Bulk API." (which objects:
 *   BulkState.unsupportedObjects, none by default);
 * - created, then Failed with an errorMessage: aggregates, GROUP BY, OFFSET (no recording shows where these fail;
 *   the emulator keeps them on the job, as it did before).
 * Jobs in a terminal state are deleted after seven days ("Results lifespan", Bulk API 2.0 Limits and Allocations):
 * then, as after DELETE, GET and results answer 404 NOT_FOUND. Injected job faults (BulkState.pendingFaults) end the
 * next jobs Failed, Aborted or gone after N requests.
 */
import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { SfError, notFound } from '../errors.js';
import { empty, json, jsonBody, type Req, type Res } from '../http.js';
import type { ObjectDef } from '../org/schema.js';
import { formatDateTime, isoLocal, type Value } from '../org/values.js';
import type { QueryPlan } from '../soql/plan.js';
import type { BulkJob as Job, SalesforceState } from '../state.js';

/** Rows written to a results page's buffer at a time (their text stays under V8's large-object size). */
const ROWS_PER_PART = 200;

const DELIMITERS: Record<string, string> = { COMMA: ',', TAB: '\t', PIPE: '|', SEMICOLON: ';', CARET: '^', BACKQUOTE: '`' };

const invalidJob = (message: string): SfError => new SfError(400, 'INVALIDJOB', message);

/** Stats label of a /jobs request. */
export function bulkEndpoint(method: string, parts: string[]): string {
    const [, kind, id, sub] = parts;
    if (kind === undefined) return `${method} /jobs`;
    if (id === undefined) return `${method} /jobs/${kind}`;
    return `${method} /jobs/${kind}/{id}${sub !== undefined ? `/${sub}` : ''}`;
}

/** Routes /jobs/query/** (parts after /jobs). */
export function bulkJobs(req: Req, s: SalesforceState, version: string, method: string, parts: string[]): Res {
    const [kind, id, sub, ...extra] = parts;
    if (kind !== 'query') throw notFound();
    if (extra.length > 0) throw notFound();
    if (id === undefined) {
        if (method === 'POST') return create(req, s, version);
        if (method === 'GET') return list(req, s, version);
        return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are GET,HEAD,POST`, errorCode: 'METHOD_NOT_ALLOWED' }]);
    }
    const job = liveJob(s, id);
    if (!job) throw notFound();
    if (sub === 'results') {
        if (method !== 'GET') return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are GET,HEAD`, errorCode: 'METHOD_NOT_ALLOWED' }]);
        if (strike(s, job, 'results')) throw notFound();
        return results(req, s, version, job);
    }
    if (sub !== undefined) throw notFound();
    switch (method) {
        case 'GET':
            if (strike(s, job, 'status')) throw notFound();
            poll(s, job);
            return json(200, info(job, true));
        case 'PATCH': {
            const body = jsonBody(req);
            if (body['state'] !== 'Aborted') throw invalidJob(`Invalid state: ${JSON.stringify(body['state'])}. A query job can only be set to Aborted.`);
            if (job.state !== 'UploadComplete' && job.state !== 'InProgress') {
                throw new SfError(400, 'INVALIDJOBSTATE', `Job is already finished (state ${job.state}); only UploadComplete or InProgress jobs can be aborted.`);
            }
            job.state = 'Aborted';
            job.systemModstamp = s.org.now();
            s.bulk.stats.jobsAborted++;
            return json(200, info(job, false));
        }
        case 'DELETE':
            if (job.state === 'InProgress') throw new SfError(400, 'INVALIDJOBSTATE', 'A job in progress cannot be deleted; abort it first.');
            s.bulk.jobs.delete(job.id);
            s.bulk.stats.jobsDeleted++;
            return empty(204);
        default:
            return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are GET,HEAD,PATCH,DELETE`, errorCode: 'METHOD_NOT_ALLOWED' }]);
    }
}

const TERMINAL = new Set(['JobComplete', 'Failed', 'Aborted']);

/** A job that still exists: one in a terminal state older than the results lifetime is deleted first. */
function liveJob(s: SalesforceState, id: string): Job | undefined {
    const job = s.bulk.jobs.get(id);
    if (!job) return undefined;
    if (TERMINAL.has(job.state) && s.org.now() - job.createdDate > s.bulk.resultsLifetimeMs) {
        s.bulk.jobs.delete(id);
        s.bulk.stats.jobsExpired++;
        return undefined;
    }
    return job;
}

/**
 * Counts a request naming the job against its injected fault; returns true when the job is now gone (a `NotFound`
 * fault struck). `Failed` and `Aborted` strike on status polls of an unfinished job: its state changes there.
 */
function strike(s: SalesforceState, job: Job, kind: 'status' | 'results'): boolean {
    const fault = job.fault;
    if (!fault) return false;
    if (fault.outcome !== 'NotFound' && (kind !== 'status' || TERMINAL.has(job.state))) return false;
    job.touches++;
    if (job.touches <= fault.afterPolls) return false;
    delete job.fault;
    if (fault.outcome === 'NotFound') {
        s.bulk.jobs.delete(job.id);
        s.bulk.stats.jobsExpired++;
        return true;
    }
    job.state = fault.outcome;
    job.systemModstamp = s.org.now();
    if (fault.outcome === 'Failed') {
        job.errorMessage = fault.errorMessage;
        s.bulk.stats.jobsFailed++;
    } else {
        s.bulk.stats.jobsAborted++;
    }
    return false;
}

function info(job: Job, full: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {
        id: job.id,
        operation: job.operation,
        object: job.object,
        createdById: job.createdById,
        createdDate: formatDateTime(job.createdDate),
        systemModstamp: formatDateTime(job.systemModstamp),
        state: job.state,
        concurrencyMode: 'Parallel',
        contentType: 'CSV',
        apiVersion: Number(job.apiVersion),
        lineEnding: job.lineEnding,
        columnDelimiter: job.columnDelimiter
    };
    if (!full) return out;
    out['jobType'] = 'V2Query';
    out['numberRecordsProcessed'] = job.numberRecordsProcessed;
    out['retries'] = 0;
    out['totalProcessingTime'] = job.totalProcessingTime;
    out['isPkChunkingSupported'] = true;
    if (job.errorMessage !== undefined) out['errorMessage'] = job.errorMessage;
    return out;
}

function create(req: Req, s: SalesforceState, version: string): Res {
    if (Number(version) < 47) throw notFound();
    const body = jsonBody(req);
    const operation = body['operation'];
    if (operation !== 'query' && operation !== 'queryAll') throw invalidJob(`Invalid operation: ${JSON.stringify(operation ?? null)}. Query jobs accept query or queryAll.`);
    const soql = body['query'];
    if (typeof soql !== 'string' || soql.trim() === '') throw invalidJob('query is required');
    const contentType = body['contentType'] ?? 'CSV';
    if (contentType !== 'CSV') throw invalidJob(`Invalid contentType: ${JSON.stringify(contentType)}. Only CSV is supported.`);
    const columnDelimiter = body['columnDelimiter'] ?? 'COMMA';
    if (typeof columnDelimiter !== 'string' || !(columnDelimiter in DELIMITERS)) throw invalidJob(`Invalid columnDelimiter: ${JSON.stringify(columnDelimiter)}`);
    const lineEnding = body['lineEnding'] ?? 'LF';
    if (lineEnding !== 'LF' && lineEnding !== 'CRLF') throw invalidJob(`Invalid lineEnding: ${JSON.stringify(lineEnding)}`);

    let ast: Query;
    try {
        ast = parseQuery(soql);
    } catch {
        s.engine.planner.plan(soql); // raises MALFORMED_QUERY with the usual message
        throw new SfError(400, 'MALFORMED_QUERY', 'unparsable query');
    }
    const def = ast.sObject ? s.org.schema.get(ast.sObject) : undefined;
    if (!def) {
        s.engine.planner.plan(soql); // raises INVALID_TYPE
        throw new SfError(400, 'INVALID_TYPE', `sObject type '${ast.sObject ?? ''}' is not supported.`);
    }
    const object: ObjectDef = def;
    if (s.bulk.unsupportedObjects.has(object.name.toLowerCase())) throw new SfError(400, 'INVALIDENTITY', `Entity '${object.name}' is not supported by the Bulk API.`);
    refuse(s, ast, object);
    const failure = unsupported(ast);
    const plan = failure === undefined ? s.engine.planner.plan(soql) : undefined;
    const now = s.org.now();
    const job: Job = {
        id: s.org.ids.next('750'),
        operation,
        object: object.name,
        createdById: s.org.apiUserId,
        createdDate: now,
        systemModstamp: now,
        state: 'UploadComplete',
        apiVersion: version,
        lineEnding,
        columnDelimiter,
        numberRecordsProcessed: 0,
        totalProcessingTime: 0,
        polls: 0,
        touches: 0,
        ...(plan ? { plan } : {}),
        ...(failure !== undefined ? { failure } : {})
    };
    const pending = s.bulk.pendingFaults[0];
    if (pending) {
        job.fault = { outcome: pending.outcome, afterPolls: pending.afterPolls, errorMessage: pending.errorMessage };
        if (--pending.jobs <= 0) s.bulk.pendingFaults.shift();
    }
    s.bulk.jobs.set(job.id, job);
    s.bulk.stats.jobsCreated++;
    return json(200, info(job, false));
}

const apiError = (message: string): SfError => new SfError(400, 'API_ERROR', message);

/** The query features Salesforce refuses when the job is created (400 API_ERROR; messages as recorded). */
function refuse(s: SalesforceState, ast: Query, def: ObjectDef): void {
    for (const f of ast.fields ?? []) {
        if (f.type === 'FieldSubquery') throw apiError('Aggregate Relationships not supported in Bulk V2 Query with CSV content type');
    }
    for (const f of ast.fields ?? []) {
        if (f.type !== 'Field' && f.type !== 'FieldRelationship') continue;
        const raw = f.type === 'Field' ? f.field : [...f.relationships, f.field].join('.');
        // An unknown or hidden field is the planner's INVALID_FIELD, raised when the query is planned.
        let type: string;
        try {
            type = s.engine.planner.resolvePath(def, raw, ast.sObjectAlias).field.type;
        } catch {
            continue;
        }
        if (type === 'address') throw apiError('Selecting compound data not supported in Bulk Query');
        if (type === 'base64') throw apiError('Blob field not supported in Bulk V2 Query with CSV content type');
    }
}

/** Why Bulk API can't run this query (the job is created, then fails), or undefined. */
function unsupported(ast: Query): string | undefined {
    if (ast.groupBy || ast.having) return 'Aggregate queries (GROUP BY / HAVING) are not supported by Bulk API query.';
    if (ast.offset !== undefined) return 'OFFSET is not supported by Bulk API query.';
    for (const f of ast.fields ?? []) {
        if (f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() !== 'FIELDS') {
            return `Aggregate functions (${f.functionName.toUpperCase()}) are not supported by Bulk API query.`;
        }
    }
    return undefined;
}

/** A status poll: advances the simulated job. */
function poll(s: SalesforceState, job: Job): void {
    if (job.state !== 'UploadComplete' && job.state !== 'InProgress') return;
    job.polls++;
    job.systemModstamp = s.org.now();
    if (job.failure !== undefined) {
        job.state = 'Failed';
        job.errorMessage = job.failure;
        s.bulk.stats.jobsFailed++;
        return;
    }
    if (job.polls <= s.bulk.pollsToComplete) {
        job.state = 'InProgress';
        return;
    }
    complete(s, job);
}

function complete(s: SalesforceState, job: Job): void {
    const started = Date.now();
    const plan = job.plan as QueryPlan;
    const recs = s.engine.select(plan, job.operation === 'queryAll');
    const delim = DELIMITERS[job.columnDelimiter] ?? ',';
    const columns = plan.selections.flatMap((sel) => (sel.kind === 'field' ? [sel] : []));
    job.header = columns.map((c) => csvCell(c.raw ?? c.path.segments.join('.'))).join(delim);
    // the values are taken now (later writes must not change the pages); their CSV is written page by page
    const rows = new Array<Value[]>(recs.length);
    for (let i = 0; i < recs.length; i++) {
        const rec = recs[i]!;
        const values = new Array<Value>(columns.length);
        for (let j = 0; j < columns.length; j++) {
            const col = columns[j]!;
            values[j] = col.path.hops.length === 0 && !col.path.field.compute ? (rec[col.path.field.name] ?? null) : s.engine.resolve(rec, col.path);
        }
        rows[i] = values;
    }
    job.rows = rows;
    job.columnTypes = columns.map((c) => c.path.field.type);
    job.numberRecordsProcessed = recs.length;
    job.totalProcessingTime = Date.now() - started;
    job.state = 'JobComplete';
    s.bulk.stats.jobsCompleted++;
}

/**
 * A header name or value as Salesforce writes query results: every one in double quotes (quotes doubled), whatever
 * it holds, as a real org's response quoted in simple-salesforce issue #765 and client libraries' test fixtures show
 * (`"Id","Name"` / `"001…","Acme"`).
 */
function csvCell(text: string): string {
    return `"${text.includes('"') ? text.replace(/"/g, '""') : text}"`;
}

/** RFC 4180 value: nulls an empty field (unquoted), booleans "true"/"false", dateTimes "2024-01-01T00:00:00.000Z", dates "YYYY-MM-DD". */
function csvValue(v: Value, type: string): string {
    if (v === null) return '';
    if (typeof v === 'boolean') return v ? '"true"' : '"false"';
    if (typeof v === 'number') return type === 'datetime' ? `"${isoLocal(v)}Z"` : `"${String(v)}"`;
    return csvCell(v);
}

function encodeLocator(offset: number): string {
    return Buffer.from(String(offset), 'utf8').toString('base64').replace(/=+$/, '');
}

function decodeLocator(locator: string): number | undefined {
    if (!/^[A-Za-z0-9+/]+$/.test(locator)) return undefined;
    const text = Buffer.from(locator, 'base64').toString('utf8');
    return /^\d+$/.test(text) ? Number(text) : undefined;
}

function results(req: Req, s: SalesforceState, version: string, job: Job): Res {
    if (version !== job.apiVersion) {
        return json(409, [{ errorCode: 'API_VERSION_MISMATCH', message: `Query results must be retrieved with the API version that created the job (v${job.apiVersion}); got v${version}.` }]);
    }
    if (job.state !== 'JobComplete' || !job.rows || !job.columnTypes) {
        const state = job.state === 'UploadComplete' ? 'UPLOAD_COMPLETE' : job.state === 'InProgress' ? 'IN_PROGRESS' : job.state === 'Failed' ? 'FAILED' : 'ABORTED';
        return json(412, [{ errorCode: 'JOB_NOT_COMPLETE', message: `Query results can only be downloaded from a job in state JobComplete. Current state: ${state}` }]);
    }
    const rowCount = job.rows.length;
    const rawLocator = req.url.searchParams.get('locator');
    let offset = 0;
    if (rawLocator !== null && rawLocator !== '' && rawLocator !== 'null') {
        const o = decodeLocator(rawLocator);
        if (o === undefined || o > rowCount) throw new SfError(400, 'INVALID_QUERY_LOCATOR', `Invalid locator: ${rawLocator}`);
        offset = o;
    }
    const rawMax = req.url.searchParams.get('maxRecords');
    let max = s.bulk.defaultMaxRecords;
    if (rawMax !== null && rawMax !== '') {
        const n = Number(rawMax);
        if (!Number.isInteger(n) || n < 1) throw new SfError(400, 'INVALID_QUERY_PARAMETER', `maxRecords must be a positive integer; got ${rawMax}`);
        max = n;
    }
    const end = Math.min(rowCount, offset + max);
    const eol = job.lineEnding === 'CRLF' ? '\r\n' : '\n';
    const count = end - offset;
    const delim = DELIMITERS[job.columnDelimiter] ?? ',';
    const types = job.columnTypes;
    // written into buffers a few hundred rows at a time: no page-sized string, whose allocation (megabytes, outside
    // the young generation) would have the emulator's collector mark the whole org once every few pages
    const parts: Buffer[] = [Buffer.from(`${job.header ?? ''}${eol}`, 'utf8')];
    const lines: string[] = [];
    for (let i = offset; i < end; i++) {
        const values = job.rows[i]!;
        const cells = new Array<string>(values.length);
        for (let j = 0; j < values.length; j++) cells[j] = csvValue(values[j] ?? null, types[j] ?? 'string');
        lines.push(cells.join(delim));
        if (lines.length === ROWS_PER_PART || i === end - 1) {
            parts.push(Buffer.from(`${lines.join(eol)}${eol}`, 'utf8'));
            lines.length = 0;
        }
    }
    const body = Buffer.concat(parts);
    s.bulk.stats.resultPages++;
    s.bulk.stats.resultRecords += count;
    return {
        status: 200,
        headers: { 'Content-Type': 'text/csv', 'Sforce-Locator': end < rowCount ? encodeLocator(end) : 'null', 'Sforce-NumberOfRecords': String(count) },
        body
    };
}

function list(req: Req, s: SalesforceState, version: string): Res {
    const jobType = req.url.searchParams.get('jobType');
    // Only query jobs exist in the emulator; other job types list nothing. Expired jobs are gone from the list too.
    const live = [...s.bulk.jobs.keys()].map((id) => liveJob(s, id)).filter((j): j is Job => j !== undefined);
    const records = jobType === null || jobType === 'V2Query' ? live.map((j) => info(j, true)) : [];
    void version;
    return json(200, { done: true, records, nextRecordsUrl: null });
}
