import { describe, expect, it } from 'vitest';

import sync from '../syncs/field-history.js';
import { EMPTY, NOW, UPDATED_WINDOW, answer, changeDescribe, checkpoints, deleted, describePath, failureOf, fixture, logged, runSync, saved, sent, syncMock, updatedPath, useFrozenClock, warnings } from './sync-helpers.js';

// The fixture was recorded from the emulator at NOW and checked by eye: two accounts and two opportunities whose
// tracked fields were changed through the API 7 to 9 days before (the history rows), fieldHistoryObjects naming
// AccountHistory, OpportunityFieldHistory and Invoice__History (no such object: its describe answers 404). Before the
// incremental run an account's Industry and an opportunity's Amount and CloseDate changed (11:30); before the
// reconciliation run the other account was deleted (11:55), its two history rows with it.
const MODEL = 'SalesforceFieldHistory';
/** The history rows of the account deleted before the reconciliation run. */
const NAME_ROW = '017Em00000000GFIAY';
const RATING_ROW = '017Em00000000GGIAY';
const SELECT = (parentField: string, object: string): string => `SELECT Id, CreatedDate, ${parentField}, Field, DataType, OldValue, NewValue, CreatedById, IsDeleted FROM ${object}`;
const firstSoql = (parentField: string, object: string): string => `${SELECT(parentField, object)} WHERE (IsDeleted = false) AND (CreatedDate <= ${NOW}) ORDER BY CreatedDate ASC, Id ASC`;
const keysetSoql = (parentField: string, object: string, ts: string, id: string): string =>
    `${SELECT(parentField, object)} WHERE ((CreatedDate > ${ts}) OR ((CreatedDate = ${ts}) AND (Id > '${id}'))) AND (CreatedDate <= ${NOW}) ORDER BY CreatedDate ASC, Id ASC`;
/** The settings signatures of the two SELECTs (read from a run). */
const ACCOUNT_HASH = '8670ce7f6fbd63de5111955c3ef21d82';
const OPPORTUNITY_HASH = '6dbba14ad9ebee12a6a881f6aa4e2cc5';
const ACCOUNT_AFTER_FIRST = { ...EMPTY, settings_hash: ACCOUNT_HASH, cursor_ts: '2026-11-13T12:00:00.000Z', cursor_id: RATING_ROW, initial_load_done: true, reconciled_at: NOW };
const OPPORTUNITY_AFTER_FIRST = { ...EMPTY, settings_hash: OPPORTUNITY_HASH, cursor_ts: '2026-11-15T12:00:00.000Z', cursor_id: '017Em00000000GKIAY', initial_load_done: true, reconciled_at: NOW };
const ACCOUNT_AFTER_SECOND = { ...ACCOUNT_AFTER_FIRST, cursor_ts: '2026-11-22T11:30:00.000Z', cursor_id: '017Em00000000GNIAY' };
/** Per history object: its describe (which the engine's run preparation reuses), its parent's describe (value types), getUpdated. */
const objectCalls = (object: string, parent: string): string[] => [describePath(object), describePath(parent), updatedPath(object)];
const states = (checkpoint: { objects: string } | undefined): Record<string, unknown> => JSON.parse(checkpoint?.objects ?? '{}');
const NOT_FOUND = { status: 404, data: [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }] };

