/**
 * sync/: the sync engine — keyset passes, checkpoints, reconciliation, Bulk API 2.0 and its CSV, connection metadata.
 *
 * The sync engine every sync uses: a keyset cursor over (SystemModstamp, Id), pages of up to 2,000 records saved and
 * checkpointed one at a time, deletes read in the same pass through queryAll.
 *
 * Each pass runs `SELECT … WHERE (SystemModstamp > ts OR (SystemModstamp = ts AND Id > id)) AND SystemModstamp <= upper
 * ORDER BY SystemModstamp, Id`, with `upper` fixed when the run starts. After each page is saved the cursor moves to
 * its last record and is checkpointed, so a run that fails resumes after the last saved page; records sharing one
 * timestamp across a page boundary are told apart by Id, so none is skipped or saved twice.
 *
 * Every run starts with one describe of the object (see `prepareSync`): it decides the SELECT (fields the connected
 * user cannot read are left out and come back null, with one warning), the cursor field (SystemModstamp, else
 * LastModifiedDate, else CreatedDate), whether deletes can be read (only objects with IsDeleted), and the type of
 * every value, so REST and Bulk pages give the same records. A signature of what shapes the SELECT and WHERE is kept
 * in the checkpoint; when it changes, the run re-reads every record, then removes what no longer matches by comparing
 * ids with what Nango holds.
 */
import { createHash } from 'crypto';
import * as z from 'zod';

import type { NangoClient } from '../http/api.js';
import { InputError, type SalesforceErrorPayload } from '../http/errors.js';
import { BULK_UNSUPPORTED_OBJECTS, BULK_UNSUPPORTED_TYPES, BulkJobError, createQueryJob, deleteJob, recordCount, resultColumn, resultPage, waitForJob } from './bulk.js';
import { deletedBetween, latestDateCovered } from './replication.js';
import { MAX_BATCH_SIZE, queryFirstPage, queryPages, type ApiUsage, type SalesforceRecord } from '../http/pager.js';
import { and, buildSoql, buildSubquery, compare, dateTimeLiteral, normalizeDateTime, or, type Condition, type OrderBy, type Subquery } from '../soql/builder.js';
import { FieldCatalog, hiddenFieldsWarning, selectOf, type FieldPlan, type ObjectInfo } from '../metadata/fields.js';
import { shapeRecord } from '../metadata/values.js';
import { extraFieldsFor, readSyncMetadata, type SyncMetadata } from './metadata.js';

/** What the engine needs of Nango's sync runtime (method syntax keeps the typed runtime assignable). */
export interface SyncRuntime extends NangoClient {
    batchSave(records: any[], model: string): unknown;
    batchDelete(records: any[], model: string): unknown;
    getCheckpoint(): Promise<unknown>;
    saveCheckpoint(checkpoint: any): Promise<void>;
    getMetadata(): Promise<unknown>;
    /** The records Nango holds for a model (what reconciliation compares with Salesforce's ids). */
    listRecords?(model: string): AsyncIterable<{ id: string }>;
}

/** Position of the last saved record. */
export interface KeysetCursor {
    /** SystemModstamp as `YYYY-MM-DDThh:mm:ss.sssZ`. */
    ts: string;
    id: string;
}

/** Checkpoint of the record syncs (flat, as Nango requires). Empty strings mean "from the start". */
export const RecordSyncCheckpointSchema = z.object({
    cursor_ts: z.string(),
    cursor_id: z.string(),
    initial_load_done: z.boolean(),
    /** Where the delete log must reach back to: the start of the first load, then the end of the last reconciliation's window. */
    reconciled_at: z.string(),
    /** Bulk API 2.0 job of a first load in progress, the locator of its next result page, and its upper bound. */
    bulk_job_id: z.string(),
    bulk_locator: z.string(),
    bulk_upper: z.string(),
    /** Bulk API 2.0 refused or failed this load once: it goes through REST (until the settings change). */
    bulk_refused: z.boolean(),
    /** Signature of what shapes the SELECT and WHERE (fields the user can read, settings, record format). */
    settings_hash: z.string(),
    /** A full re-read after a settings change is in progress: when it is loaded, ids are compared to remove what no longer matches. */
    reread_active: z.boolean()
});
export type RecordSyncCheckpoint = z.infer<typeof RecordSyncCheckpointSchema>;

export const EMPTY_CHECKPOINT: RecordSyncCheckpoint = {
    cursor_ts: '',
    cursor_id: '',
    initial_load_done: false,
    reconciled_at: '',
    bulk_job_id: '',
    bulk_locator: '',
    bulk_upper: '',
    bulk_refused: false,
    settings_hash: '',
    reread_active: false
};

/**
 * Version of the saved record format: part of every settings signature, so raising it makes every sync re-read its
 * records once (2: values typed from describe, one datetime form, empty lookups null, hidden fields left out).
 */
export const RECORD_FORMAT_VERSION = 2;

/** Most times a pass restarts from its cursor after an expired query locator. */
export const MAX_LOCATOR_RESTARTS = 3;

export function cursorOf(ts: string, id: string): KeysetCursor | null {
    return ts ? { ts, id } : null;
}

/** `(SystemModstamp, Id) > cursor`; a cursor without an id stands before every record of its timestamp. */
export function afterCursor(cursor: KeysetCursor | null, field: CursorField = 'SystemModstamp'): Condition | undefined {
    if (!cursor) return undefined;
    const ts = dateTimeLiteral(cursor.ts, 'cursor');
    if (cursor.id === '') return compare(field, '>=', ts);
    return or(compare(field, '>', ts), and(compare(field, '=', ts), compare('Id', '>', cursor.id)));
}

