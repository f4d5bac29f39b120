import { describe, expect, it } from 'vitest';

import sync from '../syncs/cases.js';
import { EMPTY, NOW, UPDATED_WINDOW, answer, checkpoints, deleted, deletedPath, describePath, failureOf, holds, logged, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

const MODEL = 'SalesforceCase';
const S1 = '500RO00000CsEa1YAF';
const S2 = '500RO00000CsEb2YAF';
const S3 = '500RO00000CsEc3YAF';
const S4 = '500RO00000CsEd4YAF';
/** A case emptied from the Recycle Bin: queryAll no longer shows it, Nango still holds it. */
const S5 = '500RO00000CsEe5YAF';
/** A case the sync deleted from Nango weeks ago: Nango still lists it, marked deleted. */
const S6 = '500RO00000CsEf6YAF';
const FIELDS =
    'Id, SystemModstamp, CaseNumber, Subject, Description, Status, Priority, Origin, Reason, Type, IsClosed, ClosedDate, IsEscalated, AccountId, ContactId, OwnerId, Owner.Name, CreatedDate, LastModifiedDate';
const FIRST_SOQL = `SELECT ${FIELDS}, IsDeleted FROM Case WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`;
const AFTER_S3 = `((SystemModstamp > 2026-11-21T18:00:00.000Z) OR ((SystemModstamp = 2026-11-21T18:00:00.000Z) AND (Id > '${S3}')))`;
/** The id-only read of a reconciliation: every live case, up to a day past the clock, 2,000 a page. */
const ID_SOQL = 'SELECT Id, SystemModstamp FROM Case WHERE SystemModstamp <= 2026-11-23T12:00:00.000Z ORDER BY SystemModstamp ASC, Id ASC';
/** The settings signature of the cases SELECT (read from a run). */
const HASH = 'd91621c3064a5705a21f92e33d7aee24';
const BASE = { ...EMPTY, settings_hash: HASH };
/** A first load from its first checkpoint on (a Bulk job's included): reconciled_at is the upper bound of the run it started in. */
const LOADING = { ...BASE, reconciled_at: NOW };
/** With metadata.extraFields.Case naming a field the org lacks: the extra fields are part of the signature. */
const HASH_UNKNOWN_EXTRA = '9df2348f7371455a5de4168d4c1abe6c';
/** Well into incremental runs; the last reconciliation eight days ago (a weekly one is due). */
const START = { ...BASE, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: S3, initial_load_done: true, reconciled_at: '2026-11-14T11:00:00.000Z' };
const AFTER_MAIN = { ...START, cursor_ts: '2026-11-22T06:30:00.000Z', cursor_id: S1 };
/** Every run describes Case, then asks getUpdated how far Case changes are committed. */
const FIRST_CALLS = [describePath('Case'), updatedPath('Case')];
const QUERY_ALL = '/services/data/v66.0/queryAll';
const QUERY = '/services/data/v66.0/query';
/** The lookup of ids the delete log lists: none of them is live. */
const NONE_LIVE = { status: 200, data: { totalSize: 0, done: true, records: [] } };
const LOCATOR_PAGE = '/services/data/v66.0/query/01gRO0000016PIAYA2-2';
/** The getDeleted window of a reconciliation after START: from a minute before the last one to the run's upper bound. */
const DELETED_WINDOW = { start: '2026-11-14T10:59:00+00:00', end: '2026-11-22T12:00:00+00:00' };
const RECONCILE = { lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 7 };

/** Bulk API 2.0: the job of a first load, and its query (every readable field, no IsDeleted, up to the upper bound). */
const JOB = '750RO00000BqJa1YAF';
const JOB_PATH = `/services/data/v66.0/jobs/query/${JOB}`;
const BULK_SOQL = `SELECT ${FIELDS} FROM Case WHERE SystemModstamp <= 2026-11-22T12:00:00.000Z`;
/** The fixture's record count is 3: over this threshold the first load goes through Bulk API 2.0. */
const BULK = { lagSeconds: 0, bulkThreshold: 2, reconcileEveryDays: 0 };
const LIMIT_INFO = { 'sforce-limit-info': 'api-usage=20/15000' };

describe('salesforce cases sync', () => {
    useFrozenClock();

    it('first run: the Case describe, getUpdated, then two pages of live cases saved mapped (queue owner, closed date), a checkpoint per page', async () => {
        const nango = syncMock('cases', MODEL);
        await runSync(sync, nango);

        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(nango.batchDelete).not.toHaveBeenCalled();
        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, QUERY_ALL, LOCATOR_PAGE]);
        expect(requests[1]?.params).toEqual(UPDATED_WINDOW);
        expect(requests[2]?.q).toBe(FIRST_SOQL);
        expect(checkpoints(nango)).toEqual([
            { ...LOADING, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: S2 },
            { ...LOADING, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: S3 },
            { ...LOADING, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: S3, initial_load_done: true }
        ]);
    });

    it('a first run with bulkThreshold asks for the record count, and a small object stays on the REST cursor', async () => {
        const nango = syncMock('cases', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 50_000, reconcileEveryDays: 0 });
        await runSync(sync, nango);

        expect(sent(nango).slice(0, 2).map((r) => r.endpoint)).toEqual(FIRST_CALLS);
        expect(nango.proxy.mock.calls[2]?.[0]).toMatchObject({ method: 'GET', endpoint: '/services/data/v66.0/limits/recordCount', params: { sObjects: 'Case' } });
        expect(sent(nango).slice(3).map((r) => r.endpoint)).toEqual([QUERY_ALL, LOCATOR_PAGE]);
        expect(sent(nango)[3]?.q).toBe(FIRST_SOQL);
        expect(saved(nango, MODEL)).toHaveLength(3);
        expect(sent(nango).some((r) => r.endpoint.includes('/jobs/'))).toBe(false);
    });

    it('incremental run: keyset condition, the deleted case removed by id, the closed case saved', async () => {
        const nango = syncMock('cases', MODEL);
        const start = { ...START, reconciled_at: '2026-11-21T18:05:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        expect(sent(nango).map((r) => r.endpoint)).toEqual([...FIRST_CALLS, QUERY_ALL]);
        expect(sent(nango)[2]?.q).toBe(`SELECT ${FIELDS}, IsDeleted FROM Case WHERE ${AFTER_S3} AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`);
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        const before = ((await nango.getBatchSaveData(MODEL)) as any[])[0];
        expect(saved(nango, MODEL)).toEqual([
            { ...before, status: 'Closed', is_closed: true, closed_date: '2026-11-22T06:30:00.000Z', last_modified_date: '2026-11-22T06:30:00.000Z', system_modstamp: '2026-11-22T06:30:00.000Z' }
        ]);
        // no reconciliation is due (the last one was this morning): no getDeleted, no listing of Nango's records
        expect(nango.listRecords).not.toHaveBeenCalled();
        expect(checkpoints(nango)).toEqual([start, { ...start, cursor_ts: '2026-11-22T06:30:00.000Z', cursor_id: S1 }]);
    });

    it('a due reconciliation through getDeleted: one call from a minute before the last reconciliation, its deletedRecords batchDeleted, nothing re-read', async () => {
        const nango = syncMock('cases', MODEL);
        nango.getMetadata.mockResolvedValue(RECONCILE);
        answer(nango, QUERY, NONE_LIVE);
        await nango.saveCheckpoint(START);
        await runSync(sync, nango);

        const requests = sent(nango);
        // the delete log reaches back to the last reconciliation (earliestDateAvailable 2026-11-08): one call lists the
        // deletes, one query looks up the listed id this run did not see (S5: is it live again?)
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, QUERY_ALL, deletedPath('Case'), QUERY]);
        expect(requests[3]?.params).toEqual(DELETED_WINDOW);
        expect(requests[4]?.q).toBe(`SELECT Id FROM Case WHERE Id IN ('${S5}')`);
        expect(nango.listRecords).not.toHaveBeenCalled();
        // the main pass removes S2 (in the Recycle Bin); the delete log lists it and S5, purged from the bin since: S5
        // is removed, S2 not twice
        expect(nango.batchDelete.mock.calls).toEqual([
            [[{ id: S2 }], MODEL],
            [[{ id: S5 }], MODEL]
        ]);
        expect(saved(nango, MODEL).map((r) => r.id)).toEqual([S1]);
        expect(logged(nango)).toContain('SalesforceCase: reconciliation done through the delete log (getDeleted); 1 records no longer in Salesforce were removed.');
        expect(warnings(nango)).toEqual([]);
        expect(checkpoints(nango)).toEqual([START, AFTER_MAIN, { ...AFTER_MAIN, reconciled_at: NOW }]);
    });

    it('a due reconciliation through getDeleted leaves alone a case this run saved: deleted, then restored from the Recycle Bin, it is still in the delete log', async () => {
        const nango = syncMock('cases', MODEL);
        nango.getMetadata.mockResolvedValue(RECONCILE);
        // S1 was deleted on the 20th and undeleted this morning (which moved its SystemModstamp: the main pass reads it)
        answer(nango, deletedPath('Case'), async (_config, fixtureAnswer) => {
            const response = await fixtureAnswer();
            const data = response.data as { deletedRecords: Array<{ deletedDate: string; id: string }> };
            return { ...response, data: { ...data, deletedRecords: [...data.deletedRecords, { deletedDate: '2026-11-20T10:00:00.000+0000', id: S1 }] } };
        });
        answer(nango, QUERY, NONE_LIVE);
        await nango.saveCheckpoint(START);
        await runSync(sync, nango);

        expect(sent(nango).map((r) => r.endpoint)).toEqual([...FIRST_CALLS, QUERY_ALL, deletedPath('Case'), QUERY]);
        expect(sent(nango)[3]?.params).toEqual(DELETED_WINDOW);
        // only S5 is looked up: S1 was saved by this run, S2 removed by it
        expect(sent(nango)[4]?.q).toBe(`SELECT Id FROM Case WHERE Id IN ('${S5}')`);
        expect(saved(nango, MODEL).map((r) => r.id)).toEqual([S1]);
        // the delete log's S5 is removed, not S1 (nor S2 a second time)
        expect(nango.batchDelete.mock.calls).toEqual([
            [[{ id: S2 }], MODEL],
            [[{ id: S5 }], MODEL]
        ]);
        expect(logged(nango)).toContain('SalesforceCase: reconciliation done through the delete log (getDeleted); 1 records no longer in Salesforce were removed.');
        expect(checkpoints(nango)).toEqual([START, AFTER_MAIN, { ...AFTER_MAIN, reconciled_at: NOW }]);
    });

    it('a due reconciliation after more than 15 days (past the delete log): the ids of every live case compared with what Nango holds, the missing one batchDeleted', async () => {
        const nango = syncMock('cases', MODEL);
        nango.getMetadata.mockResolvedValue(RECONCILE);
        // Nango holds what the sync saved: S5 among them, gone from Salesforce without queryAll showing it; and S6, which
        // an earlier run deleted (Nango lists it, marked deleted): it is not deleted again
        const listed = holds(nango, [S4, { id: S6, deletedAt: '2026-11-02T09:00:00.000Z' }, S3, S1, S5]);
        const start = { ...START, reconciled_at: '2026-11-01T11:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, QUERY_ALL, '/services/data/v66.0/query']);
        // ids only, live records only (query, not queryAll), pages of 2,000
        expect(requests[3]?.q).toBe(ID_SOQL);
        expect(requests[3]?.headers).toEqual({ 'Sforce-Query-Options': 'batchSize=2000' });
        expect(nango.listRecords).toHaveBeenCalledTimes(1);
        expect(nango.listRecords).toHaveBeenCalledWith(MODEL);
        expect(nango.batchDelete.mock.calls).toEqual([
            [[{ id: S2 }], MODEL],
            [[{ id: S5 }], MODEL]
        ]);
        // the comparison's delete is sent once the listing is done, not while Nango is still listing
        expect(nango.batchDelete.mock.invocationCallOrder[1]).toBeGreaterThan(listed.mock.invocationCallOrder[0] ?? Infinity);
        // the comparison replaces the old re-read: no record is saved twice
        expect(saved(nango, MODEL).map((r) => r.id)).toEqual([S1]);
        expect(logged(nango)).toContain('SalesforceCase: reconciliation done through comparing 3 ids with the records Nango holds; 1 records no longer in Salesforce were removed.');
        const afterMain = { ...start, cursor_ts: '2026-11-22T06:30:00.000Z', cursor_id: S1 };
        expect(checkpoints(nango)).toEqual([start, afterMain, { ...afterMain, reconciled_at: NOW }]);
    });

    it('a getDeleted whose earliestDateAvailable is later than the last reconciliation (deletes may be missing): the ids are compared instead', async () => {
        const nango = syncMock('cases', MODEL);
        nango.getMetadata.mockResolvedValue(RECONCILE);
        holds(nango, [S4, S3, S1, S5]);
        // the delete log was purged on the 18th: deletes between the 14th and then may be missing from deletedRecords
        answer(nango, deletedPath('Case'), {
            status: 200,
            data: { deletedRecords: [{ deletedDate: '2026-11-22T06:00:00.000+0000', id: S2 }], earliestDateAvailable: '2026-11-18T02:00:00.000+0000', latestDateCovered: '2026-11-22T12:00:00.000+0000' },
            headers: LIMIT_INFO
        });
        await nango.saveCheckpoint(START);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, QUERY_ALL, deletedPath('Case'), '/services/data/v66.0/query']);
        expect(requests[3]?.params).toEqual(DELETED_WINDOW);
        expect(requests[4]?.q).toBe(ID_SOQL);
        expect(logged(nango)).toContain('SalesforceCase: the delete log of Case only reaches back to 2026-11-18T02:00:00.000Z; comparing ids instead.');
        // the ids the delete log did list are not deleted from it: the comparison decides
        expect(nango.batchDelete.mock.calls).toEqual([
            [[{ id: S2 }], MODEL],
            [[{ id: S5 }], MODEL]
        ]);
        expect(checkpoints(nango)).toEqual([START, AFTER_MAIN, { ...AFTER_MAIN, reconciled_at: NOW }]);
    });

    it('a getDeleted refused (400 INVALID_REPLICATION_DATE): one warning, and the ids are compared instead', async () => {
        const nango = syncMock('cases', MODEL);
        nango.getMetadata.mockResolvedValue(RECONCILE);
        holds(nango, [S4, S3, S1, S5]);
        answer(nango, deletedPath('Case'), { status: 400, data: [{ message: 'startDate must chronologically precede endDate by more than one minute', errorCode: 'INVALID_REPLICATION_DATE' }] });
        await nango.saveCheckpoint(START);
        await runSync(sync, nango);

        expect(sent(nango).map((r) => r.endpoint)).toEqual([...FIRST_CALLS, QUERY_ALL, deletedPath('Case'), '/services/data/v66.0/query']);
        expect(warnings(nango)).toEqual(['SalesforceCase: no delete log for Case (INVALID_REPLICATION_DATE); comparing ids instead.']);
        expect(deleted(nango, MODEL)).toEqual([{ id: S2 }, { id: S5 }]);
        expect(checkpoints(nango).at(-1)).toEqual({ ...AFTER_MAIN, reconciled_at: NOW });
    });

    it('an extra field the Case describe lacks is left out of the SELECT, synced as null, with one warning naming it', async () => {
        const nango = syncMock('cases', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, extraFields: { Case: ['SLA_Tier__c'] } });
        await runSync(sync, nango);

        expect(sent(nango)[2]?.q).toBe(FIRST_SOQL);
        const expected = ((await nango.getBatchSaveData(MODEL)) as any[]).map((c) => ({ ...c, custom_fields: { SLA_Tier__c: null } }));
        expect(saved(nango, MODEL)).toEqual(expected);
        expect(warnings(nango)).toHaveLength(1);
        expect(warnings(nango)[0]).toContain('SalesforceCase: the connected user cannot read Case.SLA_Tier__c (field-level security, or no such field)');
        expect(checkpoints(nango).at(-1)).toEqual({ ...EMPTY, settings_hash: HASH_UNKNOWN_EXTRA, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: S3, initial_load_done: true, reconciled_at: NOW });
    });

    describe('first load through Bulk API 2.0 (more cases than metadata.bulkThreshold)', () => {
        it('one job created, polled, its CSV page saved as the REST pages are, then the finished job deleted; the REST cursor starts at the upper bound', async () => {
            const nango = syncMock('cases', MODEL);
            nango.getMetadata.mockResolvedValue(BULK);
            await runSync(sync, nango);

            const requests = sent(nango);
            expect(requests.map((r) => `${r.method} ${r.endpoint}`)).toEqual([
                `GET ${describePath('Case')}`,
                `GET ${updatedPath('Case')}`,
                'GET /services/data/v66.0/limits/recordCount',
                'POST /services/data/v66.0/jobs/query',
                `GET ${JOB_PATH}`,
                `GET ${JOB_PATH}/results`,
                `DELETE ${JOB_PATH}`
            ]);
            expect(requests[3]?.data).toEqual({ operation: 'query', query: BULK_SOQL, contentType: 'CSV', columnDelimiter: 'COMMA', lineEnding: 'LF' });
            expect(requests[5]?.params).toEqual({ maxRecords: '10000' });
            // CSV text typed from describe: the very records the REST pages give
            expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
            expect(warnings(nango)).toEqual([]);
            expect(logged(nango)).toContain('SalesforceCase: first load through Bulk API 2.0 done, 3 records; later runs read changes through the REST cursor.');

            const withJob = { ...LOADING, bulk_job_id: JOB, bulk_locator: '', bulk_upper: NOW };
            expect(checkpoints(nango)).toEqual([
                withJob,
                // the last page read (Sforce-Locator: null)
                withJob,
                // the job is done with: the cursor stands before every record of the upper bound's instant
                { ...LOADING, cursor_ts: NOW, cursor_id: '' },
                { ...LOADING, cursor_ts: NOW, cursor_id: '', initial_load_done: true }
            ]);
            // the job is deleted after the checkpoint that forgets it
            expect(nango.proxy.mock.invocationCallOrder[6]).toBeGreaterThan(nango.saveCheckpoint.mock.invocationCallOrder[2] ?? Infinity);
        });

        it('a job reported Failed: the job deleted, the same run reads through REST, checkpointed bulk_refused with no job id', async () => {
            const nango = syncMock('cases', MODEL);
            nango.getMetadata.mockResolvedValue(BULK);
            answer(nango, JOB_PATH, async (config, fixtureAnswer) => {
                if (config['method'] !== 'GET') return fixtureAnswer();
                const running = (await fixtureAnswer()).data as Record<string, unknown>;
                return { status: 200, data: { ...running, state: 'Failed', errorMessage: 'InternalServerError : retried 15 times' }, headers: LIMIT_INFO };
            });
            await runSync(sync, nango);

            expect(sent(nango).map((r) => `${r.method} ${r.endpoint}`)).toEqual([
                `GET ${describePath('Case')}`,
                `GET ${updatedPath('Case')}`,
                'GET /services/data/v66.0/limits/recordCount',
                'POST /services/data/v66.0/jobs/query',
                `GET ${JOB_PATH}`,
                `DELETE ${JOB_PATH}`,
                `GET ${QUERY_ALL}`,
                `GET ${LOCATOR_PAGE}`
            ]);
            expect(sent(nango)[6]?.q).toBe(FIRST_SOQL);
            expect(warnings(nango)).toEqual([`SalesforceCase: Bulk API job ${JOB} failed: InternalServerError : retried 15 times. Reading Case through the REST API instead.`]);
            expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));

            const refused = { ...LOADING, bulk_refused: true };
            expect(checkpoints(nango)).toEqual([
                { ...LOADING, bulk_job_id: JOB, bulk_locator: '', bulk_upper: NOW },
                // forgotten before it is deleted: a run that dies in between does not poll it again
                refused,
                { ...refused, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: S2 },
                { ...refused, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: S3 },
                { ...refused, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: S3, initial_load_done: true }
            ]);
        });

        it('a job Salesforce refuses to create (400): the same run goes to REST; when that run fails, the next one reads through REST without asking for the record count', async () => {
            const nango = syncMock('cases', MODEL);
            nango.getMetadata.mockResolvedValue(BULK);
            // what Salesforce answers for an object Bulk API 2.0 does not query: the engine cannot list every such object
            answer(nango, '/services/data/v66.0/jobs/query', { status: 400, data: [{ errorCode: 'INVALIDENTITY', message: "Entity 'Case' is not supported by the Bulk API." }] });
            // and the session expires at the first REST query
            answer(nango, QUERY_ALL, { status: 401, data: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] });
            const error = await failureOf(runSync(sync, nango));

            expect(sent(nango).map((r) => `${r.method} ${r.endpoint}`)).toEqual([
                `GET ${describePath('Case')}`,
                `GET ${updatedPath('Case')}`,
                'GET /services/data/v66.0/limits/recordCount',
                'POST /services/data/v66.0/jobs/query',
                `GET ${QUERY_ALL}`
            ]);
            expect(sent(nango)[4]?.q).toBe(FIRST_SOQL);
            expect(warnings(nango)).toHaveLength(1);
            expect(warnings(nango)[0]).toBe("SalesforceCase: Salesforce refused the Bulk API query job (INVALIDENTITY: Entity 'Case' is not supported by the Bulk API). Reading Case through the REST API instead.");
            expect(error.payload).toMatchObject({ errorCode: 'INVALID_SESSION_ID' });
            // no job was created: nothing to delete, and the refusal is kept (with the load's start, for the delete log)
            const refused = { ...LOADING, bulk_refused: true };
            expect(checkpoints(nango)).toEqual([refused]);

            const next = syncMock('cases', MODEL);
            next.getMetadata.mockResolvedValue(BULK);
            await next.saveCheckpoint(refused);
            await runSync(sync, next);
            expect(sent(next).map((r) => r.endpoint)).toEqual([...FIRST_CALLS, QUERY_ALL, LOCATOR_PAGE]);
            expect(sent(next)[2]?.q).toBe(FIRST_SOQL);
            expect(saved(next, MODEL)).toEqual(await next.getBatchSaveData(MODEL));
            expect(checkpoints(next).at(-1)).toEqual({ ...refused, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: S3, initial_load_done: true });
        });
    });
});