describe('salesforce field-history sync', () => {
    useFrozenClock();

    it('first run: each history object read through queryAll on its own CreatedDate cursor, values typed by DataType, the missing object skipped with one warning', async () => {
        const nango = syncMock('field-history', MODEL);
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([
            ...objectCalls('AccountHistory', 'Account'),
            '/services/data/v66.0/queryAll',
            ...objectCalls('OpportunityFieldHistory', 'Opportunity'),
            '/services/data/v66.0/queryAll',
            '/services/data/v66.0/query/01gEm00000000GAIAY-3',
            describePath('Invoice__History')
        ]);
        expect(requests[2]?.params).toEqual(UPDATED_WINDOW);
        // history rows never change and have no SystemModstamp: the cursor is CreatedDate
        expect(requests[3]?.q).toBe(firstSoql('AccountId', 'AccountHistory'));
        expect(requests[7]?.q).toBe(firstSoql('OpportunityId', 'OpportunityFieldHistory'));

        const rows = saved(nango, MODEL);
        expect(rows).toEqual(await nango.getBatchSaveData(MODEL));
        expect(nango.batchSave.mock.calls.map((call) => (call[0] as unknown[]).length)).toEqual([2, 3, 1]);
        expect(nango.batchDelete).not.toHaveBeenCalled();
        const byId = (id: string) => rows.find((r) => r.id === id);
        // Text and DynamicEnum as strings; the account's Name is "TextName" in history
        expect(byId(NAME_ROW)).toMatchObject({ history_object: 'AccountHistory', parent_object: 'Account', parent_id: '001Em00000000GAIAY', field: 'TextName', value_type: 'string', new_value: 'Initech Holdings' });
        // Percent and Currency as numbers, a cleared amount null; DateOnly as YYYY-MM-DD
        expect(byId('017Em00000000GIIAY')).toMatchObject({ field: 'Probability', data_type: 'Percent', value_type: 'number', old_value: 20, new_value: 90 });
        expect(byId('017Em00000000GJIAY')).toMatchObject({ field: 'Amount', data_type: 'Currency', value_type: 'number', old_value: 814000, new_value: null });
        expect(byId('017Em00000000GKIAY')).toMatchObject({ field: 'CloseDate', data_type: 'DateOnly', value_type: 'date', old_value: '2026-09-26', new_value: '2026-12-31', parent_object: 'Opportunity' });

        expect(warnings(nango)).toEqual(['SalesforceFieldHistory: skipped Invoice__History: not a field history object of this org.']);
        // one checkpoint string holding one engine checkpoint per object, each on its own cursor
        expect(states(checkpoints(nango).at(-1))).toEqual({ AccountHistory: ACCOUNT_AFTER_FIRST, OpportunityFieldHistory: OPPORTUNITY_AFTER_FIRST });
        expect(checkpoints(nango).every((c) => Object.keys(c).join() === 'objects')).toBe(true);
    });

    it('incremental run: each object continues from its own cursor; the new rows saved typed, nothing removed', async () => {
        const nango = syncMock('field-history', MODEL);
        await nango.saveCheckpoint({ objects: JSON.stringify({ AccountHistory: ACCOUNT_AFTER_FIRST, OpportunityFieldHistory: OPPORTUNITY_AFTER_FIRST }) });
        await runSync(sync, nango);

        const queries = sent(nango).filter((r) => r.endpoint.endsWith('/queryAll')).map((r) => r.q);
        expect(queries).toEqual([
            keysetSoql('AccountId', 'AccountHistory', '2026-11-13T12:00:00.000Z', RATING_ROW),
            keysetSoql('OpportunityId', 'OpportunityFieldHistory', '2026-11-15T12:00:00.000Z', '017Em00000000GKIAY')
        ]);
        expect(saved(nango, MODEL)).toEqual([
            { id: '017Em00000000GNIAY', history_object: 'AccountHistory', parent_object: 'Account', parent_id: '001Em00000000G9IAI', field: 'Industry', data_type: 'DynamicEnum', value_type: 'string', old_value: 'Technology', new_value: 'Energy', created_by_id: '005Em00000000G9IAI', created_date: '2026-11-22T11:30:00.000Z' },
            { id: '017Em00000000GLIAY', history_object: 'OpportunityFieldHistory', parent_object: 'Opportunity', parent_id: '006Em00000000G9IAI', field: 'Amount', data_type: 'Currency', value_type: 'number', old_value: 717000, new_value: 424242, created_by_id: '005Em00000000G9IAI', created_date: '2026-11-22T11:30:00.000Z' },
            { id: '017Em00000000GMIAY', history_object: 'OpportunityFieldHistory', parent_object: 'Opportunity', parent_id: '006Em00000000G9IAI', field: 'CloseDate', data_type: 'DateOnly', value_type: 'date', old_value: '2027-03-13', new_value: '2027-01-15', created_by_id: '005Em00000000G9IAI', created_date: '2026-11-22T11:30:00.000Z' }
        ]);
        expect(nango.batchDelete).not.toHaveBeenCalled();
        expect(states(checkpoints(nango).at(-1))).toEqual({
            AccountHistory: ACCOUNT_AFTER_SECOND,
            OpportunityFieldHistory: { ...OPPORTUNITY_AFTER_FIRST, cursor_ts: '2026-11-22T11:30:00.000Z', cursor_id: '017Em00000000GMIAY' }
        });
    });

    it('rows are removed only when their parent is deleted: the reconciliation reads the history object\'s delete log and removes exactly those rows', async () => {
        const nango = syncMock('field-history', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 1, fieldHistoryObjects: ['AccountHistory'] });
        const start = { ...ACCOUNT_AFTER_SECOND, reconciled_at: '2026-11-20T12:00:00.000Z' };
        // the listed rows are looked up (is any live again?): none is
        answer(nango, '/services/data/v66.0/query', { status: 200, data: { totalSize: 0, done: true, records: [] } });
        await nango.saveCheckpoint({ objects: JSON.stringify({ AccountHistory: start }) });
        await runSync(sync, nango);

        const requests = sent(nango);
        expect(requests.map((r) => r.endpoint)).toEqual([
            ...objectCalls('AccountHistory', 'Account'),
            '/services/data/v66.0/queryAll',
            '/services/data/v66.0/sobjects/AccountHistory/deleted/',
            '/services/data/v66.0/query'
        ]);
        expect(requests[5]?.q).toBe(`SELECT Id FROM AccountHistory WHERE Id IN ('${NAME_ROW}', '${RATING_ROW}')`);
        // the keyset on CreatedDate never sees a deleted row again (its CreatedDate is old): the delete log does
        expect(requests[3]?.q).toBe(keysetSoql('AccountId', 'AccountHistory', '2026-11-22T11:30:00.000Z', '017Em00000000GNIAY'));
        expect(requests[4]?.params).toEqual({ start: '2026-11-20T11:59:00+00:00', end: '2026-11-22T12:00:00+00:00' });
        expect(deleted(nango, MODEL)).toEqual(await nango.getBatchDeleteData(MODEL));
        expect(deleted(nango, MODEL)).toEqual([{ id: NAME_ROW }, { id: RATING_ROW }]);
        expect(nango.batchSave).not.toHaveBeenCalled();
        expect(logged(nango)).toContain('SalesforceFieldHistory: reconciliation done through the delete log (getDeleted); 2 records no longer in Salesforce were removed.');
        expect(states(checkpoints(nango).at(-1))).toEqual({ AccountHistory: { ...start, reconciled_at: NOW } });
    });

    it('the default objects: those the org lacks (describe 404 NOT_FOUND) are skipped, all named in one warning, and the others synced', async () => {
        const nango = syncMock('field-history', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0 });
        for (const object of ['CaseHistory', 'ContactHistory', 'LeadHistory']) answer(nango, describePath(object), NOT_FOUND);
        await runSync(sync, nango);

        expect(sent(nango).filter((r) => r.endpoint.endsWith('/describe')).map((r) => r.endpoint)).toEqual([
            ...objectCalls('AccountHistory', 'Account').slice(0, 2),
            ...objectCalls('OpportunityFieldHistory', 'Opportunity').slice(0, 2),
            describePath('CaseHistory'),
            describePath('ContactHistory'),
            describePath('LeadHistory')
        ]);
        expect(warnings(nango)).toEqual(['SalesforceFieldHistory: skipped CaseHistory, ContactHistory, LeadHistory: not in this org (field history tracking off for the object, or the object absent).']);
        expect(saved(nango, MODEL)).toEqual(await nango.getBatchSaveData(MODEL));
        expect(Object.keys(states(checkpoints(nango).at(-1)))).toEqual(['AccountHistory', 'OpportunityFieldHistory']);
    });

    it('without DataType (not in the history describe) values are typed by the parent field\'s describe type', async () => {
        const nango = syncMock('field-history', MODEL);
        nango.getMetadata.mockResolvedValue({ lagSeconds: 0, bulkThreshold: 0, reconcileEveryDays: 0, fieldHistoryObjects: ['OpportunityFieldHistory'] });
        changeDescribe(nango, 'OpportunityFieldHistory', { hide: ['DataType'] });
        const api = fixture('field-history').api.get;
        const strip = (page: { records: Array<Record<string, unknown>> }) => ({ ...page, records: page.records.map(({ DataType: _none, ...rest }) => rest) });
        const soql = firstSoql('OpportunityId', 'OpportunityFieldHistory');
        const first = api['services/data/v66.0/queryAll'].find((e: any) => e.request.params.q === soql).response;
        answer(nango, '/services/data/v66.0/queryAll', async (config) => {
            expect(config['params'].q).toBe(soql.replace(' DataType,', ''));
            return { status: 200, data: strip(first) };
        });
        answer(nango, '/services/data/v66.0/query/01gEm00000000GAIAY-3', { status: 200, data: strip(api['services/data/v66.0/query/01gEm00000000GAIAY-3'][0].response) });
        await runSync(sync, nango);

        const rows = saved(nango, MODEL);
        expect(rows.map((r) => [r.field, r.data_type, r.value_type, r.old_value, r.new_value])).toEqual([
            ['StageName', null, 'string', 'Needs Analysis', 'Negotiation/Review'],
            ['Probability', null, 'number', 20, 90],
            ['Amount', null, 'number', 814000, null],
            ['CloseDate', null, 'date', '2026-09-26', '2026-12-31']
        ]);
    });

    it('a session that expires on the second object fails the run asking to reconnect; the first object\'s rows and checkpoint are kept', async () => {
        const nango = syncMock('field-history', MODEL);
        answer(nango, '/services/data/v66.0/queryAll', async (config, fixtureAnswer) =>
            String(config['params']?.q).includes('FROM OpportunityFieldHistory') ? { status: 401, data: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] } : fixtureAnswer()
        );
        const error = await failureOf(runSync(sync, nango));

        expect(error).toBeInstanceOf(Error);
        expect(error.message).toMatch(/reconnect/i);
        expect(error.payload).toMatchObject({ errorCode: 'INVALID_SESSION_ID', status: 401 });
        expect(saved(nango, MODEL).map((r) => r.id)).toEqual([NAME_ROW, RATING_ROW]);
        // the run stopped there: Invoice__History not even described, no skip warning
        expect(sent(nango).map((r) => r.endpoint)).not.toContain(describePath('Invoice__History'));
        expect(warnings(nango)).toEqual([]);
        expect(states(checkpoints(nango).at(-1))).toEqual({ AccountHistory: ACCOUNT_AFTER_FIRST });
    });
});
