/**
 * Bulk API 2.0 ingest jobs (Bulk API 2.0 Developer Guide: "Create a Job", "Upload Job Data", "Close or Abort a Job",
 * "Get Job Info", "Get Job Successful / Failed / Unprocessed Record Results", "Prepare CSV Files"):
 *
 *   POST  /jobs/ingest                       {object, operation, externalIdFieldName?, columnDelimiter, lineEnding}
 *   PUT   /jobs/ingest/{id}/batches          the CSV (text/csv), one upload per job here
 *   PATCH /jobs/ingest/{id}                  {"state": "UploadComplete"} (close) or {"state": "Aborted"}
 *   GET   /jobs/ingest/{id}                  state, numberRecordsProcessed, numberRecordsFailed, errorMessage…
 *   GET   /jobs/ingest/{id}/successfulResults | failedResults | unprocessedrecords   CSV
 *
 * What the CSV means to Salesforce: the header row names fields by API name, or a parent by
 * `Relationship.ExternalIdField` (`Account.External_Id__c`), or a polymorphic parent by `Type:Relationship.Field`; an
 * empty field is ignored on update (the value stays), `#N/A` sets null; values are text, never evaluated (a value
 * starting with `=` is stored as written, so no formula escaping is done or needed).
 *
 * Retries: creating a job is a write that is never retried (a lost answer would leave a second job). The upload is
 * sent once too: if it fails, the job (still Open, nothing processed) is aborted and the action fails saying so, and
 * running it again is safe. The close is retried (setting UploadComplete twice changes nothing); a retry that finds
 * the job already past Open counts as closed. Aborting is retried the same way.
 */
import { paths, request, type NangoClient } from '../http/api.js';
import { InputError, actionError, type SalesforceErrorPayload } from '../http/errors.js';
import { utf8Length } from '../http/output.js';
import { assertBulkJobId, assertRecordId } from '../input/ids.js';
import { isApiName, printable } from '../input/names.js';
import { CSV_DELIMITERS, CSV_LINE_ENDINGS, csvField, scanCsv, writeCsv, type ColumnDelimiter, type LineEnding, type RowTerminator } from '../sync/csv.js';

export const INGEST_OPERATIONS = ['insert', 'update', 'upsert', 'delete', 'hardDelete'] as const;
export type IngestOperation = (typeof INGEST_OPERATIONS)[number];

/**
 * Largest CSV one create-bulk-job call uploads, in UTF-8 bytes. Salesforce takes 150 MB per upload once base64-encoded
 * and advises at most 100 MB of CSV ("Upload Job Data"); the action input itself travels through Nango's API, whose
 * JSON body parser stops at 75 MB (packages/server/lib/routes.public.ts `bodyLimit`), and a function runs in a
 * 128 MB heap, where the input and the CSV both live. Split larger loads into several jobs.
 */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Most records one call takes as JSON (the package-wide input limit of 500,000 values applies too). */
export const MAX_INGEST_RECORDS = 100_000;
/** "Maximum number of fields in a record: 5,000" (Bulk API 2.0 Limits). */
export const MAX_COLUMNS = 5_000;
/** The value Bulk API reads as null ("To set a field value to null, use a field value of #N/A"). */
export const CSV_NULL = '#N/A';
/** Job states after which nothing changes. */
export const TERMINAL_STATES: ReadonlySet<string> = new Set(['JobComplete', 'Failed', 'Aborted']);

/** The job id check lives with the other id checks (input/ids.ts), where `paths` reaches it. */
export { assertBulkJobId };

/** A CSV header: `Field`, `Relationship.Field`, or `Type:Relationship.Field` (a polymorphic parent). */
export function isHeaderName(name: string): boolean {
    const colon = name.indexOf(':');
    const type = colon >= 0 ? name.slice(0, colon) : undefined;
    const rest = colon >= 0 ? name.slice(colon + 1) : name;
    const parts = rest.split('.');
    if (parts.length > 2 || !parts.every((p) => isApiName(p))) return false;
    if (type !== undefined) return parts.length === 2 && isApiName(type);
    return true;
}

