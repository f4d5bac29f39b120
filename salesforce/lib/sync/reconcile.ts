/**
 * Reconciliation: removing from Nango what Salesforce no longer has without queryAll showing it, through the delete
 * log (getDeleted) or an id-only read compared with Nango's copy; also the record count and the Bulk query both Bulk
 * paths use.
 */
import { MAX_BATCH_SIZE, queryFirstPage, type SalesforceRecord } from '../http/pager.js';
import { and, buildSoql, compare, dateTimeLiteral, idIn } from '../soql/builder.js';
import { BULK_UNSUPPORTED_OBJECTS, BulkJobError, createQueryJob, deleteJob, recordCount, resultColumn, waitForJob } from './bulk.js';
import type { QuotaGuard, RecordSyncSpec } from './engine.js';
import { iso, keysetPass } from './keyset.js';
import type { PreparedSync } from './prepare.js';
import { deletedBetween } from './replication.js';
import { errorCodeOf, type SyncRuntime } from './runtime.js';

/** Whether the object holds more records than the threshold (for the Bulk API choice); no count means no. */
export async function largerThan(nango: SyncRuntime, spec: RecordSyncSpec<unknown>, threshold: number | undefined): Promise<boolean> {
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
export function bulkQuery(spec: RecordSyncSpec<unknown>, prepared: PreparedSync, select: readonly string[], upper: string | null): { soql: string; operation: 'query' | 'queryAll' } {
    const soql = buildSoql({
        select,
        from: spec.sObject,
        where: and(spec.where, prepared.archives ? compare('IsDeleted', '=', false) : undefined, upper ? compare(prepared.cursorField, '<=', dateTimeLiteral(upper)) : undefined),
        with: spec.with
    });
    return { soql, operation: prepared.archives ? 'queryAll' : 'query' };
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
        observe: (apiUsage) => quota.observe(apiUsage),
        shouldStop: () => quota.exceeded
    });
    return pass.stopped ? null : ids;
}

/** Ids queried per lookup of listed ids (18 characters and quotes each: a short URL). */
const LIVE_CHECK_BATCH = 200;

/** Which of the ids are live records now (SOQL /query, which leaves deleted ones out), LIVE_CHECK_BATCH per call. */
async function liveAmong(nango: SyncRuntime, sObject: string, ids: readonly string[], quota: QuotaGuard): Promise<Set<string>> {
    const live = new Set<string>();
    for (let i = 0; i < ids.length; i += LIVE_CHECK_BATCH) {
        const soql = buildSoql({ select: ['Id'], from: sObject, where: idIn('Id', ids.slice(i, i + LIVE_CHECK_BATCH)) });
        const page = await queryFirstPage(nango, soql, { context: `check which of the ${sObject} records in the delete log are live` });
        quota.observe(page.apiUsage);
        for (const record of page.records) live.add(String(record['Id']));
    }
    return live;
}

/**
 * Reconciliation: removes from Nango the records that are gone from Salesforce without queryAll ever showing it
 * (purged from the Recycle Bin, hard-deleted, or no longer matching the sync's WHERE). Where the object supports
 * getDeleted, the sync's filter is existence alone and the delete log still reaches back to the last reconciliation,
 * one call lists those records, and the listed ids this run neither saved nor removed are looked up (one query per
 * 200): a record undeleted since may still be listed, and is kept. Otherwise the ids of the records the sync should hold are read (ids only) and
 * compared with what Nango holds (`listRecords`); the difference is deleted. Null when the quota stopped it.
 */
export async function reconcile(
    nango: SyncRuntime,
    spec: RecordSyncSpec<unknown>,
    prepared: PreparedSync,
    since: string,
    upper: string,
    quota: QuotaGuard,
    thisRun: { saved: ReadonlySet<string>; removed: ReadonlySet<string> }
): Promise<{ removed: number; how: string; coveredUntil: string } | null> {
    const sinceMs = since ? new Date(since).getTime() : 0;
    const serverNow = prepared.serverTime ?? Date.now();
    if (prepared.readsDeletes && spec.where === undefined && (spec.idField ?? 'Id') === 'Id' && prepared.replicateable && sinceMs > serverNow - DELETE_LOG_DAYS * 86_400_000) {
        try {
            const window = await deletedBetween(nango, spec.sObject, sinceMs - 60_000, new Date(upper).getTime());
            if (new Date(window.earliestDateAvailable).getTime() <= sinceMs - 60_000) {
                // the log may still list a record undeleted since (the docs do not say it drops it): one this run just
                // saved is live, one it just removed is gone already, and the others are looked up, so that only
                // records Salesforce no longer has are removed
                const listed = window.ids.filter((id) => !thisRun.saved.has(id) && !thisRun.removed.has(id));
                const live = await liveAmong(nango, spec.sObject, listed, quota);
                const gone = listed.filter((id) => !live.has(id));
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
export async function removeMissing(nango: SyncRuntime, spec: RecordSyncSpec<unknown>, prepared: PreparedSync, quota: QuotaGuard): Promise<{ removed: number; how: string } | null> {
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
