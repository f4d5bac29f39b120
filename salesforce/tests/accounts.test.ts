import { describe, expect, it } from 'vitest';

import { hiddenFieldsWarning } from '../lib/metadata/fields.js';
import sync from '../syncs/accounts.js';
import { EMPTY, NOW, UPDATED_WINDOW, answer, changeDescribe, checkpoints, deleted, describePath, logged, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

const MODEL = 'SalesforceAccount';
const A1 = '001RO00000LxAa1YAF';
const A2 = '001RO00000LxAb2YAF';
const A3 = '001RO00000LxAc3YAF';
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

        // the first run ever stores the signature without re-reading anything
        expect(nango.trackDeletesStart).not.toHaveBeenCalled();
        expect(checkpoints(nango)).toEqual([
            { ...BASE, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: A2 },
            { ...BASE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3 },
            { ...BASE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true, reconciled_at: NOW }
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
        expect(nango.trackDeletesStart).not.toHaveBeenCalled();

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
            { ...EMPTY, settings_hash: HASH_NO_REVENUE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3 },
            { ...EMPTY, settings_hash: HASH_NO_REVENUE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('extraFields changed since the last run: every account re-read from the start inside trackDeletesStart/End, then reread_active cleared', async () => {
        const nango = syncMock('accounts', MODEL);
        nango.getMetadata.mockResolvedValue({ ...METADATA, extraFields: { Account: ['Is_Enterprise__c'] } });
        // the checkpoint of a run without extra fields, well into incremental runs
        const start = { ...BASE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true, reconciled_at: '2026-11-21T12:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll']);
        // the first-load SELECT: from the first record, live records only, with the new field
        expect(requests[2]?.q).toBe(`${SELECT}, Is_Enterprise__c, IsDeleted FROM Account WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`);

        const expected = ((await nango.getBatchSaveData(MODEL)) as any[]).map((a, i) => ({ ...a, custom_fields: { Is_Enterprise__c: i === 0 } }));
        expect(saved(nango, MODEL)).toEqual(expected);
        expect(nango.batchDelete).not.toHaveBeenCalled();

        // the window opens after the describe and getUpdated and before the query, and closes after the last save
        expect(nango.trackDeletesStart).toHaveBeenCalledTimes(1);
        expect(nango.trackDeletesStart).toHaveBeenCalledWith(MODEL);
        expect(nango.trackDeletesStart.mock.invocationCallOrder[0]).toBeGreaterThan(nango.proxy.mock.invocationCallOrder[1] ?? Infinity);
        expect(nango.trackDeletesStart.mock.invocationCallOrder[0]).toBeLessThan(nango.proxy.mock.invocationCallOrder[2] ?? 0);
        expect(nango.trackDeletesEnd).toHaveBeenCalledTimes(1);
        expect(nango.trackDeletesEnd).toHaveBeenCalledWith(MODEL);
        expect(nango.trackDeletesEnd.mock.invocationCallOrder[0]).toBeGreaterThan(nango.batchSave.mock.invocationCallOrder.at(-1) ?? Infinity);

        expect(warnings(nango)).toEqual([
            'SalesforceAccount: what the sync selects changed since the last run (fields the user can read, extra fields, query or record format); re-reading every record, and removing those that no longer match at the end.'
        ]);
        expect(logged(nango)).toContain('SalesforceAccount: re-read done; 1 records that no longer match were removed.');

        const reread = { ...EMPTY, settings_hash: HASH_ENTERPRISE, reread_active: true };
        expect(checkpoints(nango)).toEqual([
            start,
            { ...reread, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3 },
            { ...reread, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true, reconciled_at: NOW, reread_active: false }
        ]);
    });

    it('a checkpoint saved before settings_hash existed (older record format) makes the next run re-read everything once', async () => {
        const nango = syncMock('accounts', MODEL);
        const { settings_hash: _hash, reread_active: _reread, ...older } = { ...EMPTY, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true, reconciled_at: '2026-11-21T12:00:00.000Z' };
        // and a key the checkpoint schema no longer has (records-by-soql's old query_hash): dropped
        await nango.saveCheckpoint({ ...older, query_hash: 'f'.repeat(32) });
        await runSync(sync, nango);

        expect(sent(nango)[2]?.q).toBe(FIRST_SOQL);
        expect(nango.trackDeletesStart).toHaveBeenCalledTimes(1);
        expect(nango.trackDeletesEnd).toHaveBeenCalledTimes(1);
        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(checkpoints(nango).at(-1)).toEqual({ ...BASE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: A3, initial_load_done: true, reconciled_at: NOW });
    });
});
