import { describe, expect, it } from 'vitest';

import action from '../actions/run-flow.js';
import { fitInvocationOutput, type InvocationRowResult } from '../lib/writes/invocable.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce run-flow', () => {
    it('returns one result per input row, failed rows with their errors (Salesforce answers 400 with the result array)', async () => {
        const nango = actionMock('run-flow');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('sends every row in one POST, once, never retried', async () => {
        const nango = actionMock('run-flow');
        await run(action, nango, await nango.getInput());
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', endpoint: '/services/data/v66.0/actions/custom/flow/Create_Follow_Up_Task', retries: 0 });
    });

    it('a run where every row succeeded', async () => {
        const nango = actionMock('run-flow');
        const output = await run(action, nango, { flowApiName: 'Create_Follow_Up_Task', inputs: [{ recordId: '001D000000IqhSLIAZ' }] });
        expect(output).toMatchObject({ success: true, results: [{ index: 0, isSuccess: true, outputValues: { taskId: '00TD000000AbCdFMAV' }, errors: [] }] });
    });

    it('a missing required input fails its row with REQUIRED_FIELD_MISSING', async () => {
        const nango = actionMock('run-flow');
        const output = await run(action, nango, { flowApiName: 'Score_Lead' });
        expect(output.results[0]).toMatchObject({ isSuccess: false, errors: [{ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Missing required input parameter: annualRevenue' }] });
    });

    it('a row Salesforce did not answer is reported failed, not dropped', async () => {
        const nango = actionMock('run-flow');
        const output = await run(action, nango, { flowApiName: 'Score_Lead', inputs: [{ annualRevenue: 1 }, { annualRevenue: 2 }] });
        expect(output.results).toHaveLength(2);
        expect(output.results[1]).toMatchObject({ index: 1, isSuccess: false, errors: [{ errorCode: 'NO_RESULT' }] });
        expect(output.success).toBe(false);
    });

    it('an unknown flow is not_found', async () => {
        const nango = actionMock('run-flow');
        const error = await actionErrorOf(run(action, nango, { flowApiName: 'No_Such_Flow' }));
        expect(error).toMatchObject({ type: 'not_found', errorCode: 'NOT_FOUND', status: 404 });
    });

    it('a request Salesforce refuses as a whole (400 error array) is a salesforce_error', async () => {
        const nango = actionMock('run-flow');
        const error = await actionErrorOf(run(action, nango, { flowApiName: 'Score_Lead', inputs: [{ annualRevenue: 'lots' }] }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'JSON_PARSER_ERROR', status: 400 });
    });

    it('a 503 is a server_error that says the flow may have run, and is not retried', async () => {
        const nango = actionMock('run-flow');
        const error = await actionErrorOf(run(action, nango, { flowApiName: 'Slow_Flow' }));
        expect(error).toMatchObject({ type: 'server_error', status: 503 });
        expect(error.message).toMatch(/may have run all the same/);
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]?.['retries']).toBe(0);
    });

    it('keeps the output under 2 MB by omitting the largest outputValues, flagged', () => {
        const big = 'x'.repeat(400_000);
        const results: InvocationRowResult[] = Array.from({ length: 8 }, (_, index) => ({ index, isSuccess: true, outputValues: { blob: big }, errors: [], omitted: false }));
        const fitted = fitInvocationOutput(results, { actionName: 'Big', success: true, results: [] });
        expect(JSON.stringify(fitted).length).toBeLessThan(2 * 1024 * 1024);
        expect(fitted.filter((r) => r.omitted).length).toBeGreaterThan(0);
        expect(fitted.filter((r) => r.omitted).every((r) => r.outputValues === null && r.isSuccess)).toBe(true);
        expect(fitted).toHaveLength(8);
    });

    it.each([
        ['a flow name with a slash', { flowApiName: 'Create/../../limits' }],
        ['a flow name with a dot', { flowApiName: 'Account.Flow' }],
        ['a flow label with spaces', { flowApiName: 'Create Follow Up Task' }],
        ['a trailing underscore', { flowApiName: 'Flow_' }],
        ['an encoded slash', { flowApiName: 'Flow%2F..' }],
        ['an empty input list', { flowApiName: 'Score_Lead', inputs: [] }],
        ['a row that is not an object', { flowApiName: 'Score_Lead', inputs: ['x'] }],
        ['an input key with a dot', { flowApiName: 'Score_Lead', inputs: [{ 'a.b': 1 }] }],
        ['an input key __proto__', { flowApiName: 'Score_Lead', inputs: [JSON.parse('{"__proto__": 1}')] }],
        ['201 rows', { flowApiName: 'Score_Lead', inputs: Array.from({ length: 201 }, () => ({ annualRevenue: 1 })) }],
        ['no flow name', { inputs: [{}] }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('run-flow');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