/** The timestamp a keyset cursor runs on: SystemModstamp where the object has it (history objects have CreatedDate only). */
export type CursorField = 'SystemModstamp' | 'LastModifiedDate' | 'CreatedDate';

/** The best cursor field an object offers. */
export function cursorFieldOf(object: ObjectInfo): CursorField {
    for (const field of ['SystemModstamp', 'LastModifiedDate', 'CreatedDate'] as const) {
        if (object.fields.has(field.toLowerCase())) return field;
    }
    throw new Error(`${object.name} has no SystemModstamp, LastModifiedDate or CreatedDate the connected user can read, so it cannot be synced incrementally.`);
}


/** The Salesforce error code of an ActionError thrown by the lib, if any. */
export function errorCodeOf(error: unknown): string | undefined {
    const payload = (error as { payload?: Partial<SalesforceErrorPayload> } | null)?.payload;
    return typeof payload?.errorCode === 'string' ? payload.errorCode : undefined;
}

/** Syncs report failures as plain Errors with our message (an ActionError's own message is empty). */
export function toSyncError(error: unknown): unknown {
    if (error instanceof InputError) {
        return new Error(`Invalid sync configuration: ${error.message}`);
    }
    const payload = (error as { payload?: Partial<SalesforceErrorPayload> } | null)?.payload;
    if (payload && typeof payload.message === 'string') {
        return Object.assign(new Error(payload.message), { payload });
    }
    return error;
}

export interface PassOptions {
    sObject: string;
    select: readonly string[];
    subqueries?: readonly Subquery[];
    where?: Condition | undefined;
    /** WITH clause of a caller's statement (records-by-soql). */
    with?: string | undefined;
    cursor: KeysetCursor | null;
    /** Fixed upper bound of the cursor field for the run. */
    upper: string;
    /** The timestamp the cursor runs on (default SystemModstamp). */
    cursorField?: CursorField | undefined;
    /** Read through queryAll (deleted records included). */
    includeDeleted: boolean;
    batchSize?: number | undefined;
    /** Saves one page; called with the cursor the page ends at. */
    onPage: (records: SalesforceRecord[], cursor: KeysetCursor, apiUsage: ApiUsage | undefined) => Promise<void>;
    /** Asked after every page; returning true stops the pass cleanly (e.g. the API quota is nearly used up). */
    shouldStop?: () => boolean;
}

export interface PassResult {
    cursor: KeysetCursor | null;
    records: number;
    pages: number;
    stopped: boolean;
}

/** The narrowest time window a pass tries after QUERY_TIMEOUT before it gives up. */
export const MIN_WINDOW_MS = 1_000;

const iso = (ms: number): string => new Date(ms).toISOString();

/** Before any Salesforce org: where windows start when even the oldest-timestamp query times out. */
const BEFORE_ANY_ORG = '1999-01-01T00:00:00.000Z';

/**
 * The oldest cursor-field value the pass can reach (one query on an indexed field, LIMIT 1), or null when none; when
 * that query times out too, a time before any org.
 */
async function earliestStamp(nango: SyncRuntime, options: PassOptions, field: CursorField): Promise<string | null> {
    const soql = buildSoql({ select: [field], from: options.sObject, where: options.where, with: options.with, orderBy: [{ field }], limit: 1 });
    try {
        const page = await queryFirstPage(nango, soql, { all: options.includeDeleted, context: `find the oldest ${field} of ${options.sObject}` });
        const value = page.records[0]?.[field];
        return typeof value === 'string' ? normalizeDateTime(value) : null;
    } catch (error) {
        if (errorCodeOf(error) !== 'QUERY_TIMEOUT') throw error;
        return BEFORE_ANY_ORG;
    }
}

/**
 * Reads every record after `cursor` up to `upper`, page by page. An expired locator restarts the query from the last
 * saved cursor. QUERY_TIMEOUT switches to time windows: the first starts at the cursor (or the object's oldest
 * timestamp) and spans half the range; a window that times out is halved, one that completes is followed by one twice
 * as long, so a big object makes steady progress; only a window of MIN_WINDOW_MS that still times out fails the run.
 */
export async function keysetPass(nango: SyncRuntime, options: PassOptions): Promise<PassResult> {
    const field = options.cursorField ?? 'SystemModstamp';
    const select = [...new Set(['Id', field, ...options.select])];
    const upper = new Date(options.upper).getTime();
    let cursor = options.cursor;
    let restarts = 0;
    let records = 0;
    let pages = 0;
    // time windows, once a query timed out: everything before `windowFrom` is read; the window is [windowFrom, +span]
    let windowFrom: number | null = null;
    let span = 0;
    for (;;) {
        const windowEnd: number = windowFrom === null ? upper : Math.min(upper, windowFrom + span);
        const soql = buildSoql({
            select,
            subqueries: options.subqueries ?? [],
            from: options.sObject,
            where: and(
                options.where,
                afterCursor(cursor, field),
                windowFrom !== null ? compare(field, '>=', dateTimeLiteral(iso(windowFrom))) : undefined,
                compare(field, '<=', dateTimeLiteral(iso(windowEnd)))
            ),
            with: options.with,
            orderBy: [{ field }, { field: 'Id' }]
        });
        try {
            for await (const page of queryPages(nango, soql, { all: options.includeDeleted, batchSize: options.batchSize, context: `sync ${options.sObject}` })) {
                const last = page.records[page.records.length - 1];
                if (!last) continue;
                const next: KeysetCursor = { ts: normalizeDateTime(String(last[field])), id: String(last['Id']) };
                await options.onPage(page.records, next, page.apiUsage);
                cursor = next;
                records += page.records.length;
                pages++;
                restarts = 0;
                if (options.shouldStop?.()) {
                    return { cursor, records, pages, stopped: true };
                }
            }
        } catch (error) {
            const code = errorCodeOf(error);
            if (code === 'INVALID_QUERY_LOCATOR' && restarts < MAX_LOCATOR_RESTARTS) {
                restarts++;
                await nango.log(`The query cursor of ${options.sObject} expired; querying again from the last saved record.`, { level: 'warn' });
                continue;
            }
            if (code !== 'QUERY_TIMEOUT') throw error;
            if (windowFrom === null) {
                const from = cursor ? cursor.ts : await earliestStamp(nango, options, field);
                if (from === null) return { cursor, records, pages, stopped: false };
                windowFrom = new Date(from).getTime();
                span = Math.floor((upper - windowFrom) / 2);
            } else {
                // the cursor may have moved inside the window: halve what is left of it
                windowFrom = Math.max(windowFrom, cursor ? new Date(cursor.ts).getTime() : windowFrom);
                span = Math.floor((windowEnd - windowFrom) / 2);
            }
            if (span < MIN_WINDOW_MS) {
                throw error;
            }
            await nango.log(`The query of ${options.sObject} timed out; reading ${iso(windowFrom)} to ${iso(Math.min(upper, windowFrom + span))} first.`, { level: 'warn' });
            continue;
        }
        if (windowEnd >= upper) {
            return { cursor, records, pages, stopped: false };
        }
        // the window is done: the next one starts where it ended and is twice as long
        windowFrom = windowEnd;
        span *= 2;
    }
}

