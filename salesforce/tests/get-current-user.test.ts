import { describe, expect, it } from 'vitest';

import action from '../actions/get-current-user.js';
import { actionMock, requests, run } from './helpers.js';

describe('salesforce get-current-user', () => {
    it('maps userinfo to the user and org ids, name, locale and time zone', async () => {
        const nango = actionMock('get-current-user');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        expect(requests(nango)[0]).toMatchObject({ method: 'GET', endpoint: '/services/oauth2/userinfo', retries: 3 });
    });
});
