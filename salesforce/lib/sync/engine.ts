/**
 * sync/: the sync engine — this file runs a sync (checkpoints, the Bulk first load, the order of the passes); keyset.ts
 * reads pages, prepare.ts decides a run from one describe, reconcile.ts removes what is gone, webhooks.ts handles
 * change notifications, bulk.ts / csv.ts / replication.ts speak to those Salesforce APIs, metadata.ts reads settings.
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
import * as z from 'zod';

import type { SalesforceErrorPayload } from '../http/errors.js';
import type { ApiUsage, SalesforceRecord } from '../http/pager.js';
import { and, compare, type Condition, type OrderBy } from '../soql/builder.js';
import { hiddenFieldsWarning, type FieldCatalog } from '../metadata/fields.js';
import { BulkJobError, createQueryJob, deleteJob, resultChunks, waitForJob, type ResultChunks } from './bulk.js';
import { cursorOf, keysetPass, type KeysetCursor } from './keyset.js';
import { extraFieldsFor, readSyncMetadata, type SyncMetadata } from './metadata.js';
import { prepareSync, runUpper, type PreparedSync } from './prepare.js';
import { bulkQuery, largerThan, reconcile, removeMissing } from './reconcile.js';
import { errorCodeOf, toSyncError, type SyncRuntime } from './runtime.js';

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
    /** Maps a Salesforce record (see `shape`) to the model; `extraFields` are the metadata's extra fields for this object. */
    map: (record: SalesforceRecord, extraFields: readonly string[]) => M;
    /**
     * What `map` is given. 'extra fields' (the default, for a model mapper): the record as the REST or Bulk API sent
     * it, only its extra fields put in their one form (typed from describe); the mapper reads the model's own fields
     * through the converters of metadata/values.ts, which give both APIs' forms one result, so each value is converted
     * once (shaping every field first cost more CPU than reading the page). 'record': the whole record in its one form
     * (see shapeRecord), for a mapper that passes values through as they are (records-by-soql, articles, field history).
     */
    shape?: 'extra fields' | 'record';
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
    /** Describes the caller already made this run (field history describes each object before its pass): not asked for again. */
    catalog?: FieldCatalog | undefined;
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

const ignore = (): void => undefined;