/** A child-relationship subquery a sync reads with its records, e.g. a Case's CaseComments. */
export interface ChildQuery {
    /** Child relationship name on the parent, e.g. CaseComments. */
    relationship: string;
    /** The child object, whose describe decides which of `select` the user can read, e.g. CaseComment. */
    sObject: string;
    select: readonly string[];
    orderBy?: readonly OrderBy[];
}

export interface RecordSyncSpec<M> {
    /** Model name the records are saved under. */
    model: string;
    sObject: string;
    fields: readonly string[];
    subqueries?: readonly ChildQuery[];
    where?: Condition | undefined;
    with?: string | undefined;
    /** Maps a Salesforce record (in its one form, see `shapeRecord`) to the model; `extraFields` are the metadata's extra fields for this object. */
    map: (record: SalesforceRecord, extraFields: readonly string[]) => M;
    /** The field the model's id comes from (default Id; articles use KnowledgeArticleId). */
    idField?: string | undefined;
    /**
     * 'queryAll': deletes read in the same pass and removed with batchDelete, plus periodic reconciliation (objects
     * without IsDeleted, such as User or RecordType, fall back to 'reconciliation').
     * 'reconciliation': records that stop matching (e.g. archived articles) are removed by reconciliation only.
     * 'none': the object is never deleted (users are deactivated instead).
     */
    deletes: 'queryAll' | 'reconciliation' | 'none';
    /** Runs on each page's live records before they are mapped (e.g. to read the rest of cut child subqueries). */
    complete?: (records: SalesforceRecord[]) => Promise<void>;
    extraFields: readonly string[];
    batchSize?: number | undefined;
    /**
     * Seconds the run's upper bound stays behind Salesforce's clock (default 60), on top of what Salesforce's
     * replication API says is committed (see `runUpper`).
     */
    lagSeconds?: number | undefined;
    /** Stops the run cleanly past the org's API usage threshold. */
    quota?: QuotaGuard | undefined;
    /** Days between reconciliation passes (0: never). */
    reconcileEveryDays?: number | undefined;
    /** A first load (or a reconciliation's id read) of more records than this goes through Bulk API 2.0 (0: never). */
    bulkThreshold?: number | undefined;
}

/** Loads the checkpoint, tolerating none (first run); keys the checkpoint schema no longer has are dropped. */
export async function loadCheckpoint<C extends RecordSyncCheckpoint>(nango: SyncRuntime, empty: C): Promise<C> {
    const saved = ((await nango.getCheckpoint()) ?? {}) as Partial<Record<string, unknown>>;
    const out: Record<string, unknown> = { ...empty };
    for (const key of Object.keys(empty)) {
        if (key in saved && typeof saved[key] === typeof out[key]) out[key] = saved[key];
    }
    return out as C;
}

/**
 * Stops a run cleanly when the org's daily API usage (read from Sforce-Limit-Info on every call) reaches the
 * threshold, so a sync never pushes an org over its allocation; the next run continues from the checkpoint.
 */
export class QuotaGuard {
    private last: ApiUsage | undefined;
    constructor(readonly thresholdPercent = 80) {}

    observe(usage: ApiUsage | undefined): void {
        if (usage) this.last = usage;
    }

    get exceeded(): boolean {
        return this.last !== undefined && this.last.max > 0 && this.last.used * 100 >= this.thresholdPercent * this.last.max;
    }

    describe(): string {
        const usage = this.last ? `${this.last.used} of ${this.last.max} (${Math.round((this.last.used * 1000) / Math.max(1, this.last.max)) / 10}%)` : 'its limit';
        return `the org has used ${usage} of its daily API requests, past the ${this.thresholdPercent}% threshold (metadata.quotaThresholdPercent)`;
    }
}

