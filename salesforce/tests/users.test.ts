import { describe, expect, it } from 'vitest';

import sync from '../syncs/users.js';
import { EMPTY, NOW, UPDATED_WINDOW, checkpoints, describePath, failureOf, logged, runSync, saved, sent, syncMock, updatedPath, useFrozenClock } from './sync-helpers.js';

const MODEL = 'SalesforceUser';
const U2 = '005RO00000UsRb2YAF';
const U3 = '005RO00000UsRc3YAF';
const SELECT =
    'SELECT Id, SystemModstamp, Username, Email, FirstName, LastName, Name, IsActive, UserType, ProfileId, Profile.Name, UserRoleId, UserRole.Name, ManagerId, Title, Department, TimeZoneSidKey, LocaleSidKey, LastLoginDate, CreatedDate, LastModifiedDate FROM User';
/** The settings signature of this SELECT (read from a run): a change of it would make every connection re-read its users. */
const HASH = '761dcce42d062584be0480fed6e9c868';
const BASE = { ...EMPTY, settings_hash: HASH };

describe('salesforce users sync', () => {
    useFrozenClock();

    it('first run: one describe of User, then query (not queryAll, no IsDeleted: User has none), active and inactive users saved, a checkpoint per page', async () => {
        const nango = syncMock('users', MODEL);
        await runSync(sync, nango);

        const requests = sent(nango);
        // User supports getUpdated (not getDeleted): the describe says replicateable
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('User'), updatedPath('User'), '/services/data/v66.0/query', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        expect(requests[1]?.params).toEqual(UPDATED_WINDOW);
        expect(requests[2]?.q).toBe(`${SELECT} WHERE SystemModstamp <= 2026-11-22T12:00:00.000Z ORDER BY SystemModstamp ASC, Id ASC`);
        expect(requests[2]?.q).not.toContain('IsDeleted');

        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(saved(nango, MODEL).map((u) => u.is_active)).toEqual([true, true, false]);
        expect(nango.batchDelete).not.toHaveBeenCalled();
        // the first run ever only stores the signature (nothing to re-read, no ids compared)
        expect(nango.listRecords).not.toHaveBeenCalled();
        expect(logged(nango).filter((m) => m.includes('cannot read') || m.includes('re-reading'))).toEqual([]);
        expect(checkpoints(nango)).toEqual([
            { ...BASE, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: U2, reconciled_at: NOW },
            { ...BASE, cursor_ts: '2026-11-21T10:00:00.000Z', cursor_id: U3, reconciled_at: NOW },
            { ...BASE, cursor_ts: '2026-11-21T10:00:00.000Z', cursor_id: U3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('incremental run: keyset condition; a deactivated user is saved with is_active false, never deleted, and no reconciliation runs', async () => {
        const nango = syncMock('users', MODEL);
        // a reconciliation would be due by the period, but users are never deleted
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 7 });
        const start = { ...BASE, cursor_ts: '2026-11-21T10:00:00.000Z', cursor_id: U3, initial_load_done: true, reconciled_at: '2026-10-01T00:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const requests = sent(nango);
        // no getDeleted and no id read: nothing to reconcile
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('User'), updatedPath('User'), '/services/data/v66.0/query']);
        expect(requests[2]?.q).toBe(
            `${SELECT} WHERE ((SystemModstamp > 2026-11-21T10:00:00.000Z) OR ((SystemModstamp = 2026-11-21T10:00:00.000Z) AND (Id > '${U3}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`
        );
        const before = ((await nango.getBatchSaveData(MODEL)) as any[])[1];
        expect(saved(nango, MODEL)).toEqual([{ ...before, is_active: false, last_modified_date: '2026-11-22T09:15:00.000Z', system_modstamp: '2026-11-22T09:15:00.000Z' }]);
        expect(nango.batchDelete).not.toHaveBeenCalled();
        expect(nango.listRecords).not.toHaveBeenCalled();
        expect(checkpoints(nango)).toEqual([start, { ...start, cursor_ts: '2026-11-22T09:15:00.000Z', cursor_id: U2 }]);
    });

    it('an expired session fails the run with an Error asking to reconnect', async () => {
        const nango = syncMock('users', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 100, bulkThreshold: 0, reconcileEveryDays: 0 });
        const error = await failureOf(runSync(sync, nango));

        expect(sent(nango)[2]?.q).toBe(`${SELECT} WHERE SystemModstamp <= 2026-11-22T11:58:20.000Z ORDER BY SystemModstamp ASC, Id ASC`);
        expect(error).toBeInstanceOf(Error);
        expect(error.message).toMatch(/reconnect/i);
        expect(error.payload).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID' });
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    });
});
