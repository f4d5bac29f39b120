/**
 * Hostile inputs for the reports and dashboards actions: report, dashboard and instance ids, filter columns,
 * operators, values and filter logic. Every malformed one is refused as invalid_input before any request; filter
 * values that are merely strange travel verbatim in the JSON body, never in the URL.
 */
import { describe, expect, it } from 'vitest';

import { idOf, badChecksum, loadAction, runAction } from './harness.js';

const REPORT = idOf('00O');
const DASHBOARD = idOf('01Z');
const INSTANCE = idOf('0LG');

const BAD_IDS: Array<[string, unknown]> = [
    ['a traversal', '../../limits'],
    ['an encoded slash', '00OD0000000%2F..'],
    ['a query string', `${REPORT}?includeDetails=false`],
    ['a path after the id', `${REPORT}/../../sobjects`],
    ['a wrong checksum', badChecksum(REPORT)],
    ['spaces', ' 00OD00000000001 '],
    ['a lone surrogate', '00OD0000000\ud800001'],
    ['a right-to-left override', '00OD000000\u202e0001'],
    ['fullwidth digits', '００OD00000000001'],
    ['a number', 12345],
    ['null', null],
    ['an array', [REPORT]],
    ['an object', { id: REPORT }]
];

const BAD_COLUMNS: Array<[string, unknown]> = [
    ['a quote', "STAGE_NAME'"],
    ['a space', 'STAGE NAME'],
    ['a traversal', '../STAGE_NAME'],
    ['a newline', 'STAGE_NAME\n'],
    ['markup', '<img src=x>'],
    ['a JSON fragment', 'AMOUNT","operator":"equals'],
    ['an empty string', ''],
    ['300 characters', 'A'.repeat(300)],
    ['a zero-width space', 'STAGE\u200bNAME'],
    ['a lone surrogate', 'STAGE\udc00'],
    ['a trailing dot', 'USERS.'],
    ['a number', 7]
];

const BAD_OPERATORS: unknown[] = ['LIKE', '=', 'equals ', 'EQUALS', '__proto__', 'constructor', 'between', '', null, 1];

const BAD_LOGIC: string[] = ['1; DROP', '1 OR', '((1)', '1 OR 99', '1 XOR 2', 'NOT', '', '1 2', ')1(', '1 OR 2\u0000'];

const filter = (over: Record<string, unknown>) => ({ column: 'AMOUNT', operator: 'equals', value: '1', ...over });

async function expectRefused(actionName: string, input: unknown): Promise<void> {
    const run = await runAction(await loadAction(actionName), input);
    expect(run.payload?.type, `${actionName} ${JSON.stringify(input)?.slice(0, 200)}`).toBe('invalid_input');
    expect(run.sent).toEqual([]);
    expect(run.bypass).toBe(0);
}

describe('hostile report, dashboard and instance ids', () => {
    for (const [label, id] of BAD_IDS) {
        it(`refuses ${label}`, async () => {
            await expectRefused('describe-report', { reportId: id });
            await expectRefused('run-report', { reportId: id });
            await expectRefused('run-report-async', { reportId: id });
            await expectRefused('get-report-instance', { reportId: REPORT, instanceId: id });
            await expectRefused('get-report-instance', { reportId: id, instanceId: INSTANCE });
            await expectRefused('get-dashboard', { dashboardId: id });
            await expectRefused('get-dashboard', { dashboardId: DASHBOARD, filterOptionIds: [id] });
            await expectRefused('get-dashboard', { dashboardId: DASHBOARD, runningUserId: id });
        });
    }

    it('refuses ids of the wrong kind', async () => {
        await expectRefused('run-report', { reportId: DASHBOARD });
        await expectRefused('get-dashboard', { dashboardId: REPORT });
        await expectRefused('get-report-instance', { reportId: REPORT, instanceId: REPORT });
        await expectRefused('get-dashboard', { dashboardId: DASHBOARD, runningUserId: idOf('001') });
    });
});