/** What one describe of the object decides for a run. */
export interface PreparedSync {
    cursorField: CursorField;
    /** Deletes read through queryAll in the main pass (the object has IsDeleted and the sync wants them). */
    readsDeletes: boolean;
    deletes: RecordSyncSpec<unknown>['deletes'];
    /**
     * The object archives rows (Task, Event: IsArchived). Archived rows are live records: every read of the object
     * goes through queryAll with IsDeleted = false, so no path sees them come and go.
     */
    archives: boolean;
    /** The readable fields: Id, the cursor field, the model's fields and the extra fields. */
    plan: FieldPlan;
    /** SELECT items of the plan. */
    select: string[];
    /** Child subqueries over the readable child fields. */
    subqueries: Subquery[];
    /** Fields the user cannot read, by object (the main object and each child object). */
    hidden: Array<{ sObject: string; fields: string[] }>;
    /** Signature of the SELECT, WHERE and record format. */
    signature: string;
    /** Why Bulk API 2.0 cannot run this query (subqueries, compound or base64 fields, the object), or null. */
    bulkBlocker: string | null;
    /** The object supports the replication API (getUpdated / getDeleted). */
    replicateable: boolean;
    /** The first three characters of the object's record ids, from describe (null when describe gives none). */
    keyPrefix: string | null;
    /** Salesforce's clock when the describe was answered (ms), or undefined when it sent no Date header. */
    serverTime: number | undefined;
    /** A record (REST or Bulk) in its one form. */
    shape: (record: SalesforceRecord) => SalesforceRecord;
}

/** Describes the object (and child objects) once and decides the run's SELECT, cursor, deletes and value types. */
export async function prepareSync(nango: SyncRuntime, spec: RecordSyncSpec<unknown>): Promise<PreparedSync> {
    const catalog = new FieldCatalog(nango);
    const object = await catalog.object(spec.sObject);
    const cursorField = cursorFieldOf(object);
    const hasIsDeleted = object.fields.has('isdeleted');
    const deletes = spec.deletes === 'queryAll' && !hasIsDeleted ? 'reconciliation' : spec.deletes;
    const idField = spec.idField ?? 'Id';
    const plan = await catalog.plan(spec.sObject, ['Id', ...(idField === 'Id' ? [] : [idField]), cursorField, ...spec.fields, ...spec.extraFields]);
    const hidden = plan.hidden.length > 0 ? [{ sObject: spec.sObject, fields: plan.hidden }] : [];
    const subqueries: Subquery[] = [];
    for (const child of spec.subqueries ?? []) {
        const childPlan = await catalog.plan(child.sObject, child.select);
        if (childPlan.hidden.length > 0) hidden.push({ sObject: child.sObject, fields: childPlan.hidden });
        subqueries.push(buildSubquery({ select: selectOf(childPlan), relationship: child.relationship, orderBy: child.orderBy ?? [] }));
    }
    const select = selectOf(plan);
    const signature = createHash('sha256')
        .update(
            JSON.stringify({
                format: RECORD_FORMAT_VERSION,
                model: spec.model,
                sObject: spec.sObject.toLowerCase(),
                select: select.map((f) => f.toLowerCase()).sort(),
                extraFields: spec.extraFields,
                subqueries,
                where: spec.where ?? '',
                with: spec.with ?? '',
                deletes
            })
        )
        .digest('hex')
        .slice(0, 32);
    const unsupported = plan.fields.find((f) => BULK_UNSUPPORTED_TYPES.has(f.type));
    const bulkBlocker =
        subqueries.length > 0
            ? 'child subqueries'
            : unsupported
              ? `${unsupported.select} is a ${unsupported.type} field`
              : BULK_UNSUPPORTED_OBJECTS.has(spec.sObject.toLowerCase())
                ? `Bulk API 2.0 does not query ${spec.sObject}`
                : null;
    const keep = (spec.subqueries ?? []).map((c) => c.relationship);
    return {
        cursorField,
        readsDeletes: deletes === 'queryAll',
        deletes,
        archives: object.fields.has('isarchived') && hasIsDeleted,
        plan,
        select,
        subqueries,
        hidden,
        signature,
        bulkBlocker,
        replicateable: object.replicateable,
        keyPrefix: object.keyPrefix,
        serverTime: catalog.serverTime,
        shape: (record) => shapeRecord(record, plan.fields, keep) as SalesforceRecord
    };
}

/**
 * The run's upper bound: Salesforce's clock (the describe's Date header) or the runner's, whichever is earlier, less
 * `lagSeconds`, and never past getUpdated's `latestDateCovered` where the object supports the replication API: a
 * long transaction (an Apex batch, a Bulk load) stamps its rows when it writes them but commits them later, and
 * Salesforce holds latestDateCovered before its start, so the rows it commits late are still ahead of the cursor.
 */
async function runUpper(nango: SyncRuntime, spec: RecordSyncSpec<unknown>, prepared: PreparedSync): Promise<string> {
    // the earlier of the two clocks: a runner whose clock runs ahead of Salesforce must not read past its "now"
    const serverNow = Math.min(prepared.serverTime ?? Date.now(), Date.now());
    const lagged = serverNow - (spec.lagSeconds ?? 60) * 1000;
    if (!prepared.replicateable) return iso(lagged);
    try {
        const covered = await latestDateCovered(nango, spec.sObject, serverNow);
        const coveredMs = new Date(covered).getTime();
        // getUpdated rounds its end down to the minute: a latestDateCovered at that end means nothing is pending
        const end = Math.floor(serverNow / 60_000) * 60_000;
        return iso(coveredMs >= end ? lagged : Math.min(lagged, coveredMs));
    } catch (error) {
        if (errorCodeOf(error) === 'REQUEST_LIMIT_EXCEEDED') throw error;
        await nango.log(`${spec.model}: Salesforce did not say how far ${spec.sObject} changes are committed (${errorCodeOf(error) ?? 'error'}); reading up to ${spec.lagSeconds ?? 60} seconds before its time instead.`, {
            level: 'warn'
        });
        return iso(lagged);
    }
}

export interface SyncOutcome<C> {
    checkpoint: C;
    /** True when the run stopped early (API quota) and the next run continues from the checkpoint. */
    stopped: boolean;
    /** What the run's describe decided (for syncs that read more with the same SELECT, such as tickets); absent when the run stopped before it. */
    prepared?: PreparedSync;
    /** The cursor this run's incremental pass started after (null: from the first record). */
    from: KeysetCursor | null;
    /** The run's upper bound; absent when the run stopped before it was known. */
    upper?: string;
}

