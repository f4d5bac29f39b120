import { describe, expect, it } from 'vitest';

import sync from '../syncs/contacts.js';
import { EMPTY, NOW, checkpoints, deleted, describePath, failureOf, runSync, saved, sent, syncMock, useFrozenClock, warnings } from './sync-helpers.js';

const MODEL = 'SalesforceContact';
const C2 = '003RO00000CtQb2YAF';
const C3 = '003RO00000CtQc3YAF';
const SELECT =
    'SELECT Id, SystemModstamp, FirstName, LastName, Name, Email, Phone, MobilePhone, Title, Department, LeadSource, Birthdate, MailingStreet, MailingCity, MailingState, MailingPostalCode, MailingCountry, AccountId, Account.Name, OwnerId, CreatedDate, LastModifiedDate, IsDeleted FROM Contact';
/** The settings signature of this SELECT (read from a run). */
const HASH = '24e1d0e3522f7de93663bdac2635e218';
const BASE = { ...EMPTY, settings_hash: HASH };

describe('salesforce contacts sync', () => {
    useFrozenClock();

    it('first run: the Contact describe, then two pages of live contacts saved mapped (dates, nulls, nested Account.Name), a checkpoint per page', async () => {
        const nango = syncMock('contacts', MODEL);
        await runSync(sync, nango);

        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(nango.batchSave.mock.calls.map((call) => (call[0] as unknown[]).length)).toEqual([2, 1]);
        expect(nango.batchDelete).not.toHaveBeenCalled();

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('Contact'), '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        expect(requests[1]?.q).toBe(`${SELECT} WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`);
        // no metadata.batchSize: no query options header
        expect(requests.map((r) => r.headers)).toEqual([undefined, undefined, undefined]);
        // every field readable: no warning
        expect(warnings(nango)).toEqual([]);

        expect(checkpoints(nango)).toEqual([
            { ...BASE, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: C2 },
            { ...BASE, cursor_ts: '2026-11-21T16:45:30.000Z', cursor_id: C3 },
            { ...BASE, cursor_ts: '2026-11-21T16:45:30.000Z', cursor_id: C3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('incremental run: keyset condition, the updated contact saved, the merged-away one deleted by id only', async () => {
        const nango = syncMock('contacts', MODEL);
        const start = { ...BASE, cursor_ts: '2026-11-21T16:45:30.000Z', cursor_id: C3, initial_load_done: true, reconciled_at: '2026-11-21T17:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('Contact'), '/services/data/v66.0/queryAll']);
        expect(requests[1]?.q).toBe(
            `${SELECT} WHERE ((SystemModstamp > 2026-11-21T16:45:30.000Z) OR ((SystemModstamp = 2026-11-21T16:45:30.000Z) AND (Id > '${C3}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`
        );
        expect(requests[1]?.q).not.toContain('IsDeleted = false');

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

        expect(sent(nango).map((r) => r.endpoint)).toEqual([describePath('Contact'), '/services/data/v66.0/queryAll']);
        expect(sent(nango)[1]?.q).toBe(`${SELECT} WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T11:59:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`);
        expect(error).toBeInstanceOf(Error);
        expect(error.message).toMatch(/reconnect/i);
        expect(error.payload).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 });
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    });
});
