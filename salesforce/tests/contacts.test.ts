import { describe, expect, it } from 'vitest';

import sync from '../syncs/contacts.js';
import { EMPTY, NOW, UPDATED_WINDOW, answer, checkpoints, deleted, describePath, failureOf, runSync, salesforceClock, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

const MODEL = 'SalesforceContact';
const C2 = '003RO00000CtQb2YAF';
const C3 = '003RO00000CtQc3YAF';
const SELECT =
    'SELECT Id, SystemModstamp, FirstName, LastName, Name, Email, Phone, MobilePhone, Title, Department, LeadSource, Birthdate, MailingStreet, MailingCity, MailingState, MailingPostalCode, MailingCountry, AccountId, Account.Name, OwnerId, CreatedDate, LastModifiedDate, IsDeleted FROM Contact';
/** The settings signature of this SELECT (read from a run). */
const HASH = '24e1d0e3522f7de93663bdac2635e218';
const BASE = { ...EMPTY, settings_hash: HASH };
/** Every run describes Contact, then asks getUpdated how far Contact changes are committed. */
const FIRST_CALLS = [describePath('Contact'), updatedPath('Contact')];
/** The first-load SELECT up to `upper`. */
const FIRST_SOQL = (upper: string): string => `${SELECT} WHERE (IsDeleted = false) AND (SystemModstamp <= ${upper}) ORDER BY SystemModstamp ASC, Id ASC`;

describe('salesforce contacts sync', () => {
    useFrozenClock();

    it('first run: the Contact describe, then two pages of live contacts saved mapped (dates, nulls, nested Account.Name), a checkpoint per page', async () => {
        const nango = syncMock('contacts', MODEL);
        await runSync(sync, nango);

        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(nango.batchSave.mock.calls.map((call) => (call[0] as unknown[]).length)).toEqual([2, 1]);
        expect(nango.batchDelete).not.toHaveBeenCalled();

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        expect(requests[1]?.params).toEqual(UPDATED_WINDOW);
        expect(requests[2]?.q).toBe(FIRST_SOQL('2026-11-22T12:00:00.000Z'));
        // no metadata.batchSize: no query options header
        expect(requests.map((r) => r.headers)).toEqual([undefined, undefined, undefined, undefined]);
        // every field readable: no warning
        expect(warnings(nango)).toEqual([]);

        expect(checkpoints(nango)).toEqual([
            // a first load's checkpoints hold its upper bound as reconciled_at from the first one on
            { ...BASE, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: C2, reconciled_at: NOW },
            { ...BASE, cursor_ts: '2026-11-21T16:45:30.000Z', cursor_id: C3, reconciled_at: NOW },
            { ...BASE, cursor_ts: '2026-11-21T16:45:30.000Z', cursor_id: C3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('incremental run: keyset condition, the updated contact saved, the merged-away one deleted by id only', async () => {
        const nango = syncMock('contacts', MODEL);
        const start = { ...BASE, cursor_ts: '2026-11-21T16:45:30.000Z', cursor_id: C3, initial_load_done: true, reconciled_at: '2026-11-21T17:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll']);
        expect(requests[2]?.q).toBe(
            `${SELECT} WHERE ((SystemModstamp > 2026-11-21T16:45:30.000Z) OR ((SystemModstamp = 2026-11-21T16:45:30.000Z) AND (Id > '${C3}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`
        );
        expect(requests[2]?.q).not.toContain('IsDeleted = false');

        const before = ((await nango.getBatchSaveData(MODEL)) as any[])[1];
        expect(saved(nango, MODEL)).toEqual([{ ...before, title: 'Head of Buying', last_modified_date: '2026-11-22T09:00:00.000Z', system_modstamp: '2026-11-22T09:00:00.000Z' }]);
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        expect(nango.batchDelete).toHaveBeenCalledWith([{ id: C3 }], MODEL);
        // two records share the page's last timestamp: the cursor keeps the larger Id
        expect(checkpoints(nango)).toEqual([start, { ...start, cursor_ts: '2026-11-22T09:00:00.000Z', cursor_id: C3 }]);
    });

    it('a session that expires after the describe fails the run with an Error asking to reconnect; lagSeconds moves the upper bound back', async () => {
        const nango = syncMock('contacts', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 60, bulkThreshold: 0, reconcileEveryDays: 0 });
        const error = await failureOf(runSync(sync, nango));

        expect(sent(nango).map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll']);
        // getUpdated asks up to the clock itself; the lag applies to the SELECT's upper bound only
        expect(sent(nango)[1]?.params).toEqual(UPDATED_WINDOW);
        expect(sent(nango)[2]?.q).toBe(FIRST_SOQL('2026-11-22T11:59:00.000Z'));
        expect(error).toBeInstanceOf(Error);
        expect(error.message).toMatch(/reconnect/i);
        expect(error.payload).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 });
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    });

    it("Salesforce's clock behind the runner's (the describe's Date header, 11:58:30): the getUpdated window and the upper bound follow it", async () => {
        const nango = syncMock('contacts', MODEL);
        // an HTTP date names a whole second: Salesforce answered within 11:58:30, so its clock was at most 11:58:30.999
        salesforceClock(nango, 'Contact', 'Sun, 22 Nov 2026 11:58:30 GMT');
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        expect(requests[1]?.params).toEqual({ start: '2026-11-22T11:56:30+00:00', end: '2026-11-22T11:58:30+00:00' });
        // latestDateCovered 11:58:00 is that window's end rounded down to the minute: nothing pending
        expect(requests[2]?.q).toBe(FIRST_SOQL('2026-11-22T11:58:30.999Z'));
        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(warnings(nango)).toEqual([]);
        // the first load counts as a reconciliation from its start at Salesforce's time, the clock the delete log runs on
        expect(checkpoints(nango)[0]?.reconciled_at).toBe('2026-11-22T11:58:30.999Z');
        expect(checkpoints(nango).at(-1)).toEqual({ ...BASE, cursor_ts: '2026-11-21T16:45:30.000Z', cursor_id: C3, initial_load_done: true, reconciled_at: '2026-11-22T11:58:30.999Z' });
    });

    it("Salesforce's clock ahead of the runner's (12:05): the runner's clock, the earlier of the two, bounds the run", async () => {
        const nango = syncMock('contacts', MODEL);
        salesforceClock(nango, 'Contact', 'Sun, 22 Nov 2026 12:05:00 GMT');
        await runSync(sync, nango);

        expect(sent(nango)[1]?.params).toEqual(UPDATED_WINDOW);
        expect(sent(nango)[2]?.q).toBe(FIRST_SOQL('2026-11-22T12:00:00.000Z'));
        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
    });

    it('getUpdated failing (500 UNKNOWN_EXCEPTION): one warning, and the run reads up to lagSeconds before the clock', async () => {
        const nango = syncMock('contacts', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 60, bulkThreshold: 0, reconcileEveryDays: 0 });
        answer(nango, updatedPath('Contact'), {
            status: 500,
            data: [{ message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1718293205-12345 (-1234567890)', errorCode: 'UNKNOWN_EXCEPTION' }]
        });
        const error = await failureOf(runSync(sync, nango));

        // the run went on to the query (which the fixture answers with an expired session at this upper bound)
        expect(sent(nango).map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll']);
        expect(sent(nango)[2]?.q).toBe(FIRST_SOQL('2026-11-22T11:59:00.000Z'));
        expect(warnings(nango)).toEqual([
            'SalesforceContact: Salesforce did not say how far Contact changes are committed (UNKNOWN_EXCEPTION); reading up to 60 seconds before its time instead.'
        ]);
        expect(error.payload).toMatchObject({ errorCode: 'INVALID_SESSION_ID' });
    });

    it('the org out of API requests at getUpdated (403 REQUEST_LIMIT_EXCEEDED): the run stops cleanly before reading anything', async () => {
        const nango = syncMock('contacts', MODEL);
        const start = { ...BASE, cursor_ts: '2026-11-21T16:45:30.000Z', cursor_id: C3, initial_load_done: true, reconciled_at: '2026-11-21T17:00:00.000Z' };
        await nango.saveCheckpoint(start);
        answer(nango, updatedPath('Contact'), { status: 403, data: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] });
        await runSync(sync, nango);

        expect(sent(nango).map((r) => r.endpoint)).toEqual(FIRST_CALLS);
        expect(warnings(nango)).toEqual([
            'SalesforceContact: stopping early, before reading anything: the org has used all of its daily API requests (REQUEST_LIMIT_EXCEEDED); the next run continues from here.'
        ]);
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(checkpoints(nango)).toEqual([start]);
    });
});
