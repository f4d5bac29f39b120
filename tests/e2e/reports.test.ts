/**
 * Reports and dashboards through their compiled bundles against the emulator's Analytics REST API: listing (recent
 * and SOQL), describe, synchronous runs of tabular, summary and matrix reports checked against the store, filters,
 * the 2,000-row limit, asynchronous runs and their 24-hour lifetime, dashboards, and the documented errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { checkedAction } from './checked-action.js';
import { runFunction, type RunResult } from './runtime.js';

let emulator: EmulatorHandle;
let now = Date.parse('2026-03-01T12:00:00Z');
beforeAll(async () => {
    emulator = await startEmulator({ seed: 11, volume: { Account: 2300, Opportunity: 60, default: 10 }, proxyRetryBaseMs: 1, clock: () => now });
});
afterAll(async () => {
    await emulator?.stop();
});

const action = checkedAction(() => emulator);
const out = (r: RunResult) => r.output as any;
const reportId = (developerName: string): string => String(emulator.org.list('Report').find((r) => r['DeveloperName'] === developerName)?.['Id']);
const dashboardId = (developerName: string): string => String(emulator.org.list('Dashboard').find((r) => r['DeveloperName'] === developerName)?.['Id']);
const calls = () => emulator.stats().calls;

describe('list-reports and describe-report', () => {
    it('lists recently viewed reports, then a folder through SOQL on Report', async () => {
        const recent = await action('list-reports', {});
        expect(out(recent).source).toBe('recent');
        expect(out(recent).reports.map((r: any) => r.name)).toContain('Opportunities by Stage');

        const folder = await action('list-reports', { folderName: 'Sales Reports', limit: 2 });
        expect(out(folder)).toMatchObject({ source: 'soql', nextOffset: 2 });
        expect(out(folder).reports.map((r: any) => r.developerName)).toEqual(['Open_Pipeline', 'Opportunities_by_Stage']);
        const rest = await action('list-reports', { folderName: 'Sales Reports', limit: 2, offset: 2 });
        expect(out(rest).reports.map((r: any) => [r.developerName, r.format])).toEqual([['Pipeline_by_Stage_and_Type', 'Matrix']]);
        expect(out(rest).nextOffset).toBeNull();

        const named = await action('list-reports', { nameContains: "it's 100% _stage_" });
        expect(out(named).reports).toEqual([]);
    });

    it('describes columns, groupings, summaries and saved filters', async () => {
        const result = await action('describe-report', { reportId: reportId('Open_Pipeline'), includeReportTypeColumns: true });
        expect(result.error).toBeUndefined();
        const d = out(result);
        expect(d).toMatchObject({ reportFormat: 'TABULAR', developerName: 'Open_Pipeline', reportType: { type: 'Opportunity' } });
        expect(d.detailColumns[0]).toEqual({ apiName: 'OPPORTUNITY_NAME', label: 'Opportunity Name', dataType: 'string' });
        expect(d.aggregates).toEqual([
            { apiName: 's!AMOUNT', label: 'Sum of Amount', dataType: 'currency' },
            { apiName: 'RowCount', label: 'Record Count', dataType: 'int' }
        ]);
        expect(d.filters).toEqual([{ column: 'STAGE_NAME', label: 'Stage', operator: 'notEqual', value: 'Closed Won,Closed Lost', isRunPageEditable: true }]);
        expect(d.reportTypeColumns.find((c: any) => c.apiName === 'STAGE_NAME').filterValues).toContain('Prospecting');
        expect(d.filterOperatorsByType.picklist).toContain('equals');

        const summary = out(await action('describe-report', { reportId: reportId('Accounts_by_Industry') }));
        expect(summary.groupingsDown.map((g: any) => g.apiName)).toEqual(['INDUSTRY', 'TYPE']);
        expect(summary).not.toHaveProperty('reportTypeColumns');
    });

    it('an unknown report is not_found', async () => {
        const result = await action('describe-report', { reportId: '00OEm0000000zzzMAA' });
        expect(result.error?.payload).toMatchObject({ type: 'not_found', status: 404, errorCode: 'NOT_FOUND' });
    });
});

describe('run-report', () => {
    it('runs a tabular report with its saved filter: rows match the store, typed values, totals', async () => {
        emulator.resetStats();
        const result = await action('run-report', { reportId: reportId('Open_Pipeline') });
        expect(result.error).toBeUndefined();
        expect(calls()).toBe(1);
        const r = out(result);
        const open = emulator.org.list('Opportunity').filter((o) => !['Closed Won', 'Closed Lost'].includes(String(o['StageName'])));
        expect(r.rows).toHaveLength(open.length);
        expect(r).toMatchObject({ allData: true, truncated: false, advice: null, reportFormat: 'TABULAR' });
        const total = open.reduce((sum, o) => sum + Number(o['Amount'] ?? 0), 0);
        expect(r.grandTotals).toEqual({ 'Sum of Amount': total, 'Record Count': open.length });
        const first = r.rows.find((row: any) => row['Opportunity Name'] === open[0]?.['Name']);
        expect(first['Amount']).toBe(open[0]?.['Amount'] ?? null);
        expect(first['Close Date']).toBe(open[0]?.['CloseDate']);
        expect(first['Stage']).toBe(open[0]?.['StageName']);
        expect(r.filters).toEqual([{ column: 'STAGE_NAME', operator: 'notEqual', value: 'Closed Won,Closed Lost' }]);
    });

    it('adds filters to the saved ones (describe, then POST), with API-name keys and labels', async () => {
        emulator.resetStats();
        const result = await action('run-report', {
            reportId: reportId('Open_Pipeline'),
            filters: [{ column: 'AMOUNT', operator: 'greaterOrEqual', value: '100000' }],
            keyBy: 'apiName',
            cellFormat: 'labels'
        });
        expect(result.error).toBeUndefined();
        expect(calls()).toBe(2);
        const expected = emulator.org.list('Opportunity').filter((o) => !['Closed Won', 'Closed Lost'].includes(String(o['StageName'])) && Number(o['Amount'] ?? 0) >= 100000);
        expect(out(result).rows).toHaveLength(expected.length);
        expect(out(result).rows[0]['AMOUNT']).toMatch(/^\$[\d,]+\.\d\d$/);
        expect(out(result).filters).toHaveLength(2);
    });

    it('replaces the saved filters and applies filter logic', async () => {
        const result = await action('run-report', {
            reportId: reportId('Open_Pipeline'),
            replaceSavedFilters: true,
            filters: [
                { column: 'STAGE_NAME', operator: 'equals', value: 'Closed Won' },
                { column: 'STAGE_NAME', operator: 'equals', value: 'Prospecting' }
            ],
            booleanFilter: '1 OR 2'
        });
        const want = emulator.org.list('Opportunity').filter((o) => ['Closed Won', 'Prospecting'].includes(String(o['StageName'])));
        expect(out(result).rows).toHaveLength(want.length);
        expect(out(result).booleanFilter).toBe('1 OR 2');
    });

    it('flattens a summary report: group columns on each row, subtotals per group', async () => {
        const r = out(await action('run-report', { reportId: reportId('Opportunities_by_Stage') }));
        const opps = emulator.org.list('Opportunity');
        expect(r.rows).toHaveLength(opps.length);
        expect(r.groupingColumns).toEqual([{ apiName: 'STAGE_NAME', label: 'Stage', dataType: 'picklist' }]);
        const won = r.groups.find((g: any) => g.groupings['Stage'] === 'Closed Won');
        const wonOpps = opps.filter((o) => o['StageName'] === 'Closed Won');
        expect(won.aggregates['Record Count']).toBe(wonOpps.length);
        expect(r.rows.filter((row: any) => row['Stage'] === 'Closed Won')).toHaveLength(wonOpps.length);
    });

    it('flattens a matrix report: row and column groupings on each row, cells and totals as groups', async () => {
        const r = out(await action('run-report', { reportId: reportId('Pipeline_by_Stage_and_Type'), includeDetails: false }));
        expect(r.rows).toEqual([]);
        const opps = emulator.org.list('Opportunity');
        const cell = r.groups.find((g: any) => g.key.includes('!') && !g.key.endsWith('!T') && !g.key.startsWith('T!') && g.groupings['Stage'] === 'Prospecting' && g.groupings['Type'] === 'New Customer');
        const want = opps.filter((o) => o['StageName'] === 'Prospecting' && o['Type'] === 'New Customer').length;
        if (want > 0) expect(cell.aggregates['Record Count']).toBe(want);
        expect(r.grandTotals['Record Count']).toBe(opps.length);
        const details = out(await action('run-report', { reportId: reportId('Pipeline_by_Stage_and_Type') }));
        expect(details.rows).toHaveLength(opps.length);
        expect(Object.keys(details.rows[0])).toEqual(expect.arrayContaining(['Stage', 'Type', 'Opportunity Name', 'Amount']));
    });

    it('stops at 2,000 detail rows and says what to do, while the totals count every account', async () => {
        const r = out(await action('run-report', { reportId: reportId('All_Accounts') }));
        expect(r.rows).toHaveLength(2000);
        expect(r.allData).toBe(false);
        expect(r.advice).toMatch(/2,000/);
        expect(r.grandTotals['Record Count']).toBe(emulator.org.count('Account'));
    });

    it('refuses an unknown filter column after describe, without running the report', async () => {
        emulator.resetStats();
        const result = await action('run-report', { reportId: reportId('Open_Pipeline'), filters: [{ column: 'AMOUNTX', operator: 'equals', value: '1' }] });
        expect(result.error?.payload).toMatchObject({ type: 'invalid_input', fields: ['filters.0.column'] });
        expect(result.error?.payload.message).toMatch(/AMOUNT/);
        expect(calls()).toBe(1);
    });

    it("passes on Salesforce's own filter errors: a date in the wrong format", async () => {
        const result = await action('run-report', { reportId: reportId('Open_Pipeline'), replaceSavedFilters: true, filters: [{ column: 'CLOSE_DATE', operator: 'lessThan', value: '31/01/2026' }] });
        expect(result.error?.payload).toMatchObject({ type: 'salesforce_error', status: 400, errorCode: 'BAD_REQUEST' });
        expect(result.error?.payload.message).toMatch(/Filter the date in the correct format/);
    });

    it('an obsolete report answers 403 forbidden', async () => {
        const result = await action('run-report', { reportId: reportId('Legacy_Territory_Report') });
        expect(result.error?.payload).toMatchObject({ type: 'forbidden', status: 403 });
        expect(result.error?.payload.message).toMatch(/obsolete/);
    });

    it('bad input sends nothing', async () => {
        emulator.resetStats();
        const bad = await action('run-report', { reportId: '001000000000001AAA' });
        expect(bad.error?.payload).toMatchObject({ type: 'invalid_input' });
        const op = await runFunction('run-report', { hostport: emulator.url, connectionId: emulator.connectionId, input: { reportId: reportId('Open_Pipeline'), filters: [{ column: 'AMOUNT', operator: 'like', value: '1' }] }, validate: false });
        expect(op.error?.payload).toMatchObject({ type: 'invalid_input', fields: ['filters.0.operator'] });
        expect(calls()).toBe(0);
    });
});

describe('run-report-async and get-report-instance', () => {
    it('starts a run, polls New → Running → Success, returns flattened rows', async () => {
        const id = reportId('Opportunities_by_Stage');
        const started = await action('run-report-async', { reportId: id, filters: [{ column: 'STAGE_NAME', operator: 'equals', value: 'Closed Won' }] });
        expect(started.error).toBeUndefined();
        expect(out(started)).toMatchObject({ reportId: id, status: 'New', hasDetailRows: true });
        expect(out(started).instanceId).toMatch(/^0LG/);
        const poll = () => action('get-report-instance', { reportId: id, instanceId: out(started).instanceId });
        const first = out(await poll());
        expect(first).toMatchObject({ status: 'Running', ready: false, rows: [] });
        expect(first.advice).toMatch(/again/);
        const done = out(await poll());
        expect(done).toMatchObject({ status: 'Success', ready: true });
        const won = emulator.org.list('Opportunity').filter((o) => o['StageName'] === 'Closed Won');
        expect(done.rows).toHaveLength(won.length);
        expect(done.completionDate).not.toBeNull();
    });

    it('an obsolete report ends Error; results are gone after 24 hours', async () => {
        const id = reportId('Legacy_Territory_Report');
        const started = out(await action('run-report-async', { reportId: id }));
        await action('get-report-instance', { reportId: id, instanceId: started.instanceId });
        const failed = out(await action('get-report-instance', { reportId: id, instanceId: started.instanceId }));
        expect(failed).toMatchObject({ status: 'Error', ready: false });
        now += 25 * 3_600_000;
        const gone = await action('get-report-instance', { reportId: id, instanceId: started.instanceId });
        expect(gone.error?.payload).toMatchObject({ type: 'not_found', status: 404 });
        expect(gone.error?.payload.message).toMatch(/24 hours/);
    });
});

describe('dashboards', () => {
    it('lists dashboards and reads components with their summaries and errors', async () => {
        const list = out(await action('list-dashboards', {}));
        expect(list.dashboards.map((d: any) => d.name)).toEqual(['Sales Overview', 'My Pipeline']);
        const result = await action('get-dashboard', { dashboardId: dashboardId('Sales_Overview') });
        expect(result.error).toBeUndefined();
        const d = out(result);
        expect(d.components.map((c: any) => c.visualizationType)).toEqual(['Bar', 'Metric', 'Donut', 'Table']);
        const byStage = d.components[0];
        expect(byStage.status.dataStatus).toBe('DATA');
        expect(byStage.groups.length).toBeGreaterThan(0);
        const total = emulator.org.list('Opportunity').reduce((s, o) => s + Number(o['Amount'] ?? 0), 0);
        expect(byStage.grandTotals['Sum of Amount']).toBe(total);
        expect(d.components[3].status).toMatchObject({ dataStatus: 'ERROR', errorCode: '203', errorSeverity: 'Error' });
    });

    it('selects a filter option; a wrong option or running user is refused by Salesforce', async () => {
        const id = dashboardId('My_Pipeline');
        const d = out(await action('get-dashboard', { dashboardId: id }));
        const won = d.filters[0].options.find((o: any) => o.alias === 'Won');
        const filtered = out(await action('get-dashboard', { dashboardId: id, filterOptionIds: [won.id] }));
        expect(filtered.filters[0].selectedOptionId).toBe(won.id);
        const count = emulator.org.list('Opportunity').filter((o) => o['StageName'] === 'Closed Won').length;
        expect(filtered.components[0].grandTotals['Record Count']).toBe(count);
        const bad = await action('get-dashboard', { dashboardId: id, filterOptionIds: ['0ICEm0000000zzz'] });
        expect(bad.error?.payload).toMatchObject({ type: 'salesforce_error', status: 400 });
        const user = await action('get-dashboard', { dashboardId: id, runningUserId: String(emulator.org.list('User')[1]?.['Id']) });
        expect(user.error?.payload.message).toMatch(/permission to view data as this user/);
    });
});
