import { describe, expect, it } from 'vitest';

import { hiddenFieldsWarning } from '../lib/metadata/fields.js';
import sync from '../syncs/tasks.js';
import { EMPTY, NOW, UPDATED_WINDOW, changeDescribe, checkpoints, deleted, describePath, holds, logged, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

const MODEL = 'SalesforceTask';
const T1 = '00TRO00000TkAa1YAF';
/** Archived: closed and due more than a year ago; only queryAll returns it. */
const T2 = '00TRO00000TkAb2YAF';
const T3 = '00TRO00000TkAc3YAF';
/** A task Nango still holds that Salesforce no longer has at all (purged from the Recycle Bin). */
const T4 = '00TRO00000TkAd4YAF';
const SELECT = 'SELECT Id, SystemModstamp, Subject, Status, Priority, ActivityDate, Description, IsClosed, WhoId, WhatId, OwnerId, CreatedDate, LastModifiedDate';
const FIRST_SOQL = `${SELECT}, IsDeleted FROM Task WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`;
const INCREMENTAL_SOQL = `${SELECT}, IsDeleted FROM Task WHERE ((SystemModstamp > 2026-11-21T09:30:00.000Z) OR ((SystemModstamp = 2026-11-21T09:30:00.000Z) AND (Id > '${T3}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`;
const BATCH_HEADER = { 'Sforce-Query-Options': 'batchSize=200' };
/** Settings signatures read from runs: the fixture's SELECT, and without Description. */
const HASH = '7141b82ccb2717539a465d7c5165be71';
const HASH_NO_DESCRIPTION = '33bfad6eb6040b5115f6c91c0976e9a1';
const BASE = { ...EMPTY, settings_hash: HASH };
const AFTER_T3 = { ...BASE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: T3, initial_load_done: true };
/** Every run describes Task, then asks getUpdated how far Task changes are committed. */
const FIRST_CALLS = [describePath('Task'), updatedPath('Task')];

describe('salesforce tasks sync', () => {
    useFrozenClock();

    it('first run: live tasks through queryAll in two pages, the archived one among them, typed and mapped, checkpoints after each page', async () => {
        const nango = syncMock('tasks', MODEL);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        expect(requests[1]?.params).toEqual(UPDATED_WINDOW);
        expect(requests[2]?.q).toBe(FIRST_SOQL);
        expect(requests.map((r) => r.headers)).toEqual([undefined, undefined, BATCH_HEADER, BATCH_HEADER]);
        expect(warnings(nango)).toEqual([]);

        const tasks = saved(nango, MODEL);
        expect(tasks).toEqual(await nango.getBatchSaveData(MODEL));
        expect(nango.batchSave).toHaveBeenCalledTimes(2);
        expect(nango.batchDelete).not.toHaveBeenCalled();
        // the archived task (a plain query would not return it) is saved as a live record
        expect(tasks[0]).toMatchObject({ id: T2, status: 'Completed', is_closed: true, due_date: '2024-09-30', system_modstamp: '2025-10-01T03:00:00.000Z' });
        // who is a lead, what is empty; an empty description ('') is null
        expect(tasks[2]).toMatchObject({ who_id: '00QRO00000LdAa1YAF', what_id: null, description: null });

        expect(checkpoints(nango)).toEqual([
            { ...BASE, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: T1, reconciled_at: NOW },
            { ...BASE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: T3, reconciled_at: NOW },
            { ...AFTER_T3, reconciled_at: NOW }
        ]);
    });

    it('incremental run: deleted and archived rows both come through queryAll; the completed task saved, the deleted one removed by id', async () => {
        const nango = syncMock('tasks', MODEL);
        const start = { ...AFTER_T3, reconciled_at: '2026-11-21T12:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll']);
        expect(requests[2]?.q).toBe(INCREMENTAL_SOQL);

        const before = ((await nango.getBatchSaveData(MODEL)) as any[])[1];
        expect(saved(nango, MODEL)).toEqual([
            { ...before, status: 'Completed', is_closed: true, description: 'Renewal agreed for 2027.', last_modified_date: '2026-11-22T10:00:00.000Z', system_modstamp: '2026-11-22T10:00:00.000Z' }
        ]);
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        expect(deleted(nango, MODEL)).toEqual([{ id: T3 }]);
        expect(checkpoints(nango)).toEqual([start, { ...start, cursor_ts: '2026-11-22T11:00:00.000Z', cursor_id: T3 }]);
    });

    it('a reconciliation by ids reads them through queryAll with IsDeleted = false: the archived task is kept, only the purged one is removed', async () => {
        const nango = syncMock('tasks', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 7, batchSize: 200 });
        // the last reconciliation is older than the 15 days the delete log keeps: the ids are compared instead
        const start = { ...AFTER_T3, reconciled_at: '2026-10-01T00:00:00.000Z' };
        await nango.saveCheckpoint(start);
        holds(nango, [T2, T1, T4]);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', '/services/data/v66.0/queryAll']);
        expect(requests[2]?.q).toBe(INCREMENTAL_SOQL);
        // only the ids, of live rows, archived ones included (a plain /query would leave T2 out and remove it)
        expect(requests[3]?.q).toBe('SELECT Id, SystemModstamp FROM Task WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-23T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC');
        expect(requests[3]?.headers).toEqual({ 'Sforce-Query-Options': 'batchSize=2000' });

        // the main pass removes the deleted T3; the reconciliation removes T4 and keeps the archived T2
        expect(deleted(nango, MODEL)).toEqual([{ id: T3 }, { id: T4 }]);
        expect(logged(nango)).toContain('SalesforceTask: reconciliation done through comparing 2 ids with the records Nango holds; 1 records no longer in Salesforce were removed.');
        expect(checkpoints(nango).at(-1)).toEqual({ ...start, cursor_ts: '2026-11-22T11:00:00.000Z', cursor_id: T3, reconciled_at: NOW });
    });

    it('a model field hidden by field-level security (Description not in the describe) is not selected and is synced as null, with one warning', async () => {
        const nango = syncMock('tasks', MODEL);
        changeDescribe(nango, 'Task', { hide: ['Description'] });
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll']);
        expect(requests[2]?.q).toBe(FIRST_SOQL.replace(' Description,', ''));
        expect(requests[2]?.q).not.toContain('Description');

        const expected = ((await nango.getBatchSaveData(MODEL)) as any[]).map((t) => ({ ...t, description: null }));
        expect(saved(nango, MODEL)).toEqual(expected);
        expect(warnings(nango)).toEqual([hiddenFieldsWarning(MODEL, 'Task', ['Description'])]);
        expect(warnings(nango)[0]).toContain('SalesforceTask: the connected user cannot read Task.Description (field-level security, or no such field); they are synced as null.');
        expect(checkpoints(nango).at(-1)).toEqual({ ...AFTER_T3, settings_hash: HASH_NO_DESCRIPTION, reconciled_at: NOW });
    });
});
