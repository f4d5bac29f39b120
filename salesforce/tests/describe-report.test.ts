import { describe, expect, it } from 'vitest';

import action from '../actions/describe-report.js';
import { actionErrorOf, actionMock, requestCount, run } from './helpers.js';

describe('salesforce describe-report', () => {
    it('summarises columns, summaries and saved filters', async () => {
        const nango = actionMock('describe-report');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toMatchObject({ reportId: '00OEm00000000G9MAI', name: 'Open Pipeline', reportFormat: 'TABULAR', booleanFilter: null, truncated: false });
        expect(output.detailColumns.map((c: { apiName: string }) => c.apiName)).toEqual(['OPPORTUNITY_NAME', 'ACCOUNT_NAME', 'STAGE_NAME', 'AMOUNT', 'PROBABILITY', 'CLOSE_DATE', 'FULL_NAME']);
        expect(output.aggregates[0]).toEqual({ apiName: 's!AMOUNT', label: 'Sum of Amount', dataType: 'currency' });
        expect(output.filters).toEqual([{ column: 'STAGE_NAME', label: 'Stage', operator: 'notEqual', value: 'Closed Won,Closed Lost', isRunPageEditable: true }]);
        expect(output).not.toHaveProperty('reportTypeColumns');
    });

    it('adds the report type columns and operators on request', async () => {
        const nango = actionMock('describe-report');
        const output = await run(action, nango, { reportId: '00OEm00000000G9MAI', includeReportTypeColumns: true });
        const description = output.reportTypeColumns.find((c: { apiName: string }) => c.apiName === 'DESCRIPTION');
        expect(description).toMatchObject({ filterable: false, category: 'Opportunity Information' });
        expect(output.filterOperatorsByType.currency).toEqual(['equals', 'notEqual', 'lessThan', 'greaterThan', 'lessOrEqual', 'greaterOrEqual']);
    });

    it('an unknown report is not_found', async () => {
        const nango = actionMock('describe-report');
        const error = await actionErrorOf(run(action, nango, { reportId: '00OEm0000000zzz' }));
        expect(error).toMatchObject({ type: 'not_found', status: 404, errorCode: 'NOT_FOUND' });
    });

    it.each([
        ['an account id', '001D000000IqhSLIAZ'],
        ['a traversal', '../../limits'],
        ['a wrong checksum', '00OEm00000000G9MAA'],
        ['a query string', '00OEm00000000G9?x=1']
    ])('refuses %s before any request', async (_label, reportId) => {
        const nango = actionMock('describe-report');
        const error = await actionErrorOf(run(action, nango, { reportId }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['reportId'] });
        expect(requestCount(nango)).toBe(0);
    });
});