describe('hostile filters', () => {
    for (const [label, column] of BAD_COLUMNS) {
        it(`refuses a column with ${label}`, async () => {
            await expectRefused('run-report', { reportId: REPORT, filters: [filter({ column })] });
            await expectRefused('run-report-async', { reportId: REPORT, filters: [filter({ column })] });
        });
    }

    for (const operator of BAD_OPERATORS) {
        it(`refuses the operator ${JSON.stringify(operator)}`, async () => {
            await expectRefused('run-report', { reportId: REPORT, filters: [filter({ operator })] });
            await expectRefused('run-report-async', { reportId: REPORT, filters: [filter({ operator })] });
        });
    }

    for (const logic of BAD_LOGIC) {
        it(`refuses the filter logic ${JSON.stringify(logic)}`, async () => {
            const input = { reportId: REPORT, replaceSavedFilters: true, filters: [filter({}), filter({ column: 'STAGE_NAME' })], booleanFilter: logic };
            await expectRefused('run-report', input);
            await expectRefused('run-report-async', input);
        });
    }

    it.each([
        ['a lone surrogate', 'a\ud800b'],
        ['over 4,000 characters', 'x'.repeat(4001)],
        ['a number', 100000],
        ['an object', { $gt: 1 }]
    ])('refuses a value that is %s', async (_label, value) => {
        await expectRefused('run-report', { reportId: REPORT, filters: [filter({ value })] });
    });

    it('refuses more than 20 filters, and unknown keys in a filter (refused, not dropped); the body carries exactly the filter given', async () => {
        await expectRefused('run-report', { reportId: REPORT, filters: Array.from({ length: 21 }, () => filter({})) });
        await expectRefused('run-report', { reportId: REPORT, replaceSavedFilters: true, filters: [filter({ extra: 'x', isRunPageEditable: true })] });
        const run = await runAction(await loadAction('run-report'), { reportId: REPORT, replaceSavedFilters: true, filters: [filter({})] });
        const post = run.sent.find((r) => r.method === 'POST');
        expect((post?.data as any)?.reportMetadata?.reportFilters).toEqual([{ column: 'AMOUNT', operator: 'equals', value: '1' }]);
    });

    it('strange but valid values travel verbatim in the JSON body, never in the URL', async () => {
        const value = "' OR Name != '' -- \\\" %27 ${x} ␀ 🦄";
        const run = await runAction(await loadAction('run-report'), { reportId: REPORT, replaceSavedFilters: true, filters: [filter({ column: 'ACCOUNT_NAME', operator: 'contains', value })] });
        const post = run.sent.find((r) => r.method === 'POST');
        expect(post?.endpoint).toBe(`/services/data/v66.0/analytics/reports/${REPORT}`);
        expect(post?.params).toEqual({ includeDetails: 'true' });
        expect((post?.data as any).reportMetadata.reportFilters[0].value).toBe(value);
        for (const r of run.sent) expect(r.endpoint).not.toContain('OR');
    });
});

describe('hostile list-reports filters', () => {
    it.each([
        ['a quote in the folder', { folderName: "Sales' OR Name != '" }],
        ['LIKE wildcards in the name', { nameContains: '%_%' }],
        ['a backslash', { developerName: 'a\\' }]
    ])('escapes %s in SOQL', async (_label, input) => {
        const run = await runAction(await loadAction('list-reports'), input);
        const q = String(run.sent[0]?.params?.['q']);
        expect(q).toMatch(/^SELECT Id, Name, DeveloperName, FolderName, Format, Description, LastRunDate FROM Report WHERE /);
        expect(q).not.toMatch(/'\s*OR Name != '/);
        expect(q).not.toMatch(/[^\\]%_%/);
    });

    it.each([[{ folderName: 'a\u0000b' }], [{ nameContains: 'x\ud800' }], [{ limit: 201 }], [{ offset: -1, all: true }], [{ format: 'tabular' }]])('refuses %j before any request', async (input) => {
        await expectRefused('list-reports', input);
    });
});