/** Whether a reconciliation is due: the last one is older than the period. */
function reconciliationDue(state: RecordSyncCheckpoint, everyDays: number, now: number): boolean {
    if (everyDays <= 0 || !state.initial_load_done) return false;
    const last = state.reconciled_at ? new Date(state.reconciled_at).getTime() : 0;
    return now - last >= everyDays * 86_400_000;
}

/** Whether a checkpoint holds any progress (a cursor, a finished load or a Bulk job). */
function hasProgress(state: RecordSyncCheckpoint): boolean {
    return state.cursor_ts !== '' || state.initial_load_done || state.bulk_job_id !== '';
}

/** Whether the object holds more records than the threshold (for the Bulk API choice); no count means no. */
async function largerThan(nango: SyncRuntime, spec: RecordSyncSpec<unknown>, threshold: number | undefined): Promise<boolean> {
    if (!threshold || threshold <= 0) return false;
    try {
        return (await recordCount(nango, spec.sObject)) > threshold;
    } catch (error) {
        if (errorCodeOf(error) === 'REQUEST_LIMIT_EXCEEDED') throw error;
        // an object the count resource does not cover is simply read through REST
        await nango.log(`${spec.model}: no record count for ${spec.sObject} (${errorCodeOf(error) ?? 'error'}); reading it through the REST API.`, { level: 'warn' });
        return false;
    }
}

/** The query of a Bulk job over the object: live rows only, through queryAll where archived rows must be included. */
function bulkQuery(spec: RecordSyncSpec<unknown>, prepared: PreparedSync, select: readonly string[], upper: string | null): { soql: string; operation: 'query' | 'queryAll' } {
    const soql = buildSoql({
        select,
        from: spec.sObject,
        where: and(spec.where, prepared.archives ? compare('IsDeleted', '=', false) : undefined, upper ? compare(prepared.cursorField, '<=', dateTimeLiteral(upper)) : undefined),
        with: spec.with
    });
    return { soql, operation: prepared.archives ? 'queryAll' : 'query' };
}

/**
 * The first load through one Bulk API 2.0 query job: created once (its id and upper bound checkpointed), polled
 * with backoff, its CSV result pages mapped and saved like REST pages, the locator checkpointed after each page, the
 * API usage of every call watched. At the end the job is deleted and the REST cursor starts at the job's upper bound.
 * A job Salesforce refuses, fails, aborts or loses throws a BulkJobError (the caller goes on through REST).
 */
async function bulkFirstLoad<C extends RecordSyncCheckpoint>(
    nango: SyncRuntime,
    spec: RecordSyncSpec<{ id: string }>,
    prepared: PreparedSync,
    upper: string,
    start: C,
    quota: QuotaGuard,
    save: (records: SalesforceRecord[]) => Promise<void>,
    checkpoint: (state: C) => Promise<void>
): Promise<C | 'stopped'> {
    let state = start;
    if (!state.bulk_job_id) {
        const { soql, operation } = bulkQuery(spec, prepared, prepared.select, upper);
        const job = await createQueryJob(nango, soql, operation);
        quota.observe(job.apiUsage);
        state = { ...state, bulk_job_id: job.value, bulk_locator: '', bulk_upper: upper };
        await checkpoint(state);
        await nango.log(`${spec.model}: the object is large; reading it through Bulk API 2.0 job ${job.value}.`);
    }
    const jobId = state.bulk_job_id;
    if ((await waitForJob(nango, jobId, (usage) => quota.observe(usage), () => quota.exceeded)) === 'stopped') return 'stopped';
    let locator: string | null = state.bulk_locator || null;
    do {
        const page = await resultPage(nango, jobId, spec.sObject, locator);
        quota.observe(page.apiUsage);
        for (let i = 0; i < page.records.length; i += 2_000) {
            await save(page.records.slice(i, i + 2_000));
        }
        locator = page.nextLocator;
        state = { ...state, bulk_locator: locator ?? '' };
        await checkpoint(state);
        if (locator && quota.exceeded) return 'stopped';
    } while (locator);
    state = { ...state, cursor_ts: state.bulk_upper, cursor_id: '', bulk_job_id: '', bulk_locator: '', bulk_upper: '' };
    await checkpoint(state);
    quota.observe(await deleteJob(nango, jobId));
    return state;
}

/** Rows per batchDelete call of a reconciliation. */
const DELETE_BATCH = 1_000;
/** How far back the delete log (getDeleted) reaches at most. */
const DELETE_LOG_DAYS = 15;

/**
 * The ids of the records the sync should hold: an id-only read of the object with the sync's WHERE (archived rows
 * included), through one Bulk job for a large object, else a REST keyset pass. Null when the quota stopped it.
 */
