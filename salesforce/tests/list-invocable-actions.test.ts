import { describe, expect, it } from 'vitest';

import action from '../actions/list-invocable-actions.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce list-invocable-actions', () => {
    it('lists standard actions and every custom type, sorted; a type name unsafe in a URL is skipped, not sent', async () => {
        const nango = actionMock('list-invocable-actions');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango).map((r) => r['endpoint'])).toEqual([
            '/services/data/v66.0/actions/standard',
            '/services/data/v66.0/actions/custom',
            '/services/data/v66.0/actions/custom/apex',
            '/services/data/v66.0/actions/custom/flow'
        ]);
    });

    it('describes the page asked for, one call per action; a failed describe stays on its entry', async () => {
        const nango = actionMock('list-invocable-actions');
        const output = await run(action, nango, { kind: 'custom', customTypes: ['flow'], includeParameters: true });
        expect(requests(nango)).toHaveLength(3);
        const [task, score] = output.actions;
        expect(task).toMatchObject({ name: 'Create_Follow_Up_Task', description: 'Creates a follow-up task on a record.', describeError: null });
        expect(task.inputs[0]).toEqual({ name: 'recordId', label: 'Record ID', type: 'STRING', required: true, description: 'The record to follow up on.', maxOccurs: 1, sobjectType: null, picklistValues: null });
        expect(task.outputs[1].picklistValues).toEqual(['Created', 'Started', 'Finished', 'Error', 'Waiting']);
        expect(score).toMatchObject({ name: 'Score_Lead', inputs: null, outputs: null });
        expect(score.describeError).toContain('NOT_FOUND');
        expect(output.apiCalls).toBe(3);
    });

    it('pages with offset and nextOffset and filters by name or label', async () => {
        const nango = actionMock('list-invocable-actions');
        const first = await run(action, nango, { limit: 2 });
        expect(first.actions.map((a: { name: string }) => a.name)).toEqual(['chatterPost', 'emailSimple']);
        expect(first).toMatchObject({ nextOffset: 2, totalSize: 6 });
        const next = await run(action, nango, { limit: 2, offset: first.nextOffset });
        expect(next.actions.map((a: { name: string }) => a.name)).toEqual(['submit', 'AccountNameLookup']);
        const filtered = await run(action, nango, { kind: 'standard', nameContains: 'APPROVAL' });
        expect(filtered.actions.map((a: { name: string }) => a.name)).toEqual(['submit']);
    });

    it('a type the user may not read is forbidden', async () => {
        const nango = actionMock('list-invocable-actions');
        const error = await actionErrorOf(run(action, nango, { kind: 'custom', customTypes: ['quickAction'] }));
        expect(error).toMatchObject({ type: 'forbidden', status: 403 });
    });

    it.each([
        ['more than 25 with parameters', { includeParameters: true, limit: 26 }],
        ['an offset that is a string', { offset: '2' }],
        ['a negative offset', { offset: -1 }],
        ['a fractional offset', { offset: 1.5 }],
        ['an offset past 999,999', { offset: 1_000_000 }],
        ['a custom type with a slash', { customTypes: ['flow/../x'] }],
        ['a custom type with a dot', { customTypes: ['..'] }],
        ['custom types with kind standard', { kind: 'standard', customTypes: ['flow'] }],
        ['an unknown kind', { kind: 'both' }],
        ['a limit of 0', { limit: 0 }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('list-invocable-actions');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
