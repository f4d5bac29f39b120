import { describe, expect, it } from 'vitest';

import action from '../actions/get-bulk-job.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce get-bulk-job', () => {
    it('returns the job state and counts', async () => {
        const nango = actionMock('get-bulk-job');
        expect(await run(action, nango, await nango.getInput())).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'GET', endpoint: '/services/data/v66.0/jobs/ingest/7505g00000AbCdEAAV', retries: 3 });
    });

    it('reports an unknown job as not_found', async () => {
        const nango = actionMock('get-bulk-job');
        expect(await actionErrorOf(run(action, nango, { jobId: '750000000000000AAA' }))).toMatchObject({ type: 'not_found', status: 404 });
    });

    it.each([['a record id of another object', '001D000000IqhSLIAZ'], ['a traversal', '750/../../limits'], ['a query string', '7505g00000AbCdE?x=1'], ['a number', 750]])('refuses %s before any request', async (_label, jobId) => {
        const nango = actionMock('get-bulk-job');
        expect((await actionErrorOf(run(action, nango, { jobId }))).type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