async function liveIds(nango: SyncRuntime, spec: RecordSyncSpec<unknown>, prepared: PreparedSync, quota: QuotaGuard): Promise<Set<string> | null> {
    const idField = spec.idField ?? 'Id';
    const ids = new Set<string>();
    const add = (records: readonly SalesforceRecord[]) => {
        for (const r of records) {
            const id = r[idField] ?? r['Id'];
            if (typeof id === 'string') ids.add(id);
        }
    };
    const select = idField === 'Id' ? ['Id'] : ['Id', idField];
    // an id-only query has no subqueries nor compound fields: only the object can keep it from Bulk
    if (!BULK_UNSUPPORTED_OBJECTS.has(spec.sObject.toLowerCase()) && (await largerThan(nango, spec, spec.bulkThreshold))) {
        const { soql, operation } = bulkQuery(spec, prepared, select, null);
        let jobId = '';
        try {
            const job = await createQueryJob(nango, soql, operation);
            jobId = job.value;
            quota.observe(job.apiUsage);
            if ((await waitForJob(nango, jobId, (usage) => quota.observe(usage), () => quota.exceeded)) === 'stopped') return null;
            let locator: string | null = null;
            do {
                const page = await resultColumn(nango, jobId, idField, locator);
                quota.observe(page.apiUsage);
                for (const id of page.values) ids.add(id);
                locator = page.nextLocator;
                if (locator && quota.exceeded) return null;
            } while (locator);
            return ids;
        } catch (error) {
            if (!(error instanceof BulkJobError)) throw error;
            await nango.log(`${spec.model}: ${error.message}; reading the ids through the REST API instead.`, { level: 'warn' });
            ids.clear();
        } finally {
            if (jobId) quota.observe(await deleteJob(nango, jobId));
        }
    }
    const pass = await keysetPass(nango, {
        sObject: spec.sObject,
        select,
        where: and(spec.where, prepared.archives ? compare('IsDeleted', '=', false) : undefined),
        with: spec.with,
        cursor: null,
        upper: iso((prepared.serverTime ?? Date.now()) + 86_400_000),
        cursorField: prepared.cursorField,
        includeDeleted: prepared.archives,
        batchSize: MAX_BATCH_SIZE,
        onPage: async (records, _cursor, apiUsage) => {
            quota.observe(apiUsage);
            add(records);
        },
        shouldStop: () => quota.exceeded
    });
    return pass.stopped ? null : ids;
}

/**
 * Reconciliation: removes from Nango the records that are gone from Salesforce without queryAll ever showing it
 * (purged from the Recycle Bin, hard-deleted, or no longer matching the sync's WHERE). Where the object supports
 * getDeleted, the sync's filter is existence alone and the delete log still reaches back to the last reconciliation,
 * one call lists those records. Otherwise the ids of the records the sync should hold are read (ids only) and
 * compared with what Nango holds (`listRecords`); the difference is deleted. Null when the quota stopped it.
 */
async function reconcile(
    nango: SyncRuntime,
    spec: RecordSyncSpec<unknown>,
    prepared: PreparedSync,
    since: string,
    upper: string,
    quota: QuotaGuard,
    savedThisRun: ReadonlySet<string>
): Promise<{ removed: number; how: string; coveredUntil: string } | null> {
    const sinceMs = since ? new Date(since).getTime() : 0;
    const serverNow = prepared.serverTime ?? Date.now();
    if (prepared.readsDeletes && spec.where === undefined && (spec.idField ?? 'Id') === 'Id' && prepared.replicateable && sinceMs > serverNow - DELETE_LOG_DAYS * 86_400_000) {
        try {
            const window = await deletedBetween(nango, spec.sObject, sinceMs - 60_000, new Date(upper).getTime());
            if (new Date(window.earliestDateAvailable).getTime() <= sinceMs - 60_000) {
                // a record deleted then undeleted is still in the log: one this run just saved is live
                const gone = window.ids.filter((id) => !savedThisRun.has(id));
                for (let i = 0; i < gone.length; i += DELETE_BATCH) {
                    await nango.batchDelete(
                        gone.slice(i, i + DELETE_BATCH).map((id) => ({ id })),
                        spec.model
                    );
                }
                const covered = new Date(window.latestDateCovered).getTime();
                return { removed: gone.length, how: 'the delete log (getDeleted)', coveredUntil: iso(Math.min(covered, new Date(upper).getTime())) };
            }
            await nango.log(`${spec.model}: the delete log of ${spec.sObject} only reaches back to ${window.earliestDateAvailable}; comparing ids instead.`);
        } catch (error) {
            if (errorCodeOf(error) === 'REQUEST_LIMIT_EXCEEDED') throw error;
            await nango.log(`${spec.model}: no delete log for ${spec.sObject} (${errorCodeOf(error) ?? 'error'}); comparing ids instead.`, { level: 'warn' });
        }
    }
    const compared = await removeMissing(nango, spec, prepared, quota);
    return compared ? { ...compared, coveredUntil: compared.how.startsWith('nothing') ? since : upper } : null;
}

/**
 * Reads the ids of the records the sync should hold (ids only, see `liveIds`), and deletes from Nango's copy
 * (`listRecords`) every record not among them. Records Nango already marks deleted are skipped; the deletes are sent
 * after the listing, so the listing does not move under its own feet. Null when the quota stopped it.
 */
async function removeMissing(nango: SyncRuntime, spec: RecordSyncSpec<unknown>, prepared: PreparedSync, quota: QuotaGuard): Promise<{ removed: number; how: string } | null> {
    if (!nango.listRecords) {
        await nango.log(`${spec.model}: this Nango runtime cannot list the records it holds; nothing removed.`, { level: 'warn' });
        return { removed: 0, how: 'nothing (no listRecords)' };
    }
    const ids = await liveIds(nango, spec, prepared, quota);
    if (!ids) return null;
    const gone: string[] = [];
    for await (const record of nango.listRecords(spec.model)) {
        const meta = (record as { _nango_metadata?: { deleted_at?: unknown } })._nango_metadata;
        if (meta?.deleted_at || ids.has(record.id)) continue;
        gone.push(record.id);
    }
    for (let i = 0; i < gone.length; i += DELETE_BATCH) {
        await nango.batchDelete(
            gone.slice(i, i + DELETE_BATCH).map((id) => ({ id })),
            spec.model
        );
    }
    return { removed: gone.length, how: `comparing ${ids.size} ids with the records Nango holds` };
}

