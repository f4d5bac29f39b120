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
 * in the checkpoint; when it changes, the run re-reads every record inside a trackDeletesStart/End window.
 */
import { createHash } from 'crypto';
import * as z from 'zod';

import type { NangoClient } from '../http/api.js';
import { InputError, type SalesforceErrorPayload } from '../http/errors.js';
import { createQueryJob, recordCount, resultPage, waitForJob } from './bulk.js';
import { queryPages, type ApiUsage, type SalesforceRecord } from '../http/pager.js';
import { and, buildSoql, buildSubquery, compare, dateTimeLiteral, normalizeDateTime, not, or, type Condition, type OrderBy, type Subquery } from '../soql/builder.js';
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
    trackDeletesStart?(model: string): unknown;
    trackDeletesEnd?(model: string): Promise<{ deletedKeys?: string[] } | void> | { deletedKeys?: string[] } | void;
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
    /** When the last reconciliation (or the first full load) finished. */
    reconciled_at: z.string(),
    /** Cursor of a reconciliation pass in progress. */
    recon_ts: z.string(),
    recon_id: z.string(),
    recon_active: z.boolean(),
    /** Bulk API 2.0 job of a first load in progress, the locator of its next result page, and its upper bound. */
    bulk_job_id: z.string(),
    bulk_locator: z.string(),
    bulk_upper: z.string(),
    /** Signature of what shapes the SELECT and WHERE (fields the user can read, settings, record format). */
    settings_hash: z.string(),
    /** A full re-read after a settings change is in progress, inside a trackDeletesStart/End window. */
    reread_active: z.boolean()
});
export type RecordSyncCheckpoint = z.infer<typeof RecordSyncCheckpointSchema>;

