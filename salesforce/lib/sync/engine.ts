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
 */
import * as z from 'zod';

import type { NangoClient } from '../http/api.js';
import { InputError, type SalesforceErrorPayload } from '../http/errors.js';
import { createQueryJob, fieldTypes, recordCount, resultPage, waitForJob } from './bulk.js';
import { queryPages, type ApiUsage, type SalesforceRecord } from '../http/pager.js';
import { and, buildSoql, compare, dateTimeLiteral, normalizeDateTime, not, or, type Condition, type Subquery } from '../soql/builder.js';
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
    bulk_upper: z.string()
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
    bulk_upper: ''
};

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
export function afterCursor(cursor: KeysetCursor | null): Condition | undefined {
    if (!cursor) return undefined;
    const ts = dateTimeLiteral(cursor.ts, 'cursor');
    if (cursor.id === '') return compare('SystemModstamp', '>=', ts);
    return or(compare('SystemModstamp', '>', ts), and(compare('SystemModstamp', '=', ts), compare('Id', '>', cursor.id)));
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
    /** Fixed upper bound of SystemModstamp for the run. */
    upper: string;
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
    const select = [...new Set(['Id', 'SystemModstamp', ...options.select])];
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
            where: and(options.where, afterCursor(cursor), compare('SystemModstamp', '<=', dateTimeLiteral(windowEnd))),
            with: options.with,
            orderBy: [{ field: 'SystemModstamp' }, { field: 'Id' }]
        });
        try {
            for await (const page of queryPages(nango, soql, { all: options.includeDeleted, batchSize: options.batchSize, context: `sync ${options.sObject}` })) {
                const last = page.records[page.records.length - 1];
                if (!last) continue;
                const next: KeysetCursor = { ts: normalizeDateTime(String(last['SystemModstamp'])), id: String(last['Id']) };
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

export interface RecordSyncSpec<M> {
    /** Model name the records are saved under. */
    model: string;
    sObject: string;
    fields: readonly string[];
    subqueries?: readonly Subquery[];
    where?: Condition | undefined;
    with?: string | undefined;
    /** Maps a Salesforce record to the model; `extraFields` are the metadata's extra fields for this object. */
    map: (record: SalesforceRecord, extraFields: readonly string[]) => M;
    /**
     * 'queryAll': deletes read in the same pass and removed with batchDelete, plus periodic reconciliation.
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

/** Loads the checkpoint, tolerating none (first run). */
export async function loadCheckpoint<C extends RecordSyncCheckpoint>(nango: SyncRuntime, empty: C): Promise<C> {
    const saved = (await nango.getCheckpoint()) as Partial<C> | null;
    return { ...empty, ...(saved ?? {}) };
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

export interface SyncOutcome<C> {
    checkpoint: C;
    /** True when the run stopped early (API quota) and the next run continues from the checkpoint. */
    stopped: boolean;
}

/** Whether a reconciliation pass is due: one is running, or the last one is older than the period. */
function reconciliationDue(state: RecordSyncCheckpoint, everyDays: number, now: number): boolean {
    if (everyDays <= 0 || !state.initial_load_done) return false;
    if (state.recon_active) return true;
    const last = state.reconciled_at ? new Date(state.reconciled_at).getTime() : 0;
    return now - last >= everyDays * 86_400_000;
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
    start: C,
    quota: QuotaGuard,
    save: (records: SalesforceRecord[]) => Promise<void>,
    checkpoint: (state: C) => Promise<void>
): Promise<'done' | 'stopped'> {
    let state = start;
    if (!state.bulk_job_id) {
        const soql = buildSoql({
            select: [...new Set(['Id', 'SystemModstamp', ...spec.fields, ...spec.extraFields])],
            from: spec.sObject,
            where: and(spec.where, compare('SystemModstamp', '<=', dateTimeLiteral(spec.upper))),
            with: spec.with
        });
        const jobId = await createQueryJob(nango, soql);
        state = { ...state, bulk_job_id: jobId, bulk_locator: '', bulk_upper: spec.upper };
        await checkpoint(state);
        await nango.log(`${spec.model}: the object is large; reading it through Bulk API 2.0 job ${jobId}.`);
    }
    await waitForJob(nango, state.bulk_job_id);
    const types = await fieldTypes(nango, spec.sObject);
    let locator: string | null = state.bulk_locator || null;
    do {
        const page = await resultPage(nango, state.bulk_job_id, spec.sObject, locator, types);
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
 * 1. the incremental pass: records changed since the cursor (deleted ones too, through queryAll, removed with
 *    batchDelete; the first run reads live records only), checkpointed after every page;
 * 2. when due (metadata.reconcileEveryDays, default 7), a reconciliation pass inside a trackDeletesStart/End window:
 *    every live record is saved once more, so records purged from the Recycle Bin (which queryAll never shows) are
 *    removed from Nango's cache. It has its own cursor, may span several runs, leaves the incremental cursor alone,
 *    and skips the records the incremental pass of the same run just saved.
 */
export async function syncRecords<M extends { id: string }, C extends RecordSyncCheckpoint>(nango: SyncRuntime, spec: RecordSyncSpec<M>, checkpoint: C): Promise<SyncOutcome<C>> {
    const readsDeletes = spec.deletes === 'queryAll';
    const quota = spec.quota ?? new QuotaGuard(100);
    const now = Date.now();
    const reconcile = spec.deletes !== 'none' && reconciliationDue(checkpoint, spec.reconcileEveryDays ?? 0, now);
    let state: C = { ...checkpoint };
    let saved = 0;
    let deleted = 0;
    const save = async (records: SalesforceRecord[]) => {
        await spec.complete?.(records);
        await nango.batchSave(
            records.map((r) => spec.map(r, spec.extraFields)),
            spec.model
        );
        saved += records.length;
    };
    const stopForQuota = async (): Promise<SyncOutcome<C>> => {
        await nango.log(`${spec.model}: stopping early: ${quota.describe()}. Saved ${saved}, deleted ${deleted}; the next run continues from here.`, { level: 'warn' });
        return { checkpoint: state, stopped: true };
    };
    try {
        if (reconcile) {
            await nango.trackDeletesStart?.(spec.model);
        }
        if (!state.initial_load_done && (state.bulk_job_id || (await bulkLoadWanted(nango, spec, state)))) {
            const bulk = await bulkFirstLoad(nango, spec, state, quota, save, async (next) => {
                state = next;
                await nango.saveCheckpoint(state);
            });
            if (bulk === 'stopped') return await stopForQuota();
            state = { ...state, initial_load_done: true, reconciled_at: new Date(now).toISOString() };
            await nango.saveCheckpoint(state);
            await nango.log(`${spec.model}: first load through Bulk API 2.0 done, ${saved} records; later runs read changes through the REST cursor.`);
            return { checkpoint: state, stopped: false };
        }
        const mainFrom = cursorOf(state.cursor_ts, state.cursor_id);
        const main = await keysetPass(nango, {
            sObject: spec.sObject,
            select: [...spec.fields, ...spec.extraFields, ...(readsDeletes ? ['IsDeleted'] : [])],
            subqueries: spec.subqueries ?? [],
            where: and(spec.where, readsDeletes && !state.initial_load_done ? compare('IsDeleted', '=', false) : undefined),
            with: spec.with,
            cursor: mainFrom,
            upper: spec.upper,
            includeDeleted: readsDeletes,
            batchSize: spec.batchSize,
            onPage: async (records, cursor, apiUsage) => {
                quota.observe(apiUsage);
                const live = records.filter((r) => r['IsDeleted'] !== true);
                const gone = records.filter((r) => r['IsDeleted'] === true);
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
            state = { ...state, initial_load_done: true, reconciled_at: new Date(now).toISOString() };
            await nango.saveCheckpoint(state);
        }

        if (reconcile) {
            state = { ...state, recon_active: true };
            await nango.saveCheckpoint(state);
            // records the incremental pass just saved, (mainFrom, upper], are left out; everything else live is read
            // up to now (no upper bound: a record must not miss the window because it changed after `upper`)
            const upperBound = compare('SystemModstamp', '<=', dateTimeLiteral(spec.upper));
            const notJustSaved = not(and(afterCursor(mainFrom), upperBound) ?? upperBound);
            const recon = await keysetPass(nango, {
                sObject: spec.sObject,
                select: [...spec.fields, ...spec.extraFields],
                subqueries: spec.subqueries ?? [],
                where: and(spec.where, notJustSaved),
                with: spec.with,
                cursor: cursorOf(state.recon_ts, state.recon_id),
                upper: new Date(now + 86_400_000).toISOString(),
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
            const removed = await nango.trackDeletesEnd?.(spec.model);
            state = { ...state, recon_active: false, recon_ts: '', recon_id: '', reconciled_at: new Date(now).toISOString() };
            await nango.saveCheckpoint(state);
            await nango.log(`${spec.model}: reconciliation done; ${removed?.deletedKeys?.length ?? 0} records no longer in Salesforce were removed.`);
        }
    } catch (error) {
        if (errorCodeOf(error) === 'REQUEST_LIMIT_EXCEEDED') {
            return await stopForQuota();
        }
        throw error;
    }
    await nango.log(`${spec.model}: saved ${saved}, deleted ${deleted}.`);
    return { checkpoint: state, stopped: false };
}

/** Adds, to an INVALID_FIELD error, which metadata setting named the fields (e.g. `extraFields.Account`). */
export function withFieldHint(error: unknown, setting: string, sObject: string, fields: readonly string[]): unknown {
    const payload = (error as { payload?: SalesforceErrorPayload } | null)?.payload;
    if (payload && errorCodeOf(error) === 'INVALID_FIELD' && fields.length > 0) {
        payload.message += ` Check metadata.${setting} (${fields.join(', ')}): every name must be a field of ${sObject} the connected user can read.`;
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
    let extraFields: string[] = [];
    try {
        const metadata = await readSyncMetadata(nango);
        extraFields = extraFieldsFor(metadata, definition.sObject);
        const checkpoint = await loadCheckpoint(nango, EMPTY_CHECKPOINT);
        await syncRecords(nango, { ...definition, extraFields, ...runSettings(metadata) }, checkpoint);
    } catch (error) {
        throw toSyncError(withFieldHint(error, `extraFields.${definition.sObject}`, definition.sObject, extraFields));
    }
}
