import { describe, expect, it } from 'vitest';

import sync from '../syncs/events.js';
import { EMPTY, NOW, UPDATED_WINDOW, answer, checkpoints, deleted, describePath, failureOf, holds, logged, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

// The fixture was recorded from the emulator at NOW (seed 7, four events, query pages of three) and checked by eye.
const MODEL = 'SalesforceEvent';
/** Archived (IsArchived): a plain /query no longer returns it, queryAll does. */
const ARCHIVED = '00UEm00000000G9MAI';
/** With a contact (Who) and no What; moved to Friday before the incremental run. */
const MOVED = '00UEm00000000GBMAY';
/** Deleted before the incremental run (in the Recycle Bin: queryAll returns it with IsDeleted = true). */
const REMOVED = '00UEm00000000GCMAY';
/** With a contact (Who) and an account (What); the last row of the first load. */
const LAST = '00UEm00000000GAMAY';
/** An event Nango still holds that Salesforce no longer has at all (purged from the Recycle Bin). */
const PURGED = '00UEm00000000ZZMAY';
const SELECT =
    'SELECT Id, SystemModstamp, Subject, Location, StartDateTime, EndDateTime, IsAllDayEvent, ActivityDate, DurationInMinutes, ShowAs, IsPrivate, Type, Description, WhoId, Who.Type, WhatId, What.Type, AccountId, OwnerId, IsRecurrence, RecurrenceActivityId, RecurrenceType, CreatedDate, LastModifiedDate, IsDeleted FROM Event';
const FIRST_SOQL = `${SELECT} WHERE (IsDeleted = false) AND (SystemModstamp <= ${NOW}) ORDER BY SystemModstamp ASC, Id ASC`;
const keyset = (ts: string, id: string): string =>
    `${SELECT} WHERE ((SystemModstamp > ${ts}) OR ((SystemModstamp = ${ts}) AND (Id > '${id}'))) AND (SystemModstamp <= ${NOW}) ORDER BY SystemModstamp ASC, Id ASC`;
const LOCATOR_PAGE = '/services/data/v66.0/query/01gEm00000000G9IAI-3';
/** The settings signature of this SELECT (read from a run). */
const HASH = '7b860c0df4a69c1461af928e542b4096';
const BASE = { ...EMPTY, settings_hash: HASH };
const AFTER_FIRST = { ...BASE, cursor_ts: '2026-11-10T10:26:21.000Z', cursor_id: LAST, initial_load_done: true, reconciled_at: NOW };
/** Every run describes Event, then asks getUpdated how far Event changes are committed. */
const FIRST_CALLS = [describePath('Event'), updatedPath('Event')];

describe('salesforce events sync', () => {
    useFrozenClock();

    it('first run: every live event through queryAll in two pages, the archived one among them, typed and mapped with who/what types, a checkpoint per page', async () => {
        const nango = syncMock('events', MODEL);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', LOCATOR_PAGE]);
        expect(requests[1]?.params).toEqual(UPDATED_WINDOW);
        // Event has IsArchived in its describe: queryAll, not /query, so archived events come back
        expect(requests[2]?.q).toBe(FIRST_SOQL);
        expect(warnings(nango)).toEqual([]);

        const events = saved(nango, MODEL);
        expect(events).toEqual(await nango.getBatchSaveData(MODEL));
        expect(nango.batchSave.mock.calls.map((call) => (call[0] as unknown[]).length)).toEqual([3, 1]);
        expect(nango.batchDelete).not.toHaveBeenCalled();
        expect(events.map((e) => e.id)).toContain(ARCHIVED);
        // Who.Type and What.Type come from the Name object the query nests; null where the lookup is empty
        expect(events.find((e) => e.id === MOVED)).toMatchObject({ who_id: '003Em00000000GAIAY', who_type: 'Contact', what_id: null, what_type: null, duration_minutes: 30, show_as: 'OutOfOffice' });
        expect(events.find((e) => e.id === LAST)).toMatchObject({ what_id: '001Em00000000GAIAY', what_type: 'Account', start_date_time: '2026-07-06T17:30:00.000Z', all_day_date: '2026-07-06' });
        expect(events.find((e) => e.id === ARCHIVED)).toMatchObject({ who_type: null, what_type: 'Account', system_modstamp: '2026-08-06T03:42:53.000Z' });

        expect(checkpoints(nango)).toEqual([
            { ...BASE, cursor_ts: '2026-10-26T11:43:07.000Z', cursor_id: REMOVED, reconciled_at: NOW },
            { ...BASE, cursor_ts: '2026-11-10T10:26:21.000Z', cursor_id: LAST, reconciled_at: NOW },
            AFTER_FIRST
        ]);
    });

    it('incremental run: keyset condition through queryAll; the moved event saved, the deleted one removed by id', async () => {
        const nango = syncMock('events', MODEL);
        await nango.saveCheckpoint(AFTER_FIRST);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll']);
        expect(requests[2]?.q).toBe(keyset('2026-11-10T10:26:21.000Z', LAST));
        expect(requests[2]?.q).not.toContain('IsDeleted = false');

        const before = ((await nango.getBatchSaveData(MODEL)) as any[]).find((e) => e.id === MOVED);
        expect(saved(nango, MODEL)).toEqual([
            {
                ...before,
                subject: 'Moved to Friday',
                start_date_time: '2026-11-27T09:00:00.000Z',
                end_date_time: '2026-11-27T10:30:00.000Z',
                all_day_date: '2026-11-27',
                duration_minutes: 90,
                last_modified_date: '2026-11-22T11:30:00.000Z',
                system_modstamp: '2026-11-22T11:30:00.000Z'
            }
        ]);
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        expect(deleted(nango, MODEL)).toEqual([{ id: REMOVED }]);
        // the deleted row is the page's last (same modstamp, larger id): the cursor holds it
        expect(checkpoints(nango)).toEqual([AFTER_FIRST, { ...AFTER_FIRST, cursor_ts: '2026-11-22T11:30:00.000Z', cursor_id: REMOVED }]);
    });

    it('a reconciliation by ids reads them through queryAll with IsDeleted = false: the archived event is kept, only the purged one is removed', async () => {
        const nango = syncMock('events', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 7 });
        // the last reconciliation is older than the 15 days the delete log keeps: the ids are compared instead
        const start = { ...AFTER_FIRST, cursor_ts: '2026-11-22T11:30:00.000Z', cursor_id: REMOVED, reconciled_at: '2026-10-01T00:00:00.000Z' };
        await nango.saveCheckpoint(start);
        holds(nango, [MOVED, ARCHIVED, LAST, PURGED]);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', '/services/data/v66.0/queryAll']);
        expect(requests[2]?.q).toBe(keyset('2026-11-22T11:30:00.000Z', REMOVED));
        // a plain /query would leave the archived event out, and the comparison would remove it
        expect(requests[3]?.q).toBe('SELECT Id, SystemModstamp FROM Event WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-23T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC');
        expect(requests[3]?.headers).toEqual({ 'Sforce-Query-Options': 'batchSize=2000' });

        expect(deleted(nango, MODEL)).toEqual([{ id: PURGED }]);
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(logged(nango)).toContain('SalesforceEvent: reconciliation done through comparing 3 ids with the records Nango holds; 1 records no longer in Salesforce were removed.');
        expect(checkpoints(nango).at(-1)).toEqual({ ...start, reconciled_at: NOW });
    });

    it('a session that expires on the second page fails the run with an Error asking to reconnect; the first page stays saved and checkpointed', async () => {
        const nango = syncMock('events', MODEL);
        answer(nango, LOCATOR_PAGE, { status: 401, data: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] });
        const error = await failureOf(runSync(sync, nango));

        expect(sent(nango).map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', LOCATOR_PAGE]);
        expect(error).toBeInstanceOf(Error);
        expect(error.message).toMatch(/reconnect/i);
        expect(error.payload).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 });
        expect(saved(nango, MODEL).map((e) => e.id)).toEqual([MOVED, ARCHIVED, REMOVED]);
        // the next run resumes after the first page; the first load is not marked done
        expect(checkpoints(nango)).toEqual([{ ...BASE, cursor_ts: '2026-10-26T11:43:07.000Z', cursor_id: REMOVED, reconciled_at: NOW }]);
    });
});
