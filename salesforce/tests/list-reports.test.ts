import { describe, expect, it } from 'vitest';

import action from '../actions/list-reports.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce list-reports', () => {
    it('lists the recently viewed reports with GET /analytics/reports', async () => {
        const nango = actionMock('list-reports');
        const output = await run(action, nango, await nango.getInput());
        expect(output.source).toBe('recent');
        expect(output.reports[0]).toEqual({ reportId: '00OEm00000000G9MAI', name: 'Open Pipeline', developerName: null, folderName: null, format: null, description: null, lastRunDate: null });
        expect(output).toMatchObject({ nextOffset: null, truncated: false });
        expect(requests(nango)[0]).toMatchObject({ method: 'GET', endpoint: '/services/data/v66.0/analytics/reports' });
    });

    it('lists a folder through SOQL on Report, one more row than asked telling there is a next page', async () => {
        const nango = actionMock('list-reports');
        const output = await run(action, nango, { folderName: 'Sales Reports', limit: 2 });
        expect(output.source).toBe('soql');
        expect(output.reports.map((r: { developerName: string }) => r.developerName)).toEqual(['Open_Pipeline', 'Opportunities_by_Stage']);
        expect(output.reports[0]).toMatchObject({ folderName: 'Sales Reports', format: 'Tabular' });
        expect(output.nextOffset).toBe(2);
    });

    it('escapes the folder name and name text in SOQL', async () => {
        const nango = actionMock('list-reports');
        await actionErrorOf(run(action, nango, { folderName: "x' OR Name != '", nameContains: '50%_off' }));
        const q = String(requests(nango)[0]?.['params']?.q);
        expect(q).toContain("FolderName = 'x\\' OR Name != \\''");
        expect(q).toContain("Name LIKE '%50\\%\\_off%'");
    });

    it.each([
        ['a limit over 200', { limit: 500 }],
        ['an offset over 2,000', { all: true, offset: 2001 }],
        ['an unknown format', { format: 'JOINED' }],
        ['a control character', { folderName: 'a\u0000b' }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('list-reports');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
