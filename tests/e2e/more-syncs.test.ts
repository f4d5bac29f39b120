/**
 * The events, opportunity-line-items and field-history syncs through their compiled bundles against the emulator:
 * full and incremental runs, archived events kept, deletes (also by cascade from the opportunity), typed history
 * values, one cursor per history object, and objects the org lacks skipped.
 */
import { describe, expect, it } from 'vitest';

import { RecordCache } from './runtime.js';
import { syncHarness } from './sync-harness.js';

const { start, sync, ids: live, emulator } = syncHarness({ seed: 5 });
/** History rows the API user can see: those about a field hidden from the user by field-level security are left out. */
const visible = (type: string): string[] => {
    const e = emulator();
    const def = e.org.schema.get(type);
    if (!def) return [];
    return e.org
        .list(type)
        .filter((r) => !e.org.schema.historyRowHidden(def, r))
        .map((r) => String(r['Id']))
        .sort();
};
const ids = (records: Array<{ id: string }> | undefined) => (records ?? []).map((r) => r.id).sort();
const HISTORY = ['AccountHistory', 'OpportunityFieldHistory', 'CaseHistory', 'ContactHistory', 'LeadHistory'];

describe('events', () => {
    it('saves every live event, archived ones too, with who/what types; later runs save changes and remove deletes', async () => {
        const e = await start({ volume: 120, pageSize: 200 });
        const events = live('Event');
        // three events archived (only queryAll returns them) must still be saved and never removed
        const archived = e.org.archive(events.slice(0, 3));
        expect(archived).toHaveLength(3);
        const cache = new RecordCache();
        const first = await sync('events', { cache });
        expect(ids(first.saved['SalesforceEvent'])).toEqual(live('Event').concat(archived).filter((v, i, a) => a.indexOf(v) === i).sort());
        const withWho = first.saved['SalesforceEvent']?.find((r) => r.who_id !== null);
        expect(withWho?.who_type).toMatch(/^(Contact|Lead)$/);
        const allDay = first.saved['SalesforceEvent']?.find((r) => r.is_all_day === true);
        expect(allDay).toMatchObject({ all_day_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
        expect((allDay?.duration_minutes ?? 0) % 1440).toBe(0);
        const occurrence = first.saved['SalesforceEvent']?.find((r) => r.recurrence_activity_id !== null);
        if (occurrence) expect(first.saved['SalesforceEvent']?.find((r) => r.id === occurrence.recurrence_activity_id)?.is_recurrence).toBe(true);

        const [changed, removed] = live('Event').slice(5, 7) as [string, string];
        e.org.update('Event', changed, { Subject: 'Moved to Friday', StartDateTime: '2026-11-27T09:00:00.000Z', EndDateTime: '2026-11-27T10:30:00.000Z' });
        e.org.delete('Event', removed);
        const second = await sync('events', { cache, checkpoint: first.checkpoint });
        expect(ids(second.saved['SalesforceEvent'])).toEqual([changed]);
        expect(second.saved['SalesforceEvent']?.[0]).toMatchObject({ subject: 'Moved to Friday', duration_minutes: 90, start_date_time: '2026-11-27T09:00:00.000Z' });
        expect(ids(second.deleted['SalesforceEvent'])).toEqual([removed]);
        // the archived events are still held
        for (const id of archived) expect(cache.records.get('SalesforceEvent')?.has(id)).toBe(true);
    });
});

describe('opportunity-line-items', () => {
    it('saves line items with product and price book entry names; deleting the opportunity removes its lines', async () => {
        const e = await start({ volume: 60 });
        const cache = new RecordCache();
        const first = await sync('opportunity-line-items', { cache });
        expect(ids(first.saved['SalesforceOpportunityLineItem'])).toEqual(live('OpportunityLineItem'));
        const line = first.saved['SalesforceOpportunityLineItem']?.[0];
        const rec = e.org.get(line.id);
        const product = e.org.get(String(rec?.['Product2Id']));
        expect(line).toMatchObject({ product_name: product?.['Name'], pricebook_entry_name: product?.['Name'], product_code: product?.['ProductCode'], quantity: rec?.['Quantity'], total_price: rec?.['TotalPrice'] });
        expect(line.pricebook_entry_id).toMatch(/^01u/);

        const opportunityId = String(rec?.['OpportunityId']);
        const lines = e.org.list('OpportunityLineItem').filter((r) => r['OpportunityId'] === opportunityId).map((r) => String(r['Id']));
        e.org.delete('Opportunity', opportunityId);
        const second = await sync('opportunity-line-items', { cache, checkpoint: first.checkpoint });
        expect(ids(second.deleted['SalesforceOpportunityLineItem'])).toEqual(lines.sort());
        expect([...(cache.records.get('SalesforceOpportunityLineItem')?.keys() ?? [])].sort()).toEqual(live('OpportunityLineItem'));
    });
});

describe('field-history', () => {
    it('saves the rows of every default history object, typed, with one cursor each; new changes come in the next run', async () => {
        const e = await start({ volume: 40 });
        const cache = new RecordCache();
        const first = await sync('field-history', { cache });
        const expected = HISTORY.flatMap((t) => visible(t)).sort();
        expect(ids(first.saved['SalesforceFieldHistory'])).toEqual(expected);
        const rows = first.saved['SalesforceFieldHistory'] ?? [];
        expect(new Set(rows.map((r) => r.history_object))).toEqual(new Set(HISTORY));
        const amount = rows.find((r) => r.history_object === 'OpportunityFieldHistory' && r.field === 'Amount');
        if (amount) expect(typeof amount.new_value === 'number' || amount.new_value === null).toBe(true);
        const owner = rows.find((r) => r.data_type === 'EntityId');
        expect(owner).toMatchObject({ value_type: 'id' });
        const states = JSON.parse(String(first.checkpoint?.['objects'])) as Record<string, { initial_load_done: boolean }>;
        expect(Object.keys(states).sort()).toEqual([...HISTORY].sort());
        for (const state of Object.values(states)) expect(state.initial_load_done).toBe(true);

        // an update through the API writes history rows; the next run saves exactly those
        const opportunity = live('Opportunity')[0] as string;
        e.org.update('Opportunity', opportunity, { Amount: 424242, CloseDate: '2027-01-15' });
        const account = live('Account')[0] as string;
        e.org.update('Account', account, { Industry: 'Energy', Rating: 'Hot' });
        const before = new Set(expected);
        const added = HISTORY.flatMap((t) => visible(t)).filter((id) => !before.has(id)).sort();
        expect(added.length).toBeGreaterThan(0);
        const second = await sync('field-history', { cache, checkpoint: first.checkpoint });
        expect(ids(second.saved['SalesforceFieldHistory'])).toEqual(added);
        const amountRow = second.saved['SalesforceFieldHistory']?.find((r) => r.field === 'Amount');
        expect(amountRow).toMatchObject({ history_object: 'OpportunityFieldHistory', parent_object: 'Opportunity', parent_id: opportunity, value_type: 'number', new_value: 424242 });
        const closeRow = second.saved['SalesforceFieldHistory']?.find((r) => r.field === 'CloseDate');
        expect(closeRow).toMatchObject({ value_type: 'date', new_value: '2027-01-15' });
    });

    it('deleting a parent deletes its history: the rows are removed by the reconciliation through getDeleted', async () => {
        const e = await start({ volume: 30 });
        const cache = new RecordCache();
        const metadata = { fieldHistoryObjects: ['AccountHistory'] };
        const first = await sync('field-history', { cache, metadata });
        const account = String(e.org.list('AccountHistory')[0]?.['AccountId']);
        const rows = visible('AccountHistory').filter((id) => e.org.get(id)?.['AccountId'] === account);
        expect(rows.length).toBeGreaterThan(0);
        // five minutes ago: getDeleted covers whole minutes up to the run's upper bound
        e.org.delete('Account', account, { at: Date.now() - 5 * 60_000 });
        // the reconciliation is due when the last one is a day old or more; make it due now
        const states = JSON.parse(String(first.checkpoint?.['objects'])) as Record<string, Record<string, unknown>>;
        states['AccountHistory'] = { ...states['AccountHistory'], reconciled_at: new Date(Date.now() - 2 * 86_400_000).toISOString() };
        const second = await sync('field-history', { cache, metadata: { ...metadata, reconcileEveryDays: 1 }, checkpoint: { objects: JSON.stringify(states) } });
        expect(ids(second.deleted['SalesforceFieldHistory'])).toEqual(rows.sort());
        expect([...(cache.records.get('SalesforceFieldHistory')?.keys() ?? [])].sort()).toEqual(visible('AccountHistory'));
    });

    it('skips a history object the org lacks with one warning and syncs the others', async () => {
        await start({ volume: 20 });
        const result = await sync('field-history', { metadata: { fieldHistoryObjects: ['Invoice__History', 'LeadHistory'] } });
        expect(ids(result.saved['SalesforceFieldHistory'])).toEqual(visible('LeadHistory'));
        expect(result.logs.filter((l) => l.includes('skipped Invoice__History'))).toHaveLength(1);
    });

    it('refuses a metadata entry that is not a history object before any call', async () => {
        const e = await start({ volume: 5 });
        e.resetStats();
        const { runFunction } = await import('./runtime.js');
        const result = await runFunction('field-history', { hostport: e.url, connectionId: e.connectionId, metadata: { fieldHistoryObjects: ['Account'] } });
        expect(result.error?.message ?? JSON.stringify(result.error)).toContain('fieldHistoryObjects[0]');
        expect(Object.keys(e.stats().byEndpoint).filter((k) => k.includes('/sobjects/'))).toEqual([]);
    });
});