/** Whether a record of the page holds a child subquery Salesforce cut into pages (its rest read from a locator). */
function hasCutChildren(records: readonly SalesforceRecord[], children: readonly ChildQuery[]): boolean {
    for (const record of records) {
        for (const { relationship } of children) {
            const child = record[relationship] as { done?: unknown } | null | undefined;
            if (child && child.done === false) return true;
        }
    }
    return false;
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

/**
 * The first load through one Bulk API 2.0 query job: created once (its id and upper bound checkpointed), polled
 * with backoff, its CSV result pages mapped and saved like REST pages, the locator checkpointed after each page, the
 * API usage of every call watched. At the end the job is deleted and the REST cursor starts at the job's upper bound.
 * A job Salesforce refuses, fails, aborts or loses throws a BulkJobError (the caller goes on through REST).
 */
async function bulkFirstLoad<M extends { id: string }, C extends RecordSyncCheckpoint>(
    nango: SyncRuntime,
    spec: RecordSyncSpec<M>,
    prepared: PreparedSync,
    upper: string,
    start: C,
    quota: QuotaGuard,
    toModel: (record: SalesforceRecord) => M,
    save: (models: M[]) => Promise<void>,
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
    // each row becomes its model as it is read: a chunk holds the models to save, not the rows
    let pending: Promise<ResultChunks<M>> = resultChunks(nango, jobId, spec.sObject, state.bulk_locator || null, toModel);
    for (;;) {
        const page = await pending;
        quota.observe(page.apiUsage);
        const next = page.nextLocator;
        // the next result page is on its way while this one is parsed and saved (one page ahead at most), unless the
        // run stops after this one; its errors surface only once this page is saved and checkpointed
        const ahead = next && !quota.exceeded ? resultChunks(nango, jobId, spec.sObject, next, toModel) : undefined;
        ahead?.catch(ignore);
        try {
            for (const models of page.chunks) await save(models);
            state = { ...state, bulk_locator: next ?? '' };
            await checkpoint(state);
        } catch (error) {
            // no request of ours outlives the run
            if (ahead) await ahead.then(ignore, ignore);
            throw error;
        }
        if (!next) break;
        if (!ahead || quota.exceeded) {
            if (ahead) await ahead.then(ignore, ignore);
            return 'stopped';
        }
        pending = ahead;
    }
    state = { ...state, cursor_ts: state.bulk_upper, cursor_id: '', bulk_job_id: '', bulk_locator: '', bulk_upper: '' };
    await checkpoint(state);
    quota.observe(await deleteJob(nango, jobId));
    return state;
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
    /** Ids saved and removed by this run, kept only when a reconciliation follows (it must not delete the saved ones, nor look the removed ones up again). */
    const savedIds = new Set<string>();
    const removedIds = new Set<string>();
    const outcome = (stopped: boolean): SyncOutcome<C> => ({ checkpoint: state, stopped, prepared, from: mainFrom, upper });
    // a record just read is ours: its extra fields are typed in place (no copy to build and collect)
    const toModel = (record: SalesforceRecord): M => spec.map(prepared.shapeOwned(record), spec.extraFields);
    const saveModels = async (models: M[]) => {
        await nango.batchSave(models, spec.model);
        saved += models.length;
        if (reconcileNow) for (const m of models) savedIds.add(m.id);
    };
    const save = async (records: SalesforceRecord[]) => {
        await spec.complete?.(records);
        await saveModels(records.map(toModel));
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
                const bulk = await bulkFirstLoad(nango, spec, prepared, upper, state, quota, toModel, saveModels, async (next) => {
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
                    if (reconcileNow) for (const r of gone) removedIds.add(String(r['Id']));
                }
                state = { ...state, cursor_ts: cursor.ts, cursor_id: cursor.id };
                await nango.saveCheckpoint(state);
            },
            observe: (apiUsage) => quota.observe(apiUsage),
            shouldStop: () => quota.exceeded,
            // a page with child subqueries still cut (their locators read by `complete`) is finished before the
            // parent cursor moves on
            ...(prepared.subqueries.length > 0 ? { prefetch: (records: SalesforceRecord[]) => !hasCutChildren(records, spec.subqueries ?? []) } : {})
        });
        if (main.stopped) return await stopForQuota();
        if (!state.initial_load_done) {
            // the first full load is itself a complete pass: the next reconciliation is due a period from its start
            await firstLoadDone();
        }
        if (!(await closeReread())) return await stopForQuota();

        if (reconcileNow) {
            const result = await reconcile(nango, spec, prepared, state.reconciled_at, upper, quota, { saved: savedIds, removed: removedIds });
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

/**
 * Default Bulk threshold (metadata.bulkThreshold): above it a first load, or a reconciliation's id read, goes through
 * one Bulk API 2.0 job. Measured with `npm run bench` on the emulator (contacts, medians of 3 interleaved runs, after
 * the Bulk rows were mapped as they are read): at 10,000 records Bulk takes 1.17× REST's time and one call more (8
 * against 7); at 15,000 0.91× and one call fewer (9 against 10); at 20,000 0.86× (9 against 12). So from 15,000 it pays
 * off in both. A real org queues a job before it runs it (seconds), which the emulator does not: a sync that first
 * loads objects just above this may set a higher threshold. Was 20,000, and 50,000 before that.
 */
export const BULK_THRESHOLD = 15_000;

/** The per-run settings every sync takes from metadata: page size, lag, quota guard, reconciliation period, Bulk threshold. */
export function runSettings(metadata: SyncMetadata): Pick<RecordSyncSpec<unknown>, 'batchSize' | 'lagSeconds' | 'quota' | 'reconcileEveryDays' | 'bulkThreshold'> {
    return {
        batchSize: metadata.batchSize,
        lagSeconds: metadata.lagSeconds ?? 60,
        quota: new QuotaGuard(metadata.quotaThresholdPercent ?? 80),
        reconcileEveryDays: metadata.reconcileEveryDays ?? 7,
        bulkThreshold: metadata.bulkThreshold ?? BULK_THRESHOLD
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
