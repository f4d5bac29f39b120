import { describe, expect, it } from 'vitest';

import { hiddenFieldsWarning } from '../lib/metadata/fields.js';
import sync from '../syncs/accounts.js';
import { EMPTY, NOW, UPDATED_WINDOW, answer, changeDescribe, checkpoints, deleted, describePath, holds, logged, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

const MODEL = 'SalesforceAccount';
const A1 = '001RO00000LxAa1YAF';
const A2 = '001RO00000LxAb2YAF';
const A3 = '001RO00000LxAc3YAF';
/** An account Nango still holds that Salesforce no longer has at all (emptied from the Recycle Bin). */
const A9 = '001RO00000LxAz9YAF';
const SELECT =
    'SELECT Id, SystemModstamp, Name, Type, Industry, Website, Phone, Description, AnnualRevenue, NumberOfEmployees, BillingStreet, BillingCity, BillingState, BillingPostalCode, BillingCountry, ShippingStreet, ShippingCity, ShippingState, ShippingPostalCode, ShippingCountry, ParentId, OwnerId, Owner.Name, CreatedDate, LastModifiedDate';
const FIRST_SOQL = `${SELECT}, IsDeleted FROM Account WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`;
/** The incremental SELECT after A3, up to `upper`. */
const INCREMENTAL_SOQL = (upper: string): string =>
    `${SELECT}, IsDeleted FROM Account WHERE ((SystemModstamp > 2026-11-21T09:30:00.000Z) OR ((SystemModstamp = 2026-11-21T09:30:00.000Z) AND (Id > '${A3}'))) AND (SystemModstamp <= ${upper}) ORDER BY SystemModstamp ASC, Id ASC`;
const BATCH_HEADER = { 'Sforce-Query-Options': 'batchSize=200' };
const METADATA = { lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, batchSize: 200 };
/** Settings signatures read from runs: the fixture's SELECT, with extraFields Region__c (unknown), without AnnualRevenue, with Is_Enterprise__c. */
const HASH = '0f3275dbc692c16287b07894ef9a3aef';
const HASH_REGION = '77a75a1994975739265aa3352fc6b1fd';
const HASH_NO_REVENUE = 'a4ce28c4beedfc7ddda9dcf06e434df3';
const HASH_ENTERPRISE = '0610604d889e81cea487d63ba2413022';
const BASE = { ...EMPTY, settings_hash: HASH };
/** A first load from its first checkpoint on: reconciled_at is the upper bound of the run it started in. */
const LOADING = { ...BASE, reconciled_at: NOW };
/** The id-only read that closes a re-read: every account up to a day past the clock, 2,000 a page. */
const ID_SOQL = 'SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp <= 2026-11-23T12:00:00.000Z ORDER BY SystemModstamp ASC, Id ASC';
/** Every run describes Account, then asks getUpdated how far Account changes are committed. */
const FIRST_CALLS = [describePath('Account'), updatedPath('Account')];

describe('salesforce accounts sync', () => {
    useFrozenClock();

    it('first run: describes Account, reads live accounts through queryAll in two pages, saves them typed and mapped, checkpoints after each page', async () => {
        const nango = syncMock('accounts', MODEL);
        await runSync(sync, nango);

        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(nango.batchSave).toHaveBeenCalledTimes(2);
        expect(nango.batchDelete).not.toHaveBeenCalled();

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        // the last hour to the runner's clock (the describe sent no Date header); latestDateCovered is its end, so
        // nothing is pending and the upper bound is the clock less lagSeconds (0)
        expect(requests[1]?.params).toEqual(UPDATED_WINDOW);
        // no CurrencyIsoCode: the org has no multi-currency, and that is no warning
        expect(requests[2]?.q).toBe(FIRST_SOQL);
        expect(warnings(nango)).toEqual([]);
        // metadata.batchSize travels on every query page, the locator page included (not on the describe or getUpdated)
        expect(requests.map((r) => r.headers)).toEqual([undefined, undefined, BATCH_HEADER, BATCH_HEADER]);
        // an empty Description ('') is null, the currency-typed revenue a number, datetimes end in Z
        expect(saved(nango, MODEL)[2]).toMatchObject({ description: null, annual_revenue: 1250000.5, currency_iso_code: null, system_modstamp: '2026-11-21T09:30:00.000Z' });

        // the first run ever stores the signature without re-reading anything (no id comparison); the delete log must
        // later reach back to the start of this load, so reconciled_at is its upper bound from the first checkpoint on
        expect(nango.listRecords).not.toHaveBeenCalled();
        expect(checkpoints(nango)).toEqual([
            { ...LOADING, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: A2 },
            { ...LOADING, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3 },
            { ...LOADING, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true }
        ]);
    });

    it('incremental run: keyset condition after the checkpoint, updated accounts saved, deleted ones removed by id', async () => {
        const nango = syncMock('accounts', MODEL);
        const start = { ...BASE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true, reconciled_at: '2026-11-21T12:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll']);
        expect(requests[2]?.q).toBe(INCREMENTAL_SOQL('2026-11-22T12:00:00.000Z'));
        expect(requests[2]?.q).not.toContain('IsDeleted = false');

        const first = ((await nango.getBatchSaveData(MODEL)) as any[])[1];
        expect(saved(nango, MODEL)).toEqual([{ ...first, number_of_employees: 40, last_modified_date: '2026-11-22T10:00:00.000Z', system_modstamp: '2026-11-22T10:00:00.000Z' }]);
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        expect(deleted(nango, MODEL)).toEqual([{ id: A1 }]);

        expect(checkpoints(nango)).toEqual([start, { ...start, cursor_ts: '2026-11-22T11:00:00.000Z', cursor_id: A1 }]);
    });

    it('a long transaction (latestDateCovered 11:40, before the end of the getUpdated window) bounds the upper: its rows, stamped later and committed late, are read by the next run', async () => {
        const nango = syncMock('accounts', MODEL);
        // a data load that started at 11:40 is still writing: Salesforce holds latestDateCovered before its start
        answer(nango, updatedPath('Account'), { status: 200, data: { ids: [], latestDateCovered: '2026-11-22T11:40:00.000+0000' }, headers: { 'sforce-limit-info': 'api-usage=17/15000' } });
        const start = { ...BASE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true, reconciled_at: '2026-11-21T12:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        expect(sent(nango).map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll']);
        expect(sent(nango)[1]?.params).toEqual(UPDATED_WINDOW);
        // not the clock (12:00, lagSeconds 0): latestDateCovered
        expect(sent(nango)[2]?.q).toBe(INCREMENTAL_SOQL('2026-11-22T11:40:00.000Z'));
        expect(warnings(nango)).toEqual([]);
        expect(deleted(nango, MODEL)).toEqual([{ id: A1 }]);
        const afterFirst = { ...start, cursor_ts: '2026-11-22T11:00:00.000Z', cursor_id: A1 };
        expect(checkpoints(nango)).toEqual([start, afterFirst]);

        // the load has committed (latestDateCovered is the window's end again): its row stamped 11:45 is after the cursor
        const next = syncMock('accounts', MODEL);
        await next.saveCheckpoint(afterFirst);
        await runSync(sync, next);
        expect(sent(next)[2]?.q).toBe(
            `${SELECT}, IsDeleted FROM Account WHERE ((SystemModstamp > 2026-11-22T11:00:00.000Z) OR ((SystemModstamp = 2026-11-22T11:00:00.000Z) AND (Id > '${A1}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`
        );
        const globex = ((await next.getBatchSaveData(MODEL)) as any[])[2];
        expect(saved(next, MODEL)).toEqual([{ ...globex, type: 'Customer - Channel', last_modified_date: '2026-11-22T11:45:00.000Z', system_modstamp: '2026-11-22T11:45:00.000Z' }]);
        expect(checkpoints(next)).toEqual([afterFirst, { ...afterFirst, cursor_ts: '2026-11-22T11:45:00.000Z', cursor_id: A3 }]);
    });

    it('an extra field the Account describe lacks: the run completes without it in the SELECT, null in custom_fields, one warning naming it', async () => {
        const nango = syncMock('accounts', MODEL);
        nango.getMetadata.mockResolvedValue({ ...METADATA, extraFields: { Account: ['Region__c'] } });
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        expect(requests[2]?.q).toBe(FIRST_SOQL);
        expect(requests[2]?.q).not.toContain('Region__c');

        const expected = ((await nango.getBatchSaveData(MODEL)) as any[]).map((a) => ({ ...a, custom_fields: { Region__c: null } }));
        expect(saved(nango, MODEL)).toEqual(expected);
        expect(warnings(nango)).toEqual([hiddenFieldsWarning(MODEL, 'Account', ['Region__c'])]);
        expect(warnings(nango)[0]).toContain('cannot read Account.Region__c');
        // the extra fields are part of the signature
        expect(checkpoints(nango).at(-1)).toEqual({ ...EMPTY, settings_hash: HASH_REGION, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true, reconciled_at: NOW });
    });

    it('a model field hidden by field-level security (AnnualRevenue not in the describe) is not selected and is synced as null, with one warning', async () => {
        const nango = syncMock('accounts', MODEL);
        changeDescribe(nango, 'Account', { hide: ['AnnualRevenue'] });
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll']);
        expect(requests[2]?.q).toBe(FIRST_SOQL.replace(' AnnualRevenue,', ''));
        expect(requests[2]?.q).not.toContain('AnnualRevenue');

        const expected = ((await nango.getBatchSaveData(MODEL)) as any[]).map((a) => ({ ...a, annual_revenue: null }));
        expect(saved(nango, MODEL)).toEqual(expected);
        expect(warnings(nango)).toHaveLength(1);
        expect(warnings(nango)[0]).toContain('SalesforceAccount: the connected user cannot read Account.AnnualRevenue (field-level security, or no such field); they are synced as null.');
        expect(checkpoints(nango)).toEqual([
            { ...EMPTY, settings_hash: HASH_NO_REVENUE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, reconciled_at: NOW },
            { ...EMPTY, settings_hash: HASH_NO_REVENUE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('extraFields changed since the last run: every account re-read from the start, then the ids compared with what Nango holds; reread_active cleared after that', async () => {
        const nango = syncMock('accounts', MODEL);
        nango.getMetadata.mockResolvedValue({ ...METADATA, extraFields: { Account: ['Is_Enterprise__c'] } });
        // Nango holds the three accounts and A9, emptied from the Recycle Bin since (no query shows it any more)
        const listed = holds(nango, [A1, A2, A3, A9]);
        // the checkpoint of a run without extra fields, well into incremental runs
        const start = { ...BASE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true, reconciled_at: '2026-11-21T12:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', '/services/data/v66.0/query']);
        // the first-load SELECT: from the first record, live records only, with the new field
        expect(requests[2]?.q).toBe(`${SELECT}, Is_Enterprise__c, IsDeleted FROM Account WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`);
        // then the ids only, up to a day past the clock (a row changed during the re-read is among them), 2,000 a page
        expect(requests[3]?.q).toBe(ID_SOQL);
        expect(requests[3]?.headers).toEqual({ 'Sforce-Query-Options': 'batchSize=2000' });
        // the id read comes after the last save, and no trackDeletes window is opened any more
        expect(nango.proxy.mock.invocationCallOrder[3]).toBeGreaterThan(nango.batchSave.mock.invocationCallOrder.at(-1) ?? Infinity);
        expect(nango.trackDeletesStart).not.toHaveBeenCalled();
        expect(nango.trackDeletesEnd).not.toHaveBeenCalled();

        const expected = ((await nango.getBatchSaveData(MODEL)) as any[]).map((a, i) => ({ ...a, custom_fields: { Is_Enterprise__c: i === 0 } }));
        expect(saved(nango, MODEL)).toEqual(expected);
        expect(nango.listRecords).toHaveBeenCalledTimes(1);
        expect(nango.listRecords).toHaveBeenCalledWith(MODEL);
        // what Nango holds and the id read lacks: A9, deleted once the listing is done
        expect(nango.batchDelete.mock.calls).toEqual([[[{ id: A9 }], MODEL]]);
        expect(nango.batchDelete.mock.invocationCallOrder[0]).toBeGreaterThan(listed.mock.invocationCallOrder[0] ?? Infinity);

        expect(warnings(nango)).toEqual([
            'SalesforceAccount: what the sync selects changed since the last run (fields the user can read, extra fields, query or record format); re-reading every record, and removing those that no longer match at the end.'
        ]);
        expect(logged(nango)).toContain('SalesforceAccount: re-read done; 1 records that no longer match were removed (comparing 3 ids with the records Nango holds).');
        expect(logged(nango).at(-1)).toBe('SalesforceAccount: saved 3, deleted 1.');

        const reread = { ...EMPTY, settings_hash: HASH_ENTERPRISE, reread_active: true, reconciled_at: NOW };
        const loaded = { ...reread, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true };
        expect(checkpoints(nango)).toEqual([
            start,
            { ...reread, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3 },
            // loaded, the id comparison still owed
            loaded,
            { ...loaded, reread_active: false }
        ]);
        // reread_active is cleared only after the deletes
        expect(nango.saveCheckpoint.mock.invocationCallOrder.at(-1)).toBeGreaterThan(nango.batchDelete.mock.invocationCallOrder[0] ?? Infinity);
    });

    it('a first load that continues in a later run reads deletes (no IsDeleted = false): an account saved by the first run and deleted since is removed; reconciled_at stays at the load\'s start', async () => {
        const nango = syncMock('accounts', MODEL);
        // a first run at 08:00 saved its first page (A1, A2), then stopped at the API quota
        const start = { ...BASE, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: A2, reconciled_at: '2026-11-22T08:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll']);
        expect(requests[2]?.q).toBe(
            `${SELECT}, IsDeleted FROM Account WHERE ((SystemModstamp > 2026-11-20T08:15:00.000Z) OR ((SystemModstamp = 2026-11-20T08:15:00.000Z) AND (Id > '${A2}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`
        );
        expect(requests[2]?.q).not.toContain('IsDeleted = false');

        // A3 is new to Nango; A1 was deleted at 11:00 (its SystemModstamp moved past the cursor)
        expect(saved(nango, MODEL)).toEqual([((await nango.getBatchSaveData(MODEL)) as any[])[2]]);
        expect(nango.batchDelete.mock.calls).toEqual([[[{ id: A1 }], MODEL]]);
        expect(logged(nango).at(-1)).toBe('SalesforceAccount: saved 1, deleted 1.');
        // the delete log must reach back to the first run's start, not this run's
        expect(checkpoints(nango)).toEqual([
            start,
            { ...start, cursor_ts: '2026-11-22T11:00:00.000Z', cursor_id: A1 },
            { ...start, cursor_ts: '2026-11-22T11:00:00.000Z', cursor_id: A1, initial_load_done: true }
        ]);
    });

    it('a checkpoint saved before settings_hash existed (older record format) makes the next run re-read everything once', async () => {
        const nango = syncMock('accounts', MODEL);
        const { settings_hash: _hash, reread_active: _reread, ...older } = { ...EMPTY, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true, reconciled_at: '2026-11-21T12:00:00.000Z' };
        // and a key the checkpoint schema no longer has (records-by-soql's old query_hash): dropped
        await nango.saveCheckpoint({ ...older, query_hash: 'f'.repeat(32) });
        holds(nango, [A1, A2, A3]);
        await runSync(sync, nango);

        expect(sent(nango).map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2', '/services/data/v66.0/query']);
        expect(sent(nango)[2]?.q).toBe(FIRST_SOQL);
        // the re-read ends with the id comparison (Nango holds nothing more than the three accounts: nothing removed)
        expect(sent(nango)[4]?.q).toBe(ID_SOQL);
        expect(nango.listRecords).toHaveBeenCalledTimes(1);
        expect(nango.batchDelete).not.toHaveBeenCalled();
        expect(logged(nango)).toContain('SalesforceAccount: re-read done; 0 records that no longer match were removed (comparing 3 ids with the records Nango holds).');
        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        const loaded = { ...LOADING, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true };
        expect(checkpoints(nango).slice(-2)).toEqual([{ ...loaded, reread_active: true }, loaded]);
    });
});