/**
 * One run of a record sync over one object:
 *
 * 0. one describe decides the SELECT (see `prepareSync`); when the settings signature differs from the
 *    checkpoint's, every record is read again from the start, then the ids are compared with Nango's copy, so
 *    afterwards every record has the new fields and none that no longer matches remains (records changed during the
 *    re-read are kept: the id read runs up to now). The upper bound comes from Salesforce's clock and its
 *    replication API (`runUpper`);
 * 1. a first load of a large object goes through one Bulk API 2.0 job; a job Salesforce refuses or fails is
 *    cleared and the same run reads through REST;
 * 2. the incremental pass: records changed since the cursor (deleted ones too, through queryAll, removed with
 *    batchDelete; the first run reads live records only), checkpointed after every page;
 * 3. when due (metadata.reconcileEveryDays, default 7), a reconciliation removes what Salesforce no longer has
 *    without queryAll showing it (see `reconcile`).
 */
export async function syncRecords<M extends { id: string }, C extends RecordSyncCheckpoint>(
    nango: SyncRuntime,
    spec: RecordSyncSpec<M>,
    checkpoint: C,
    /** Adjusts the checkpoint once the run's upper bound is known, before anything is read or saved (tickets starts its child cursors there). */
    atStart?: (state: C, upper: string) => C
): Promise<SyncOutcome<C>> {
    const quota = spec.quota ?? new QuotaGuard(100);
    let prepared: PreparedSync;
    let upper: string;
    try {
        prepared = await prepareSync(nango, spec);
        upper = await runUpper(nango, spec, prepared);
    } catch (error) {
        if (errorCodeOf(error) !== 'REQUEST_LIMIT_EXCEEDED') throw error;
        await nango.log(`${spec.model}: stopping early, before reading anything: the org has used all of its daily API requests (REQUEST_LIMIT_EXCEEDED); the next run continues from here.`, { level: 'warn' });
        return { checkpoint, stopped: true, from: null };
    }
    const { cursorField, readsDeletes } = prepared;
    for (const { sObject, fields } of prepared.hidden) {
        await nango.log(hiddenFieldsWarning(spec.model, sObject, fields), { level: 'warn' });
    }
    const now = prepared.serverTime ?? Date.now();
    let state: C = { ...checkpoint };
    if (state.settings_hash !== prepared.signature) {
        if (hasProgress(state)) {
            await nango.log(
                `${spec.model}: what the sync selects changed since the last run (fields the user can read, extra fields, query or record format); re-reading every record, and removing those that no longer match at the end.`,
                { level: 'warn' }
            );
            state = { ...state, ...EMPTY_CHECKPOINT, reread_active: true };
        }
        state = { ...state, settings_hash: prepared.signature };
    }
    if (!state.initial_load_done && state.reconciled_at === '') {
        // the delete log must later reach back to the start of the first load, however many runs the load takes
        state = { ...state, reconciled_at: upper };
    }
    if (atStart) state = atStart(state, upper);
    const reconcileNow = prepared.deletes !== 'none' && reconciliationDue(state, spec.reconcileEveryDays ?? 0, now);
    let saved = 0;
    let deleted = 0;
    let mainFrom: KeysetCursor | null = null;
    /** Ids saved by this run, kept only when a reconciliation follows (it must not delete them). */
    const savedIds = new Set<string>();
    const outcome = (stopped: boolean): SyncOutcome<C> => ({ checkpoint: state, stopped, prepared, from: mainFrom, upper });
    const save = async (records: SalesforceRecord[]) => {
        await spec.complete?.(records);
        await nango.batchSave(
            records.map((r) => spec.map(prepared.shape(r), spec.extraFields)),
            spec.model
        );
        saved += records.length;
        if (reconcileNow) for (const r of records) savedIds.add(String(r['Id']));
    };
    const stopForQuota = async (): Promise<SyncOutcome<C>> => {
        await nango.log(`${spec.model}: stopping early: ${quota.describe()}. Saved ${saved}, deleted ${deleted}; the next run continues from here.`, { level: 'warn' });
        return outcome(true);
    };
    /** The first load is complete (a re-read then still owes the id comparison: `closeReread`). */
    const firstLoadDone = async () => {
        state = { ...state, initial_load_done: true };
        await nango.saveCheckpoint(state);
    };
    /**
     * A re-read is loaded: whatever Nango holds that the sync would no longer read (rows of the old query) is removed
     * by comparing ids, up to now, so rows changed while the re-read ran are kept. Stopped by the quota, it is owed
     * to the next run (reread_active stays true).
     */
    const closeReread = async (): Promise<boolean> => {
        if (!state.reread_active || !state.initial_load_done) return true;
        const result = await removeMissing(nango, spec, prepared, quota);
        if (!result) return false;
        state = { ...state, reread_active: false };
        await nango.saveCheckpoint(state);
        deleted += result.removed;
        await nango.log(`${spec.model}: re-read done; ${result.removed} records that no longer match were removed (${result.how}).`);
        return true;
    };
    try {
        const bulkWanted = !state.initial_load_done && state.cursor_ts === '' && !state.bulk_refused && prepared.bulkBlocker === null;
        if (state.bulk_job_id || (bulkWanted && (await largerThan(nango, spec, spec.bulkThreshold)))) {
            try {
                const bulk = await bulkFirstLoad(nango, spec, prepared, upper, state, quota, save, async (next) => {
                    state = next;
                    await nango.saveCheckpoint(state);
                });
                if (bulk === 'stopped') return await stopForQuota();
                await firstLoadDone();
                await nango.log(`${spec.model}: first load through Bulk API 2.0 done, ${saved} records; later runs read changes through the REST cursor.`);
                if (!(await closeReread())) return await stopForQuota();
                return outcome(false);
            } catch (error) {
                if (!(error instanceof BulkJobError)) throw error;
                // the job is of no more use: forget it (and delete what is left of it), and read through REST now
                const jobId = state.bulk_job_id;
                state = { ...state, bulk_job_id: '', bulk_locator: '', bulk_upper: '', bulk_refused: true };
                await nango.saveCheckpoint(state);
                if (jobId) quota.observe(await deleteJob(nango, jobId));
                await nango.log(`${spec.model}: ${error.message.replace(/\.$/, '')}. Reading ${spec.sObject} through the REST API instead${saved > 0 ? ` (the ${saved} records the job gave are read again)` : ''}.`, {
                    level: 'warn'
                });
            }
        } else if (!state.initial_load_done && prepared.bulkBlocker && (spec.bulkThreshold ?? 0) > 0 && state.cursor_ts === '') {
            await nango.log(`${spec.model}: not using Bulk API 2.0 for the first load (${prepared.bulkBlocker}); reading through the REST API.`);
        }
        mainFrom = cursorOf(state.cursor_ts, state.cursor_id);
        const throughQueryAll = readsDeletes || prepared.archives;
        // only a pass from the very first record may leave deleted rows out: once something is saved (an earlier run
        // of the same first load), a row deleted since must be seen to be removed
        const liveOnly = (readsDeletes && mainFrom === null) || (!readsDeletes && prepared.archives);
        const main = await keysetPass(nango, {
            sObject: spec.sObject,
            select: [...prepared.select, ...(readsDeletes ? ['IsDeleted'] : [])],
            subqueries: prepared.subqueries,
            where: and(spec.where, liveOnly ? compare('IsDeleted', '=', false) : undefined),
            with: spec.with,
            cursor: mainFrom,
            upper,
            cursorField,
            includeDeleted: throughQueryAll,
            batchSize: spec.batchSize,
            onPage: async (records, cursor, apiUsage) => {
                quota.observe(apiUsage);
                const live = readsDeletes ? records.filter((r) => r['IsDeleted'] !== true) : records;
                const gone = readsDeletes ? records.filter((r) => r['IsDeleted'] === true) : [];
                if (live.length > 0) await save(live);
                if (gone.length > 0) {
                    await nango.batchDelete(
                        gone.map((r) => ({ id: String(r['Id']) })),
                        spec.model
                    );
                    deleted += gone.length;
                }
                state = { ...state, cursor_ts: cursor.ts, cursor_id: cursor.id };
                await nango.saveCheckpoint(state);
            },
            shouldStop: () => quota.exceeded
        });
        if (main.stopped) return await stopForQuota();
        if (!state.initial_load_done) {
            // the first full load is itself a complete pass: the next reconciliation is due a period from its start
            await firstLoadDone();
        }
        if (!(await closeReread())) return await stopForQuota();

        if (reconcileNow) {
            const result = await reconcile(nango, spec, prepared, state.reconciled_at, upper, quota, savedIds);
            if (!result) return await stopForQuota();
            // the next delete-log window starts where this one ended (never later than the run's upper bound)
            state = { ...state, reconciled_at: result.coveredUntil };
            await nango.saveCheckpoint(state);
            deleted += result.removed;
            await nango.log(`${spec.model}: reconciliation done through ${result.how}; ${result.removed} records no longer in Salesforce were removed.`);
        }
    } catch (error) {
        if (errorCodeOf(error) === 'REQUEST_LIMIT_EXCEEDED') {
            return await stopForQuota();
        }
        throw error;
    }
    await nango.log(`${spec.model}: saved ${saved}, deleted ${deleted}.`);
    return outcome(false);
}

