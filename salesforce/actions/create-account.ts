import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { customFieldsInputSchema, toSalesforceBody } from '../lib/crm/typed.js';
import { createRecord } from '../lib/writes/records.js';
import { parseInput, writeResultSchema } from '../lib/input/schemas.js';
import { ACCOUNT_FIELD_MAP, accountInputShape } from '../models/account.js';

const Input = z.object({ ...accountInputShape, customFields: customFieldsInputSchema });

const action = createAction({
    description:
        'Create an account from a name and optional type, industry, website, phone, description, annual revenue, employees and billing address (plus any custom fields), and return its id. Sent once, never retried automatically. Calls POST /sobjects/Account.',
    version: '1.0.0',
    input: Input,
    output: writeResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId } = await guarded(nango, () => createRecord(nango, 'Account', toSalesforceBody(input, ACCOUNT_FIELD_MAP, input.customFields)));
        return { recordId, success: true };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
