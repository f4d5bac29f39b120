import { describe, expect, it } from 'vitest';

import { hiddenFieldsWarning } from '../lib/metadata/fields.js';
import sync from '../syncs/opportunity-line-items.js';
import { EMPTY, NOW, UPDATED_WINDOW, answer, changeDescribe, checkpoints, deleted, describePath, failureOf, fixture, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

// The fixture was recorded from the emulator at NOW (seed 7: two opportunities, four lines, query pages of three) and
// checked by eye. Before the incremental run one line's quantity went from 7 to 15 (11:30) and the opportunity holding
// the other three lines was deleted (11:40), which deletes its lines with it.
const MODEL = 'SalesforceOpportunityLineItem';
const OPPORTUNITY_DELETED = '006Em00000000GAIAY';
/** The lines of the deleted opportunity. */
const L1 = '00kEm00000000G9IAI';
const L2 = '00kEm00000000GAIAY';
const L3 = '00kEm00000000GCIAY';
/** The line of the other opportunity, whose quantity changed. */
const CHANGED = '00kEm00000000GBIAY';
const SELECT =
    'SELECT Id, SystemModstamp, OpportunityId, Name, Product2Id, Product2.Name, ProductCode, PricebookEntryId, PricebookEntry.Name, Quantity, UnitPrice, ListPrice, Subtotal, TotalPrice, Discount, ServiceDate, Description, SortOrder, CreatedDate, LastModifiedDate, IsDeleted FROM OpportunityLineItem';
const FIRST_SOQL = `${SELECT} WHERE (IsDeleted = false) AND (SystemModstamp <= ${NOW}) ORDER BY SystemModstamp ASC, Id ASC`;
/** The settings signature of this SELECT (read from a run). */
const HASH = '47424ba5a28701eb17e974c67cdeb7ea';
const BASE = { ...EMPTY, settings_hash: HASH };
const AFTER_FIRST = { ...BASE, cursor_ts: '2026-11-18T00:07:11.000Z', cursor_id: L2, initial_load_done: true, reconciled_at: NOW };
/**
 * Every run describes OpportunityLineItem and PricebookEntry (PricebookEntry.Name is read through the lookup: the
 * describe says whether the user can read it; Product2 is a known Name object), then asks getUpdated.
 */
const FIRST_CALLS = [describePath('OpportunityLineItem'), describePath('PricebookEntry'), updatedPath('OpportunityLineItem')];

describe('salesforce opportunity-line-items sync', () => {
    useFrozenClock();

    it('first run: two pages of lines through queryAll, with product and price book entry names from their lookups, amounts as numbers, a checkpoint per page', async () => {
        const nango = syncMock('opportunity-line-items', MODEL);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gEm00000000G9IAI-3']);
        expect(requests[2]?.params).toEqual(UPDATED_WINDOW);
        expect(requests[3]?.q).toBe(FIRST_SOQL);
        expect(warnings(nango)).toEqual([]);

        const lines = saved(nango, MODEL);
        expect(lines).toEqual(await nango.getBatchSaveData(MODEL));
        expect(nango.batchSave.mock.calls.map((call) => (call[0] as unknown[]).length)).toEqual([3, 1]);
        expect(nango.batchDelete).not.toHaveBeenCalled();
        // nested Product2.Name and PricebookEntry.Name flattened; Discount 10 is a percent; a null discount stays null
        expect(lines.find((l) => l.id === CHANGED)).toMatchObject({
            opportunity_id: '006Em00000000G9IAI',
            product_id: '01tEm00000000GAIAY',
            product_name: 'Edge Suite 2',
            pricebook_entry_id: '01uEm00000000GBIAY',
            pricebook_entry_name: 'Edge Suite 2',
            product_code: 'PRD-0002',
            quantity: 7,
            unit_price: 2600,
            subtotal: 18200,
            total_price: 16380,
            discount_percent: 10,
            service_date: '2026-06-22'
        });
        expect(lines.find((l) => l.id === L3)).toMatchObject({ product_name: 'Gen Sensor 1', discount_percent: null, total_price: 140125, sort_order: 3 });

        expect(checkpoints(nango)).toEqual([
            { ...BASE, cursor_ts: '2026-11-14T21:40:37.000Z', cursor_id: L1, reconciled_at: NOW },
            { ...BASE, cursor_ts: '2026-11-18T00:07:11.000Z', cursor_id: L2, reconciled_at: NOW },
            AFTER_FIRST
        ]);
    });

    it('incremental run: the changed line saved; the lines deleted with their opportunity come back through queryAll as deleted and are removed', async () => {
        const nango = syncMock('opportunity-line-items', MODEL);
        await nango.saveCheckpoint(AFTER_FIRST);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([...FIRST_CALLS, '/services/data/v66.0/queryAll', '/services/data/v66.0/query/01gEm00000000GAIAY-3']);
        expect(requests[3]?.q).toBe(
            `${SELECT} WHERE ((SystemModstamp > 2026-11-18T00:07:11.000Z) OR ((SystemModstamp = 2026-11-18T00:07:11.000Z) AND (Id > '${L2}'))) AND (SystemModstamp <= ${NOW}) ORDER BY SystemModstamp ASC, Id ASC`
        );

        const before = ((await nango.getBatchSaveData(MODEL)) as any[]).find((l) => l.id === CHANGED);
        expect(saved(nango, MODEL)).toEqual([
            { ...before, quantity: 15, subtotal: 39000, total_price: 35100, last_modified_date: '2026-11-22T11:30:00.000Z', system_modstamp: '2026-11-22T11:30:00.000Z' }
        ]);
        // the cascade: every line of the deleted opportunity, and only those, removed by id
        const firstLoad = (await nango.getBatchSaveData(MODEL)) as any[];
        expect(firstLoad.filter((l) => l.opportunity_id === OPPORTUNITY_DELETED).map((l) => l.id).sort()).toEqual([L1, L2, L3]);
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        expect(deleted(nango, MODEL)).toEqual([{ id: L1 }, { id: L2 }, { id: L3 }]);
        expect(checkpoints(nango)).toEqual([
            AFTER_FIRST,
            { ...AFTER_FIRST, cursor_ts: '2026-11-22T11:40:00.000Z', cursor_id: L2 },
            { ...AFTER_FIRST, cursor_ts: '2026-11-22T11:40:00.000Z', cursor_id: L3 }
        ]);
    });

    it('a price book entry Name the user cannot read: PricebookEntry.Name left out of the SELECT, pricebook_entry_name null, one warning; the product name still read', async () => {
        const nango = syncMock('opportunity-line-items', MODEL);
        changeDescribe(nango, 'PricebookEntry', { hide: ['Name'] });
        const api = fixture('opportunity-line-items').api.get;
        const strip = (page: { records: Array<Record<string, unknown>> }) => ({ ...page, records: page.records.map(({ PricebookEntry: _hidden, ...rest }) => rest) });
        // the org answers the narrower SELECT (both pages) with the fixture's rows less the nested price book entry
        answer(nango, '/services/data/v66.0/queryAll', async (config) => {
            expect(config['params'].q).toBe(FIRST_SOQL.replace(' PricebookEntry.Name,', ''));
            return { status: 200, data: strip(api['services/data/v66.0/queryAll'][0].response) };
        });
        answer(nango, '/services/data/v66.0/query/01gEm00000000G9IAI-3', { status: 200, data: strip(api['services/data/v66.0/query/01gEm00000000G9IAI-3'][0].response) });
        await runSync(sync, nango);

        expect(warnings(nango)).toEqual([hiddenFieldsWarning(MODEL, 'OpportunityLineItem', ['PricebookEntry.Name'])]);
        const expected = ((await nango.getBatchSaveData(MODEL)) as any[]).map((l) => ({ ...l, pricebook_entry_name: null }));
        expect(saved(nango, MODEL)).toEqual(expected);
        expect(expected.every((l) => typeof l.product_name === 'string' && l.pricebook_entry_id.startsWith('01u'))).toBe(true);
    });

    it('a user without access to OpportunityLineItem (describe 404 NOT_FOUND) fails the run before any query and saves nothing', async () => {
        const nango = syncMock('opportunity-line-items', MODEL);
        changeDescribe(nango, 'OpportunityLineItem', { answer: { status: 404, data: [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }] } });
        const error = await failureOf(runSync(sync, nango));

        expect(error).toBeInstanceOf(Error);
        expect(error.message).toContain('OpportunityLineItem');
        expect(error.payload).toMatchObject({ errorCode: 'NOT_FOUND', status: 404 });
        expect(sent(nango).filter((r) => r.endpoint.includes('/query'))).toEqual([]);
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(nango.saveCheckpoint).not.toHaveBeenCalled();
    });
});