export const EMPTY_CHECKPOINT: RecordSyncCheckpoint = {
    cursor_ts: '',
    cursor_id: '',
    initial_load_done: false,
    reconciled_at: '',
    recon_ts: '',
    recon_id: '',
    recon_active: false,
    bulk_job_id: '',
    bulk_locator: '',
    bulk_upper: '',
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
/** Most times a pass narrows its window after QUERY_TIMEOUT before giving up. */
export const MAX_TIMEOUT_NARROWINGS = 8;
/** Lower bound of the first window when there is no cursor yet (Salesforce orgs hold nothing older). */
const EPOCH = '1999-01-01T00:00:00.000Z';

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

/** The upper bound of a run: its start, less the lag that lets in-flight transactions commit. */
export function runUpperBound(lagSeconds = 60, now: number = Date.now()): string {
    return new Date(now - lagSeconds * 1000).toISOString();
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

function midpoint(from: string, to: string): string {
    const a = new Date(from).getTime();
    const b = new Date(to).getTime();
    return new Date(Math.floor((a + b) / 2000) * 1000).toISOString();
}

/**
 * Reads every record after `cursor` up to `upper`, page by page. An expired locator restarts the query from the last
 * saved cursor; QUERY_TIMEOUT narrows the time window and carries on.
 */
export async function keysetPass(nango: SyncRuntime, options: PassOptions): Promise<PassResult> {
    const field = options.cursorField ?? 'SystemModstamp';
    const select = [...new Set(['Id', field, ...options.select])];
    let cursor = options.cursor;
    let windowEnd = options.upper;
    let restarts = 0;
    let narrowings = 0;
    let records = 0;
    let pages = 0;
    for (;;) {
        const soql = buildSoql({
            select,
            subqueries: options.subqueries ?? [],
            from: options.sObject,
            where: and(options.where, afterCursor(cursor, field), compare(field, '<=', dateTimeLiteral(windowEnd))),
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
            if (code === 'QUERY_TIMEOUT' && narrowings < MAX_TIMEOUT_NARROWINGS) {
                narrowings++;
                windowEnd = midpoint(cursor?.ts ?? EPOCH, windowEnd);
                await nango.log(`The query of ${options.sObject} timed out; reading up to ${windowEnd} first.`, { level: 'warn' });
                continue;
            }
            throw error;
        }
        if (windowEnd === options.upper) {
            return { cursor, records, pages, stopped: false };
        }
        // the narrowed window is done: go on towards the run's upper bound
        windowEnd = options.upper;
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
    upper: string;
    /** Stops the run cleanly past the org's API usage threshold. */
    quota?: QuotaGuard | undefined;
    /** Days between reconciliation passes (0: never). */
    reconcileEveryDays?: number | undefined;
    /** A first load of more records than this goes through Bulk API 2.0 (0: never). */
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
 * Stops a run cleanly when the org's daily API usage (read from Sforce-Limit-Info on every page) reaches the
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
    const plan = await catalog.plan(spec.sObject, ['Id', cursorField, ...spec.fields, ...spec.extraFields]);
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
    const keep = (spec.subqueries ?? []).map((c) => c.relationship);
    return {
        cursorField,
        readsDeletes: deletes === 'queryAll',
        deletes,
        plan,
        select,
        subqueries,
        hidden,
        signature,
        shape: (record) => shapeRecord(record, plan.fields, keep) as SalesforceRecord
    };
}

export interface SyncOutcome<C> {
    checkpoint: C;
    /** True when the run stopped early (API quota) and the next run continues from the checkpoint. */
    stopped: boolean;
    /** What the run's describe decided (for syncs that read more with the same SELECT, such as tickets); absent when the run stopped before it. */
    prepared?: PreparedSync;
    /** The cursor this run's incremental pass started after (null: from the first record). */
    from: KeysetCursor | null;
}

/** Whether a reconciliation pass is due: one is running, or the last one is older than the period. */
function reconciliationDue(state: RecordSyncCheckpoint, everyDays: number, now: number): boolean {
    if (everyDays <= 0 || !state.initial_load_done) return false;
    if (state.recon_active) return true;
    const last = state.reconciled_at ? new Date(state.reconciled_at).getTime() : 0;
    return now - last >= everyDays * 86_400_000;
}

/** Whether a checkpoint holds any progress (a cursor, a finished load or a Bulk job). */
function hasProgress(state: RecordSyncCheckpoint): boolean {
    return state.cursor_ts !== '' || state.initial_load_done || state.bulk_job_id !== '';
}

/** A first load from scratch of an object larger than the threshold, with no child subqueries, goes through Bulk API 2.0. */
async function bulkLoadWanted(nango: SyncRuntime, spec: RecordSyncSpec<{ id: string }>, state: RecordSyncCheckpoint): Promise<boolean> {
    if (!spec.bulkThreshold || spec.bulkThreshold <= 0 || (spec.subqueries ?? []).length > 0 || state.cursor_ts !== '') return false;
    try {
        return (await recordCount(nango, spec.sObject)) > spec.bulkThreshold;
    } catch (error) {
        // an object the count resource does not cover is simply loaded through REST
        await nango.log(`${spec.model}: no record count for ${spec.sObject} (${errorCodeOf(error) ?? 'error'}); loading it through the REST API.`, { level: 'warn' });
        return false;
    }
}

/**
 * The first load through one Bulk API 2.0 query job: created once (its id and upper bound checkpointed), polled
 * with backoff, its CSV result pages mapped and saved like REST pages, the locator checkpointed after each page. At
 * the end the REST cursor starts at the job's upper bound.
 */
async function bulkFirstLoad<C extends RecordSyncCheckpoint>(
    nango: SyncRuntime,
    spec: RecordSyncSpec<{ id: string }>,
    prepared: PreparedSync,
    start: C,
    quota: QuotaGuard,
    save: (records: SalesforceRecord[]) => Promise<void>,
    checkpoint: (state: C) => Promise<void>
): Promise<'done' | 'stopped'> {
    let state = start;
    if (!state.bulk_job_id) {
        const soql = buildSoql({
            select: prepared.select,
            from: spec.sObject,
            where: and(spec.where, compare(prepared.cursorField, '<=', dateTimeLiteral(spec.upper))),
            with: spec.with
        });
        const jobId = await createQueryJob(nango, soql);
        state = { ...state, bulk_job_id: jobId, bulk_locator: '', bulk_upper: spec.upper };
        await checkpoint(state);
        await nango.log(`${spec.model}: the object is large; reading it through Bulk API 2.0 job ${jobId}.`);
    }
    await waitForJob(nango, state.bulk_job_id);
    let locator: string | null = state.bulk_locator || null;
    do {
        const page = await resultPage(nango, state.bulk_job_id, spec.sObject, locator);
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
    return 'done';
}

/**
 * One run of a record sync over one object:
 *
 * 0. one describe decides the SELECT (see `prepareSync`); when the settings signature differs from the
 *    checkpoint's, every record is read again from the start inside a trackDeletesStart/End window, so afterwards
 *    every record has the new fields and none that no longer matches remains;
 * 1. the incremental pass: records changed since the cursor (deleted ones too, through queryAll, removed with
 *    batchDelete; the first run reads live records only), checkpointed after every page;
 * 2. when due (metadata.reconcileEveryDays, default 7), a reconciliation pass inside a trackDeletesStart/End window:
 *    every live record is saved once more, so records purged from the Recycle Bin (which queryAll never shows) are
 *    removed from Nango's cache. It has its own cursor, may span several runs, leaves the incremental cursor alone,
 *    and skips the records the incremental pass of the same run just saved.
 */
export async function syncRecords<M extends { id: string }, C extends RecordSyncCheckpoint>(nango: SyncRuntime, spec: RecordSyncSpec<M>, checkpoint: C): Promise<SyncOutcome<C>> {
    let prepared: PreparedSync;
    try {
        prepared = await prepareSync(nango, spec);
    } catch (error) {
        if (errorCodeOf(error) !== 'REQUEST_LIMIT_EXCEEDED') throw error;
        await nango.log(`${spec.model}: stopping early, before reading anything: the org has used all of its daily API requests (REQUEST_LIMIT_EXCEEDED); the next run continues from here.`, { level: 'warn' });
        return { checkpoint, stopped: true, from: null };
    }
    const { cursorField, readsDeletes } = prepared;
    for (const { sObject, fields } of prepared.hidden) {
        await nango.log(hiddenFieldsWarning(spec.model, sObject, fields), { level: 'warn' });
    }
    const quota = spec.quota ?? new QuotaGuard(100);
    const now = Date.now();
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
    const reconcile = prepared.deletes !== 'none' && reconciliationDue(state, spec.reconcileEveryDays ?? 0, now);
    let saved = 0;
    let deleted = 0;
    const save = async (records: SalesforceRecord[]) => {
        await spec.complete?.(records);
        await nango.batchSave(
            records.map((r) => spec.map(prepared.shape(r), spec.extraFields)),
            spec.model
        );
        saved += records.length;
    };
    const stopForQuota = async (): Promise<SyncOutcome<C>> => {
        await nango.log(`${spec.model}: stopping early: ${quota.describe()}. Saved ${saved}, deleted ${deleted}; the next run continues from here.`, { level: 'warn' });
        return { checkpoint: state, stopped: true, prepared, from: cursorOf(state.cursor_ts, state.cursor_id) };
    };
    /** The first load is complete: a re-read closes its trackDeletes window. */
    const firstLoadDone = async () => {
        const closeWindow = state.reread_active;
        state = { ...state, initial_load_done: true, reconciled_at: new Date(now).toISOString(), reread_active: false };
        // the checkpoint first: a run that dies between the two must not reopen the window and end it after saving
        // almost nothing (which would remove almost every record)
        await nango.saveCheckpoint(state);
        if (closeWindow) {
            const removed = await nango.trackDeletesEnd?.(spec.model);
            await nango.log(`${spec.model}: re-read done; ${removed?.deletedKeys?.length ?? 0} records that no longer match were removed.`);
        }
    };
    let mainFrom: KeysetCursor | null = null;
    try {
        if (reconcile || state.reread_active) {
            await nango.trackDeletesStart?.(spec.model);
        }
        if (!state.initial_load_done && (state.bulk_job_id || (await bulkLoadWanted(nango, spec, state)))) {
            const bulk = await bulkFirstLoad(nango, spec, prepared, state, quota, save, async (next) => {
                state = next;
                await nango.saveCheckpoint(state);
            });
            if (bulk === 'stopped') return await stopForQuota();
            await firstLoadDone();
            await nango.log(`${spec.model}: first load through Bulk API 2.0 done, ${saved} records; later runs read changes through the REST cursor.`);
            return { checkpoint: state, stopped: false, prepared, from: null };
        }
        mainFrom = cursorOf(state.cursor_ts, state.cursor_id);
        const main = await keysetPass(nango, {
            sObject: spec.sObject,
            select: [...prepared.select, ...(readsDeletes ? ['IsDeleted'] : [])],
            subqueries: prepared.subqueries,
            where: and(spec.where, readsDeletes && !state.initial_load_done ? compare('IsDeleted', '=', false) : undefined),
            with: spec.with,
            cursor: mainFrom,
            upper: spec.upper,
            cursorField,
            includeDeleted: readsDeletes,
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
            // the first full load is itself a complete pass: the next reconciliation is due a period from now
            await firstLoadDone();
        }

        if (reconcile) {
            state = { ...state, recon_active: true };
            await nango.saveCheckpoint(state);
            // records the incremental pass just saved, (mainFrom, upper], are left out; everything else live is read
            // up to now (no upper bound: a record must not miss the window because it changed after `upper`)
            const upperBound = compare(cursorField, '<=', dateTimeLiteral(spec.upper));
            const notJustSaved = not(and(afterCursor(mainFrom, cursorField), upperBound) ?? upperBound);
            const recon = await keysetPass(nango, {
                sObject: spec.sObject,
                select: prepared.select,
                subqueries: prepared.subqueries,
                where: and(spec.where, notJustSaved),
                with: spec.with,
                cursor: cursorOf(state.recon_ts, state.recon_id),
                upper: new Date(now + 86_400_000).toISOString(),
                cursorField,
                includeDeleted: false,
                batchSize: spec.batchSize,
                onPage: async (records, cursor, apiUsage) => {
                    quota.observe(apiUsage);
                    await save(records);
                    state = { ...state, recon_ts: cursor.ts, recon_id: cursor.id };
                    await nango.saveCheckpoint(state);
                },
                shouldStop: () => quota.exceeded
            });
            if (recon.stopped) return await stopForQuota();
            state = { ...state, recon_active: false, recon_ts: '', recon_id: '', reconciled_at: new Date(now).toISOString() };
            // the checkpoint before the window ends, as for a re-read
            await nango.saveCheckpoint(state);
            const removed = await nango.trackDeletesEnd?.(spec.model);
            await nango.log(`${spec.model}: reconciliation done; ${removed?.deletedKeys?.length ?? 0} records no longer in Salesforce were removed.`);
        }
    } catch (error) {
        if (errorCodeOf(error) === 'REQUEST_LIMIT_EXCEEDED') {
            return await stopForQuota();
        }
        throw error;
    }
    await nango.log(`${spec.model}: saved ${saved}, deleted ${deleted}.`);
    return { checkpoint: state, stopped: false, prepared, from: mainFrom };
}

/** Adds, to an INVALID_FIELD error, which metadata setting wrote the statement (the WHERE of `soqlQuery`). */
export function withFieldHint(error: unknown, setting: string): unknown {
    const payload = (error as { payload?: SalesforceErrorPayload } | null)?.payload;
    if (payload && errorCodeOf(error) === 'INVALID_FIELD') {
        payload.message += ` Check metadata.${setting}: every field its WHERE names must be a field of the object that the connected user can read.`;
    }
    return error;
}

export type SimpleSyncDefinition<M> = Omit<RecordSyncSpec<M>, 'extraFields' | 'batchSize' | 'upper' | 'quota' | 'reconcileEveryDays' | 'bulkThreshold'>;

/** The per-run settings every sync takes from metadata: page size, upper bound, quota guard, reconciliation period. */
export function runSettings(metadata: SyncMetadata): Pick<RecordSyncSpec<unknown>, 'batchSize' | 'upper' | 'quota' | 'reconcileEveryDays' | 'bulkThreshold'> {
    return {
        batchSize: metadata.batchSize,
        upper: runUpperBound(metadata.lagSeconds),
        quota: new QuotaGuard(metadata.quotaThresholdPercent ?? 80),
        reconcileEveryDays: metadata.reconcileEveryDays ?? 7,
        bulkThreshold: metadata.bulkThreshold ?? 50_000
    };
}

/** A whole run of a one-object sync: metadata, checkpoint, one pass; failures reported as clear Errors. */
export async function runRecordSync<M extends { id: string }>(nango: SyncRuntime, definition: SimpleSyncDefinition<M>): Promise<void> {
    try {
        const metadata = await readSyncMetadata(nango);
        const extraFields = extraFieldsFor(metadata, definition.sObject);
        const checkpoint = await loadCheckpoint(nango, EMPTY_CHECKPOINT);
        await syncRecords(nango, { ...definition, extraFields, ...runSettings(metadata) }, checkpoint);
    } catch (error) {
        throw toSyncError(error);
    }
}