/** Adds, to an INVALID_FIELD error, which metadata setting wrote the statement (the WHERE of `soqlQuery`). */
export function withFieldHint(error: unknown, setting: string): unknown {
    const payload = (error as { payload?: SalesforceErrorPayload } | null)?.payload;
    if (payload && errorCodeOf(error) === 'INVALID_FIELD') {
        payload.message += ` Check metadata.${setting}: every field its WHERE names must be a field of the object that the connected user can read.`;
    }
    return error;
}

/**
 * What a sync reads and how it maps it, declared once per sync file and used by its exec and its onWebhook alike.
 * `extraFields`: the metadata's extra fields of the object when absent (records-by-soql gives [] instead).
 */
export type SimpleSyncDefinition<M> = Omit<RecordSyncSpec<M>, 'extraFields' | 'batchSize' | 'lagSeconds' | 'quota' | 'reconcileEveryDays' | 'bulkThreshold'> & {
    extraFields?: readonly string[] | undefined;
};

/** The per-run settings every sync takes from metadata: page size, lag, quota guard, reconciliation period, Bulk threshold. */
export function runSettings(metadata: SyncMetadata): Pick<RecordSyncSpec<unknown>, 'batchSize' | 'lagSeconds' | 'quota' | 'reconcileEveryDays' | 'bulkThreshold'> {
    return {
        batchSize: metadata.batchSize,
        lagSeconds: metadata.lagSeconds ?? 60,
        quota: new QuotaGuard(metadata.quotaThresholdPercent ?? 80),
        reconcileEveryDays: metadata.reconcileEveryDays ?? 7,
        bulkThreshold: metadata.bulkThreshold ?? 50_000
    };
}

/** A whole run of a one-object sync: metadata, checkpoint, one pass; failures reported as clear Errors. */
export async function runRecordSync<M extends { id: string }>(nango: SyncRuntime, definition: SimpleSyncDefinition<M>): Promise<void> {
    try {
        const metadata = await readSyncMetadata(nango);
        const extraFields = definition.extraFields ?? extraFieldsFor(metadata, definition.sObject);
        const checkpoint = await loadCheckpoint(nango, EMPTY_CHECKPOINT);
        await syncRecords(nango, { ...definition, extraFields, ...runSettings(metadata) }, checkpoint);
    } catch (error) {
        throw toSyncError(error);
    }
}