export interface CsvPlan {
    operation: IngestOperation;
    externalIdFieldName?: string;
    columnDelimiter: ColumnDelimiter;
    lineEnding: LineEnding;
}

/** Checks a header against the operation: the columns each needs and refuses. */
function checkHeader(header: readonly string[], plan: CsvPlan, path: string): { idColumn: number } {
    if (header.length === 0 || (header.length === 1 && header[0] === '')) throw new InputError('has no header row naming the fields', path);
    if (header.length > MAX_COLUMNS) throw new InputError(`has ${header.length} columns; Bulk API takes at most ${MAX_COLUMNS} fields per record`, path);
    const seen = new Set<string>();
    header.forEach((name, i) => {
        if (!isHeaderName(name)) {
            throw new InputError(`header column ${i + 1} "${printable(name)}" is not a field API name or a relationship such as Account.External_Id__c`, path);
        }
        const key = name.toLowerCase();
        if (seen.has(key)) throw new InputError(`header names "${printable(name)}" twice`, path);
        seen.add(key);
    });
    const idColumn = header.findIndex((h) => h.toLowerCase() === 'id');
    const { operation } = plan;
    if (operation === 'insert' && idColumn >= 0) throw new InputError('an insert job cannot have an Id column (use update or upsert)', path);
    if (operation === 'update' && idColumn < 0) throw new InputError('an update job needs an Id column', path);
    if ((operation === 'delete' || operation === 'hardDelete') && (idColumn < 0 || header.length !== 1)) {
        throw new InputError(`a ${operation} job takes one column, Id`, path);
    }
    if (operation === 'upsert') {
        const ext = plan.externalIdFieldName ?? '';
        if (!seen.has(ext.toLowerCase())) throw new InputError(`an upsert job needs a column for its externalIdFieldName ${printable(ext)}`, path);
        if (ext.toLowerCase() !== 'id' && idColumn >= 0) throw new InputError(`an upsert on ${printable(ext)} cannot also have an Id column`, path);
    }
    return { idColumn };
}

/** Checks the Id value of a row: required for update and delete, optional (a create) for an upsert on Id. */
function checkId(value: string | undefined, plan: CsvPlan, row: number, path: string): void {
    if (value === undefined || value === '') {
        if (plan.operation === 'upsert') return;
        throw new InputError(`row ${row}: the Id is empty`, path);
    }
    assertRecordId(value, `${path} row ${row} Id`);
}

export interface PreparedCsv {
    csv: string;
    columns: string[];
    rows: number;
    bytes: number;
    lineEnding: LineEnding;
}

/**
 * Validates CSV given directly: size, a leading byte-order mark dropped, the header (field names, the operation's
 * columns), the same number of fields in every row, one line ending throughout (the one named, or else the first one
 * found, which then becomes the job's lineEnding), a well-formed id in every Id field.
 */
export function prepareCsv(raw: string, plan: Omit<CsvPlan, 'lineEnding'> & { lineEnding?: LineEnding }, path = 'csv'): PreparedCsv {
    const csv = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const bytes = utf8Length(csv);
    if (bytes > MAX_UPLOAD_BYTES) throw new InputError(`is ${bytes} bytes; one job takes at most ${MAX_UPLOAD_BYTES} (50 MB) here: split the data into several jobs`, path);
    if (csv.trim() === '') throw new InputError('is empty', path);
    const delimiter = CSV_DELIMITERS[plan.columnDelimiter];
    let lineEnding: LineEnding | undefined = plan.lineEnding;
    let header: string[] = [];
    let idColumn = -1;
    let rows = 0;
    const fullPlan = (): CsvPlan => ({ ...plan, lineEnding: lineEnding ?? 'LF' });
    try {
        scanCsv(
            csv,
            (fields, index, terminator: RowTerminator) => {
                if (terminator === '\r') throw new InputError(`row ${index + 1} ends with a bare carriage return; Bulk API takes LF or CRLF line endings`, path);
                if (terminator !== '') {
                    const found: LineEnding = terminator === '\r\n' ? 'CRLF' : 'LF';
                    if (lineEnding === undefined) lineEnding = found;
                    else if (found !== lineEnding) {
                        throw new InputError(`row ${index + 1} ends with ${found} but the job's lineEnding is ${lineEnding}: use one line ending throughout`, path);
                    }
                }
                if (index === 0) {
                    header = fields;
                    idColumn = checkHeader(header, fullPlan(), path).idColumn;
                    return;
                }
                if (fields.length !== header.length) {
                    throw new InputError(`row ${index} has ${fields.length} fields, the header ${header.length} (quote values that hold the delimiter "${printable(delimiter)}" or line breaks)`, path);
                }
                if (idColumn >= 0) checkId(fields[idColumn], fullPlan(), index, path);
                rows++;
            },
            delimiter
        );
    } catch (error) {
        if (error instanceof InputError) throw error;
        throw new InputError(error instanceof Error ? error.message : 'is not valid CSV', path);
    }
    if (rows === 0) throw new InputError('has a header but no rows', path);
    return { csv, columns: header, rows, bytes, lineEnding: lineEnding ?? 'LF' };
}

