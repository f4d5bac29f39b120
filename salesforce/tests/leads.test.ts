import { describe, expect, it } from 'vitest';

import { hiddenFieldsWarning } from '../lib/metadata/fields.js';
import sync from '../syncs/leads.js';
import { EMPTY, NOW, UPDATED_WINDOW, changeDescribe, checkpoints, deleted, describePath, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

const MODEL = 'SalesforceLead';
const L1 = '00QRO00000LdAa1YAF';
const L2 = '00QRO00000LdAb2YAF';
const L3 = '00QRO00000LdAc3YAF';
const SELECT =
    'SELECT Id, SystemModstamp, FirstName, LastName, Name, Company, Title, Email, Phone, Website, Industry, Status, LeadSource, Description, Street, City, State, PostalCode, Country, OwnerId, IsConverted, ConvertedDate, ConvertedAccountId, ConvertedContactId, ConvertedOpportunityId, CreatedDate, LastModifiedDate';
/** The fixture's org has multi-currency: its Lead describe has CurrencyIsoCode, which the sync reads last. */
const FIRST_SOQL = `${SELECT}, CurrencyIsoCode, IsDeleted FROM Lead WHERE (IsDeleted = false) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`;
const BATCH_HEADER = { 'Sforce-Query-Options': 'batchSize=200' };
/** Settings signatures read from runs: the fixture's SELECT, without Title, without CurrencyIsoCode. */
const HASH = '6dd3ea7df310962ced9b8d8ce06ccd61';
const HASH_NO_TITLE = '47ab7aa6bac59086aaf4e97f3f9c5a3d';
const HASH_SINGLE_CURRENCY = 'aea988b9cc0da87267a50bfdcbf8360f';
const BASE = { ...EMPTY, settings_hash: HASH };
/** Every run describes Lead, then asks getUpdated how far Lead changes are committed. */
const FIRST_CALLS = [describePath('Lead'), updatedPath('Lead')];

describe('salesforce leads sync', () => {
    useFrozenClock();

    it('first run: live leads through queryAll in two pages, typed and mapped with each lead\'s currency, a converted lead saved with its converted ids, checkpoints after each page', async () => {
        const nango = syncMock('leads', MODEL);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gRO0000016PIAYA2-2']);
        expect(requests[1]?.params).toEqual(UPDATED_WINDOW);
        expect(requests[2]?.q).toBe(FIRST_SOQL);
        expect(requests.map((r) => r.headers)).toEqual([undefined, undefined, BATCH_HEADER, BATCH_HEADER]);
        expect(warnings(nango)).toEqual([]);

        const leads = saved(nango, MODEL);
        expect(leads).toEqual(await nango.getBatchSaveData(MODEL));
        expect(nango.batchSave).toHaveBeenCalledTimes(2);
        expect(nango.batchDelete).not.toHaveBeenCalled();
        expect(leads.map((l) => l.currency_iso_code)).toEqual(['GBP', 'USD', 'JPY']);
        // a converted lead is a record like any other (IsConverted is no filter): kept, with what it became
        expect(leads[1]).toMatchObject({
            id: L2,
            status: 'Closed - Converted',
            is_converted: true,
            converted_date: '2026-11-20',
            converted_account_id: '001RO00000LxAa1YAF',
            converted_contact_id: '003RO00000CoNa1YAF',
            converted_opportunity_id: '006RO00000OpZa1YAF'
        });
        // a queue owner's id as it is; empty strings null; the booleans typed; date-times end in Z
        expect(leads[0]).toMatchObject({ owner_id: '00GRO00000QuLa1YAF', is_converted: false, converted_date: null, address: { street: "12 St James's Square", city: 'London', state: null, postal_code: 'SW1Y 4JH', country: 'United Kingdom' } });
        expect(leads[2]).toMatchObject({ first_name: null, title: null, email: null, system_modstamp: '2026-11-21T09:30:00.000Z' });

        // L1 and L2 share a SystemModstamp: the first page ends at the larger Id
        expect(checkpoints(nango)).toEqual([
            { ...BASE, cursor_ts: '2026-11-20T08:15:00.000Z', cursor_id: L2, reconciled_at: NOW },
            { ...BASE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: L3, reconciled_at: NOW },
            { ...BASE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: L3, initial_load_done: true, reconciled_at: NOW }
        ]);
    });

    it('incremental run: a lead converted since the last run is saved again with is_converted true, a deleted lead removed by id', async () => {
        const nango = syncMock('leads', MODEL);
        const start = { ...BASE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: L3, initial_load_done: true, reconciled_at: '2026-11-21T12:00:00.000Z' };
        await nango.saveCheckpoint(start);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll']);
        expect(requests[2]?.q).toBe(
            `${SELECT}, CurrencyIsoCode, IsDeleted FROM Lead WHERE ((SystemModstamp > 2026-11-21T09:30:00.000Z) OR ((SystemModstamp = 2026-11-21T09:30:00.000Z) AND (Id > '${L3}'))) AND (SystemModstamp <= 2026-11-22T12:00:00.000Z) ORDER BY SystemModstamp ASC, Id ASC`
        );

        const before = ((await nango.getBatchSaveData(MODEL)) as any[])[0];
        expect(saved(nango, MODEL)).toEqual([
            {
                ...before,
                status: 'Closed - Converted',
                owner_id: '005RO00000UsRb2YAF',
                is_converted: true,
                converted_date: '2026-11-22',
                converted_account_id: '001RO00000LxAd4YAF',
                converted_contact_id: '003RO00000CoNb2YAF',
                converted_opportunity_id: null,
                last_modified_date: '2026-11-22T10:00:00.000Z',
                system_modstamp: '2026-11-22T10:00:00.000Z'
            }
        ]);
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        expect(deleted(nango, MODEL)).toEqual([{ id: L3 }]);
        expect(checkpoints(nango)).toEqual([start, { ...start, cursor_ts: '2026-11-22T10:00:00.000Z', cursor_id: L1 }]);
    });

    it('a model field hidden by field-level security (Title not in the describe) is not selected and is synced as null, with one warning', async () => {
        const nango = syncMock('leads', MODEL);
        changeDescribe(nango, 'Lead', { hide: ['Title'] });
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll']);
        expect(requests[2]?.q).toBe(FIRST_SOQL.replace(' Title,', ''));
        expect(requests[2]?.q).not.toMatch(/\bTitle\b/);

        const expected = ((await nango.getBatchSaveData(MODEL)) as any[]).map((l) => ({ ...l, title: null }));
        expect(saved(nango, MODEL)).toEqual(expected);
        expect(warnings(nango)).toEqual([hiddenFieldsWarning(MODEL, 'Lead', ['Title'])]);
        expect(warnings(nango)[0]).toContain('SalesforceLead: the connected user cannot read Lead.Title (field-level security, or no such field); they are synced as null.');
        expect(checkpoints(nango).at(-1)).toEqual({ ...EMPTY, settings_hash: HASH_NO_TITLE, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: L3, initial_load_done: true, reconciled_at: NOW });
    });

    it('a single-currency org (no CurrencyIsoCode on Lead): the field is not selected, currency_iso_code is null, and that is no warning', async () => {
        const nango = syncMock('leads', MODEL);
        changeDescribe(nango, 'Lead', { hide: ['CurrencyIsoCode'] });
        await runSync(sync, nango);

        expect(sent(nango)[2]?.q).toBe(FIRST_SOQL.replace(', CurrencyIsoCode', ''));
        const expected = ((await nango.getBatchSaveData(MODEL)) as any[]).map((l) => ({ ...l, currency_iso_code: null }));
        expect(saved(nango, MODEL)).toEqual(expected);
        expect(warnings(nango)).toEqual([]);
        expect(checkpoints(nango).at(-1)).toEqual({ ...EMPTY, settings_hash: HASH_SINGLE_CURRENCY, cursor_ts: '2026-11-21T09:30:00.000Z', cursor_id: L3, initial_load_done: true, reconciled_at: NOW });
    });
});
