import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { getTyped, outputSchemaOf } from '../lib/crm/typed.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { AccountObject } from '../models/account.js';

const Input = z.object({
    recordId: recordIdSchema.describe('Id of the account, e.g. "001D000000IqhSLIAZ".')
});

const action = createAction({
    description:
        'Get one account by id: name, type, industry, website, phone, revenue, employees, billing and shipping address, parent, owner and dates. A deleted account fails with type entity_deleted, an unknown id with not_found. One SOQL query (queryAll).',
    version: '1.0.0',
    input: Input,
    output: outputSchemaOf(AccountObject),
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, () => getTyped(nango, AccountObject, input.recordId));
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
