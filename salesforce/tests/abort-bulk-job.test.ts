import { describe, expect, it } from 'vitest';

import action from '../actions/abort-bulk-job.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce abort-bulk-job', () => {
    it('sets the job state to Aborted (retried: idempotent)', async () => {
        const nango = actionMock('abort-bulk-job');
        expect(await run(action, nango, await nango.getInput())).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'PATCH', data: { state: 'Aborted' }, retries: 3 });
    });

    it.each([['an empty id', ''], ['an Account id', '001D000000IqhSLIAZ'], ['a newline', '7505g00000AbCdE\n']])('refuses %s before any request', async (_label, jobId) => {
        const nango = actionMock('abort-bulk-job');
        expect((await actionErrorOf(run(action, nango, { jobId }))).type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
