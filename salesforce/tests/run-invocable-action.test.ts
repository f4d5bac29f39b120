import { describe, expect, it } from 'vitest';

import action from '../actions/run-invocable-action.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce run-invocable-action', () => {
    it('runs a standard action and returns its outputs', async () => {
        const nango = actionMock('run-invocable-action');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)).toHaveLength(1);
        expect(requests(nango)[0]).toMatchObject({ method: 'POST', endpoint: '/services/data/v66.0/actions/standard/chatterPost', retries: 0 });
    });

    it('runs a custom Apex action per row, a failed row with its error', async () => {
        const nango = actionMock('run-invocable-action');
        const output = await run(action, nango, { actionType: 'apex', actionName: 'AccountNameLookup', inputs: [{ accountId: '001D000000IqhSLIAZ' }, { accountId: '001000000000000AAA' }] });
        expect(output).toMatchObject({ success: false, actionName: 'AccountNameLookup', results: [{ isSuccess: true, outputValues: { accountName: 'Acme' } }, { isSuccess: false, errors: [{ errorCode: 'UNKNOWN_EXCEPTION' }] }] });
    });

    it('an object quick action goes to /actions/custom/quickAction/{Object.Name}', async () => {
        const nango = actionMock('run-invocable-action');
        const output = await run(action, nango, { actionType: 'quickAction', actionName: 'Account.LogACall', inputs: [{ contextId: '001D000000IqhSLIAZ', Subject: 'Call' }] });
        expect(requests(nango)[0]?.['endpoint']).toBe('/services/data/v66.0/actions/custom/quickAction/Account.LogACall');
        expect(output.success).toBe(true);
    });

    it('an action that does not exist (convertLead) is not_found', async () => {
        const nango = actionMock('run-invocable-action');
        const error = await actionErrorOf(run(action, nango, { actionType: 'standard', actionName: 'convertLead', inputs: [{ leadId: '00Q000000000000AAA' }] }));
        expect(error).toMatchObject({ type: 'not_found', status: 404 });
        expect(error.message).toContain('Invalid Action Type');
    });

    it('an action the user may not run is forbidden', async () => {
        const nango = actionMock('run-invocable-action');
        const error = await actionErrorOf(run(action, nango, { actionType: 'standard', actionName: 'emailSimple', inputs: [{ emailSubject: 'x' }] }));
        expect(error).toMatchObject({ type: 'forbidden', errorCode: 'INSUFFICIENT_ACCESS', status: 403 });
    });

    it.each([
        ['a type with a slash', { actionType: 'custom/flow', actionName: 'X', inputs: [{}] }],
        ['a type with a dot-dot', { actionType: '..', actionName: 'X', inputs: [{}] }],
        ['a name with a slash', { actionType: 'standard', actionName: 'emailSimple/../../limits', inputs: [{}] }],
        ['a name with two dots', { actionType: 'quickAction', actionName: 'Account.Log.ACall', inputs: [{}] }],
        ['a name with a query string', { actionType: 'standard', actionName: 'emailSimple?x=1', inputs: [{}] }],
        ['a name with a NUL', { actionType: 'standard', actionName: 'email\u0000Simple', inputs: [{}] }],
        ['a flow name with a dot', { actionType: 'flow', actionName: 'Account.Flow', inputs: [{}] }],
        ['no inputs', { actionType: 'standard', actionName: 'chatterPost' }],
        ['an input key with a space', { actionType: 'standard', actionName: 'chatterPost', inputs: [{ 'sub ject': 'x' }] }],
        ['an input key with a bidi override', { actionType: 'standard', actionName: 'chatterPost', inputs: [{ 'text\u202e': 'x' }] }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('run-invocable-action');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});

describe('salesforce run-invocable-action: keys the schema would drop', () => {
    it('refuses a __proto__ or constructor key before any request', async () => {
        for (const key of ['__proto__', 'constructor_']) {
            const nango = actionMock('run-invocable-action');
            const error = await actionErrorOf(run(action, nango, { actionType: 'standard', actionName: 'chatterPost', inputs: [JSON.parse(`{"${key}": {"polluted": true}}`)] }));
            expect(error.type).toBe('invalid_input');
            expect(requestCount(nango)).toBe(0);
        }
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
});
