import { describe, expect, it } from 'vitest';

import action from '../actions/run-report.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce run-report', () => {
    it('runs the report as saved (one GET) and flattens its rows with typed values', async () => {
        const nango = actionMock('run-report');
        const output = await run(action, nango, await nango.getInput());
        expect(requestCount(nango)).toBe(1);
        expect(requests(nango)[0]).toMatchObject({ method: 'GET', params: { includeDetails: 'true' } });
        expect(output).toMatchObject({ reportFormat: 'TABULAR', allData: true, truncated: false, advice: null, booleanFilter: null });
        expect(output.rows.length).toBe(output.detailRowCount);
        const row = output.rows.find((r: { Amount: unknown }) => r.Amount !== null);
        expect(Object.keys(row)).toEqual(['Opportunity Name', 'Account Name', 'Stage', 'Amount', 'Probability (%)', 'Close Date', 'Opportunity Owner']);
        expect(typeof row['Amount']).toBe('number');
        expect(row['Close Date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(output.grandTotals['Record Count']).toBe(output.rows.length);
        expect(output.filters).toEqual([{ column: 'STAGE_NAME', operator: 'notEqual', value: 'Closed Won,Closed Lost' }]);
    });

    it('adds a filter after the saved one: describe, then POST reportMetadata (a read, retried safely)', async () => {
        const nango = actionMock('run-report');
        const output = await run(action, nango, { reportId: '00OEm00000000G9MAI', filters: [{ column: 'AMOUNT', operator: 'greaterOrEqual', value: '100000' }] });
        const sent = requests(nango);
        expect(sent.map((r) => r['method'])).toEqual(['GET', 'POST']);
        expect(sent[1]).toMatchObject({ data: { reportMetadata: { reportFilters: [{ column: 'STAGE_NAME' }, { column: 'AMOUNT', operator: 'greaterOrEqual', value: '100000' }], reportBooleanFilter: null } }, retries: 3 });
        expect(output.rows.every((r: { Amount: number }) => r.Amount >= 100000)).toBe(true);
    });

    it('flattens a matrix report: both groupings on each row', async () => {
        const nango = actionMock('run-report');
        const output = await run(action, nango, { reportId: '00OEm00000000GBMAY' });
        expect(output.groupingColumns.map((c: { apiName: string }) => c.apiName)).toEqual(['STAGE_NAME', 'TYPE']);
        expect(Object.keys(output.rows[0]).slice(0, 2)).toEqual(['Stage', 'Type']);
        expect(output.groups.some((g: { key: string }) => g.key.startsWith('T!'))).toBe(true);
    });

    it('an unknown filter column is refused after describe, without running the report', async () => {
        const nango = actionMock('run-report');
        const error = await actionErrorOf(run(action, nango, { reportId: '00OEm00000000G9MAI', filters: [{ column: 'AMOUNTS', operator: 'equals', value: '1' }] }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['filters.0.column'] });
        expect(error.message).toContain('AMOUNT (Amount)');
        expect(error.message).toContain('it was not run');
        expect(requestCount(nango)).toBe(1);
    });

    it('an operator the column type does not take is refused after describe', async () => {
        const nango = actionMock('run-report');
        const error = await actionErrorOf(run(action, nango, { reportId: '00OEm00000000G9MAI', filters: [{ column: 'AMOUNT', operator: 'contains', value: '1' }] }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['filters.0.operator'] });
    });

    it('an obsolete report is forbidden (403)', async () => {
        const nango = actionMock('run-report');
        const error = await actionErrorOf(run(action, nango, { reportId: '00OEm00000000GEMAY' }));
        expect(error).toMatchObject({ type: 'forbidden', status: 403 });
    });

    it('an unknown report is not_found', async () => {
        const nango = actionMock('run-report');
        const error = await actionErrorOf(run(action, nango, { reportId: '00OEm0000000zzz' }));
        expect(error).toMatchObject({ type: 'not_found', status: 404 });
    });

    it.each([
        ['a dashboard id', { reportId: '01ZEm00000000G9MAI' }],
        ['a bad operator', { reportId: '00OEm00000000G9MAI', filters: [{ column: 'AMOUNT', operator: 'LIKE', value: '1' }] }],
        ['a column with a quote', { reportId: '00OEm00000000G9MAI', filters: [{ column: "AMOUNT'", operator: 'equals', value: '1' }] }],
        ['21 filters', { reportId: '00OEm00000000G9MAI', filters: Array.from({ length: 21 }, () => ({ column: 'AMOUNT', operator: 'equals', value: '1' })) }],
        ['bad filter logic', { reportId: '00OEm00000000G9MAI', replaceSavedFilters: true, filters: [{ column: 'AMOUNT', operator: 'equals', value: '1' }], booleanFilter: '1 OR 2' }]
    ])('refuses %s before running', async (_label, input) => {
        const nango = actionMock('run-report');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