/** One JSON value as CSV text: null → #N/A, booleans true/false, finite numbers in plain notation, strings as written. */
function cellOf(value: unknown, path: string): string {
    if (value === null) return CSV_NULL;
    if (typeof value === 'string') return value;
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') {
        const text = String(value);
        if (!Number.isFinite(value) || /e/i.test(text)) throw new InputError(`${text} cannot be written to CSV as a plain number; send it as a string`, path);
        return text;
    }
    throw new InputError('must be a string, number, boolean or null (a multi-select picklist is one string, "A;B")', path);
}

/**
 * JSON records as the CSV of a job. Columns are every field any record names, in first-seen order; a field a record
 * leaves out is an empty CSV field (on update: left as it is), null is #N/A (set to null). A parent by external id is
 * `{"Account": {"External_Id__c": "ACC-7"}}` (or the key `"Account.External_Id__c"`). `attributes` (as query
 * results carry them) is skipped.
 */
export function recordsToCsv(records: ReadonlyArray<Record<string, unknown>>, plan: CsvPlan, path = 'records'): PreparedCsv {
    const index = new Map<string, number>();
    const columns: string[] = [];
    const rows: string[][] = [];
    const column = (name: string, at: string): number => {
        const key = name.toLowerCase();
        let i = index.get(key);
        if (i === undefined) {
            if (!isHeaderName(name)) throw new InputError(`"${printable(name)}" is not a field API name or a relationship such as Account.External_Id__c`, at);
            i = columns.length;
            index.set(key, i);
            columns.push(name);
        } else if (columns[i] !== name) {
            throw new InputError(`"${printable(name)}" and "${printable(columns[i])}" name the same field; spell it one way`, at);
        }
        return i;
    };
    records.forEach((record, r) => {
        const row: string[] = [];
        for (const [key, value] of Object.entries(record)) {
            if (key === 'attributes') continue;
            const at = `${path}.${r}.${printable(key, 40)}`;
            if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
                const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== 'attributes');
                const only = entries[0];
                if (entries.length !== 1 || !only) throw new InputError('a parent reference names exactly one external-id field, e.g. {"External_Id__c": "ACC-7"}', at);
                row[column(`${key}.${only[0]}`, at)] = cellOf(only[1], `${at}.${printable(only[0], 40)}`);
                continue;
            }
            row[column(key, at)] = cellOf(value, at);
        }
        rows.push(row);
    });
    const { idColumn } = checkHeader(columns, plan, path);
    const width = columns.length;
    for (let r = 0; r < rows.length; r++) {
        const row = rows[r] as string[];
        for (let c = 0; c < width; c++) if (row[c] === undefined) row[c] = '';
        if (idColumn >= 0) {
            const id = row[idColumn];
            if (id === CSV_NULL) throw new InputError('the Id cannot be null', `${path}.${r}.Id`);
            checkId(id, plan, r, path);
        }
    }
    const delimiter = CSV_DELIMITERS[plan.columnDelimiter];
    const eol = CSV_LINE_ENDINGS[plan.lineEnding];
    // With one column, a record whose value is empty would be a blank line, which the Bulk API 2.0 guide does not
    // count as a row (CSV readers commonly skip it): the row would vanish and recordsUploaded would not match the
    // job's numberRecordsProcessed. Its empty value is written "" instead, a row with one empty field (left as it is
    // on update, missing on insert), which Salesforce then judges row by row.
    const csv =
        width === 1 && rows.some((row) => row[0] === '')
            ? [csvField(columns[0] as string, delimiter), ...rows.map((row) => (row[0] === '' ? '""' : csvField(row[0] as string, delimiter)))].join(eol) + eol
            : writeCsv(columns, rows, delimiter, eol);
    const bytes = utf8Length(csv);
    if (bytes > MAX_UPLOAD_BYTES) throw new InputError(`make a ${bytes}-byte CSV; one job takes at most ${MAX_UPLOAD_BYTES} (50 MB) here: split them into several jobs`, path);
    return { csv, columns, rows: rows.length, bytes, lineEnding: plan.lineEnding };
}

