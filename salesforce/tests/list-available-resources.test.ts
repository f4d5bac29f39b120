import { describe, expect, it } from 'vitest';

import action from '../actions/list-available-resources.js';
import { actionMock, requests, run } from './helpers.js';

describe('salesforce list-available-resources', () => {
    it('returns the resources of the version in use and the versions', async () => {
        const nango = actionMock('list-available-resources');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango).map((r) => r['endpoint'])).toEqual(['/services/data/v66.0/', '/services/data/']);
    });

    it('skips the versions call when not asked for', async () => {
        const nango = actionMock('list-available-resources');
        const output = await run(action, nango, { includeVersions: false });
        expect(output.versions).toEqual([]);
        expect(requests(nango)).toHaveLength(1);
    });
});
