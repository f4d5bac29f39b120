import { describe, expect, it } from 'vitest';

import sync from '../syncs/cases.js';
import { EMPTY, NOW, checkpoints, deleted, describePath, logged, runSync, saved, sent, syncMock, useFrozenClock, warnings } from './sync-helpers.js';

const MODEL = 'SalesforceCase';
const S1 = '500RO00000CsEa1YAF';
const S2 = '500RO00000CsEb2YAF';
const S3 = '500RO00000CsEc3YAF';
const S4 = '500RO00000CsEd4YAF';
const FIELDS =
    'Id, SystemModstamp, CaseNumber, Subject, Description, Status, Priority, Origin, Reason, Type, IsClosed, ClosedDate, IsEscalated, AccountId, ContactId, OwnerId, Owner.Name, CreatedDate, LastModifiedDate';
const FIRST_SOQL = `SELECT ${FIELDS}, IsDeleted FROM Case WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`;
const AFTER_S3 = `((SystemModstamp > 2026-11-21T18:00:00.000Z) OR ((SystemModstamp = 2026-11-21T18:00:00.000Z) AND (Id > '${S3}')))`;
/** The settings signature of the cases SELECT (read from a run). */
const HASH = 'd91621c3064a5705a21f92e33d7aee24';
const BASE = { ...EMPTY, settings_hash: HASH };
/** With metadata.extraFields.Case naming a field the org lacks: the extra fields are part of the signature. */
const HASH_UNKNOWN_EXTRA = '9df2348f7371455a5de4168d4c1abe6c';
const START = { ...BASE, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: S3, initial_load_done: true, reconciled_at: '2026-11-14T11:00:00.000Z' };

describe('salesforce cases sync', () => {
    useFrozenClock();

    it('first run: the Case describe, then two pages of live cases saved mapped (queue owner, closed date), a checkpoint per page', async () => {
        const nango = syncMock('cases', MODEL);
        await runSync(sync, nango);

        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(nango.batchDelete).not.toHaveBeenCalled();
        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('Case'), '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        expect(requests[1]?.q).toBe(FIRST_SOQL);
        expect(checkpoints(nango)).toEqual([
            { ...BASE, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: S2 },
            { ...BASE, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: S3 },
            { ...BASE, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: S3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('a first run with bulkThreshold asks for the record count, and a small object stays on the REST cursor', async () => {
        const nango = syncMock('cases', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 50_000, reconcileEveryDays: 0 });
        await runSync(sync, nango);

        expect(sent(nango)[0]?.endpoint).toBe(describePath('Case'));
        expect(nango.proxy.mock.calls[1]?.[0]).toMatchObject({ method: 'GET', endpoint: '/services/data/v66.0/limits/recordCount', params: { sObjects: 'Case' } });
        expect(sent(nango).slice(2).map((r) => r.endpoint)).toEqual(['/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        expect(sent(nango)[2]?.q).toBe(FIRST_SOQL);
        expect(saved(nango, MODEL)).toHaveLength(3);
        expect(sent(nango).some((r) => r.endpoint.includes('/jobs/'))).toBe(false);
    });

    it('incremental run: keyset condition, the deleted case removed by id, the closed case saved', async () => {
        const nango = syncMock('cases', MODEL);
        const start = { ...START, reconciled_at: '2026-11-21T18:05:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        expect(sent(nango).map((r) => r.endpoint)).toEqual([describePath('Case'), '/services/data/v66.0/queryAll']);
        expect(sent(nango)[1]?.q).toBe(`SELECT ${FIELDS}, IsDeleted FROM Case WHERE ${AFTER_S3} AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`);
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        const before = ((await nango.getBatchSaveData(MODEL)) as any[])[0];
        expect(saved(nango, MODEL)).toEqual([
            { ...before, status: 'Closed', is_closed: true, closed_date: '2026-11-22T06:30:00.000Z', last_modified_date: '2026-11-22T06:30:00.000Z', system_modstamp: '2026-11-22T06:30:00.000Z' }
        ]);
        expect(nango.trackDeletesStart).not.toHaveBeenCalled();
        expect(checkpoints(nango)).toEqual([start, { ...start, cursor_ts: '2026-11-22T06:30:00.000Z', cursor_id: S1 }]);
    });

    it('a due reconciliation re-reads every live case outside the incremental window inside trackDeletesStart/End', async () => {
        const nango = syncMock('cases', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 7 });
        await nango.saveCheckpoint(START);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([describePath('Case'), '/services/data/v66.0/queryAll', '/services/data/v66.0/query']);
        expect(requests[2]?.q).toBe(
            `SELECT ${FIELDS} FROM Case WHERE (NOT (${AFTER_S3} AND (SystemModstamp <= 2026-11-22T12:00:00.000Z))) AND (SystemModstamp <= 2026-11-23T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`
        );
        expect(nango.trackDeletesStart).toHaveBeenCalledWith(MODEL);
        expect(nango.trackDeletesEnd).toHaveBeenCalledWith(MODEL);
        // the window opens after the describe, before the first query
        expect(nango.trackDeletesStart.mock.invocationCallOrder[0]).toBeGreaterThan(nango.proxy.mock.invocationCallOrder[0] ?? Infinity);
        expect(nango.trackDeletesStart.mock.invocationCallOrder[0]).toBeLessThan(nango.proxy.mock.invocationCallOrder[1] ?? 0);
        expect(nango.trackDeletesEnd.mock.invocationCallOrder[0]).toBeGreaterThan(nango.batchSave.mock.invocationCallOrder[1] ?? Infinity);
        expect(saved(nango, MODEL).map((r) => r.id)).toEqual([S1, S4]);
        expect(deleted(nango, MODEL)).toEqual([{ id: S2 }]);
        expect(logged(nango).some((m) => m.includes('reconciliation done; 1 records'))).toBe(true);

        const afterMain = { ...START, cursor_ts: '2026-11-22T06:30:00.000Z', cursor_id: S1 };
        expect(checkpoints(nango)).toEqual([
            START,
            afterMain,
            { ...afterMain, recon_active: true },
            { ...afterMain, recon_active: true, recon_ts: '2026-10-01T10:00:00.000Z', recon_id: S4 },
            { ...afterMain, reconciled_at: NOW }
        ]);
    });

    it('an extra field the Case describe lacks is left out of the SELECT, synced as null, with one warning naming it', async () => {
        const nango = syncMock('cases', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, extraFields: { Case: ['SLA_Tier__c'] } });
        await runSync(sync, nango);

        expect(sent(nango)[1]?.q).toBe(FIRST_SOQL);
        const expected = ((await nango.getBatchSaveData(MODEL)) as any[]).map((c) => ({ ...c, custom_fields: { SLA_Tier__c: null } }));
        expect(saved(nango, MODEL)).toEqual(expected);
        expect(warnings(nango)).toHaveLength(1);
        expect(warnings(nango)[0]).toContain('SalesforceCase: the connected user cannot read Case.SLA_Tier__c (field-level security, or no such field)');
        expect(checkpoints(nango).at(-1)).toEqual({ ...EMPTY, settings_hash: HASH_UNKNOWN_EXTRA, cursor_ts: '2026-11-21T18:00:00.000Z', cursor_id: S3, initial_load_done: true, reconciled_at: NOW });
    });
});