/** A job as Get Job Info returns it (the fields this package reads; Salesforce may add others). */
export interface IngestJobInfo {
    id: string;
    object?: string;
    operation?: string;
    state?: string;
    externalIdFieldName?: string;
    columnDelimiter?: string;
    lineEnding?: string;
    apiVersion?: number;
    createdDate?: string;
    systemModstamp?: string;
    createdById?: string;
    numberRecordsProcessed?: number;
    numberRecordsFailed?: number;
    retries?: number;
    totalProcessingTime?: number;
    apiActiveProcessingTime?: number;
    apexProcessingTime?: number;
    errorMessage?: string;
    contentUrl?: string;
}

export interface JobSpec extends CsvPlan {
    object: string;
}

/** Creates an ingest job (Open). A POST that creates something: sent once. */
export async function createIngestJob(nango: NangoClient, spec: JobSpec): Promise<IngestJobInfo> {
    const response = await request<IngestJobInfo>(nango, {
        method: 'POST',
        endpoint: paths.ingestJobs(),
        data: {
            object: spec.object,
            operation: spec.operation,
            ...(spec.operation === 'upsert' ? { externalIdFieldName: spec.externalIdFieldName } : {}),
            contentType: 'CSV',
            columnDelimiter: spec.columnDelimiter,
            lineEnding: spec.lineEnding
        },
        idempotent: false,
        context: `create a Bulk API ${spec.operation} job on ${spec.object}`
    });
    if (!response.data || typeof response.data.id !== 'string') {
        throw actionError(nango, {
            type: 'salesforce_error',
            message: 'Salesforce created a Bulk API job without returning its id; list recent jobs in Setup → Bulk Data Load Jobs and abort it there.',
            errorCode: 'NO_JOB_ID',
            fields: [],
            status: response.status,
            errors: []
        });
    }
    const id = response.data.id;
    try {
        assertBulkJobId(id, 'id');
    } catch (error) {
        if (!(error instanceof InputError)) throw error;
        // the create was sent and may have made a job: no upload or abort can go to an id that is not a job's
        throw actionError(nango, {
            type: 'salesforce_error',
            message: `POST /jobs/ingest was sent and answered with the id "${printable(id, 40)}", which is not a Bulk API job id (job ids start with 750): no data was uploaded and the job, if one was created, could not be aborted here. Look for it in Setup → Bulk Data Load Jobs and abort it there before running create-bulk-job again.`,
            errorCode: 'INVALID_JOB_ID',
            fields: [],
            status: response.status,
            errors: []
        });
    }
    return response.data;
}

/** Uploads the job's CSV (text/csv). Sent once: see the module comment. */
export async function uploadJobData(nango: NangoClient, jobId: string, csv: string): Promise<void> {
    await request(nango, {
        method: 'PUT',
        endpoint: paths.ingestJobData(jobId),
        data: csv,
        headers: { 'Content-Type': 'text/csv', Accept: 'application/json' },
        idempotent: false,
        context: `upload the data of Bulk API job ${jobId}`
    });
}

