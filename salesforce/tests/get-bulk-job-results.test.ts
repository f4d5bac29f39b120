import { describe, expect, it } from 'vitest';

import action from '../actions/get-bulk-job-results.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce get-bulk-job-results', () => {
    it('reads the job, then its failed rows, parsed with their sf__Error code', async () => {
        const nango = actionMock('get-bulk-job-results');
        expect(await run(action, nango, await nango.getInput())).toEqual(await nango.getOutput());
        expect(requests(nango).map((r) => r['endpoint'])).toEqual(['/services/data/v66.0/jobs/ingest/7505g00000AbCdEAAV', '/services/data/v66.0/jobs/ingest/7505g00000AbCdEAAV/failedResults']);
    });

    it('an offset past the rows gives an empty last page', async () => {
        const nango = actionMock('get-bulk-job-results');
        expect(await run(action, nango, { jobId: '7505g00000AbCdEAAV', results: 'failed', offset: 5 })).toMatchObject({ rows: [], nextOffset: null, offset: 5 });
    });

    it.each([
        ['an unknown result kind', { jobId: '7505g00000AbCdEAAV', results: 'all' }],
        ['a negative offset', { jobId: '7505g00000AbCdEAAV', results: 'failed', offset: -1 }],
        ['a limit above 10,000', { jobId: '7505g00000AbCdEAAV', results: 'failed', limit: 10_001 }],
        ['a hostile job id', { jobId: '7505g00000AbCdE%2F', results: 'failed' }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('get-bulk-job-results');
        expect((await actionErrorOf(run(action, nango, input))).type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