export async function getIngestJob(nango: NangoClient, jobId: string): Promise<IngestJobInfo> {
    const response = await request<IngestJobInfo>(nango, { method: 'GET', endpoint: paths.ingestJob(jobId), context: `get Bulk API job ${jobId}` });
    return response.data;
}

/**
 * Sets a job's state (UploadComplete closes it, Aborted stops it), retried. When the PATCH is refused with a 4xx
 * (a retry finding the job already changed, or a job past that point), the job is read: when it is already where the
 * caller wanted it, that is a success with `already` true; otherwise the refusal stands.
 */
export async function setJobState(nango: NangoClient, jobId: string, state: 'UploadComplete' | 'Aborted'): Promise<{ job: IngestJobInfo; already: boolean }> {
    const endpoint = paths.ingestJob(jobId);
    try {
        const response = await request<IngestJobInfo>(nango, {
            method: 'PATCH',
            endpoint,
            data: { state },
            context: `${state === 'Aborted' ? 'abort' : 'close'} Bulk API job ${jobId}`
        });
        return { job: response.data, already: false };
    } catch (error) {
        const status = (error as { payload?: SalesforceErrorPayload }).payload?.status;
        if (typeof status !== 'number' || status < 400 || status >= 500 || status === 401 || status === 403 || status === 404) throw error;
        const job = await getIngestJob(nango, jobId).catch(() => undefined);
        const there = job && (state === 'Aborted' ? job.state === 'Aborted' : job.state !== undefined && job.state !== 'Open');
        if (job && there) return { job, already: true };
        throw error;
    }
}

export type ResultKind = 'successful' | 'failed' | 'unprocessed';
const RESULT_PATH: Record<ResultKind, string> = { successful: 'successfulResults', failed: 'failedResults', unprocessed: 'unprocessedrecords' };

/** One of a job's result CSVs, whole (Salesforce serves it in one piece). A read: retried. */
export async function jobResultCsv(nango: NangoClient, jobId: string, kind: ResultKind): Promise<string> {
    const response = await request<string>(nango, {
        method: 'GET',
        endpoint: `${paths.ingestJob(jobId)}/${RESULT_PATH[kind]}`,
        headers: { Accept: 'text/csv' },
        responseType: 'text',
        context: `read the ${kind} records of Bulk API job ${jobId}`
    });
    return typeof response.data === 'string' ? response.data : String(response.data ?? '');
}

/** A result row: Salesforce's sf__ columns read out, the rest (the fields as uploaded) kept as text. */
export interface ResultRow {
    recordId: string | null;
    created: boolean | null;
    error: string | null;
    errorCode: string | null;
    fields: Record<string, string>;
}

/** sf__Error reads `STATUS_CODE:message:fields --`; the code is what precedes the first colon. */
export function errorCodeOf(error: string): string | null {
    const m = /^([A-Z][A-Z0-9_]*):/.exec(error);
    return m ? (m[1] as string) : null;
}

/**
 * Rows `offset` .. `offset + limit` of a result CSV, and whether any row follows. Rows before `offset` are walked
 * over, not kept.
 */
export function resultRows(csv: string, delimiter: string, offset: number, limit: number): { columns: string[]; rows: ResultRow[]; more: boolean } {
    let header: string[] = [];
    const rows: ResultRow[] = [];
    let more = false;
    scanCsv(
        csv,
        (fields, index) => {
            if (index === 0) {
                header = fields;
                return;
            }
            if (index - 1 < offset) return;
            if (rows.length >= limit) {
                more = true;
                return false;
            }
            const row: ResultRow = { recordId: null, created: null, error: null, errorCode: null, fields: {} };
            header.forEach((name, i) => {
                const value = fields[i] ?? '';
                if (name === 'sf__Id') row.recordId = value === '' ? null : value;
                else if (name === 'sf__Created') row.created = value === '' ? null : value.toLowerCase() === 'true';
                else if (name === 'sf__Error') {
                    row.error = value === '' ? null : value;
                    row.errorCode = value === '' ? null : errorCodeOf(value);
                } else row.fields[name] = value;
            });
            rows.push(row);
            return;
        },
        delimiter
    );
    return { columns: header.filter((h) => !h.startsWith('sf__')), rows, more };
}
