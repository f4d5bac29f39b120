import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { customFieldsInputSchema, toSalesforceBody } from '../lib/crm/typed.js';
import { updateRecord } from '../lib/writes/records.js';
import { parseInput, recordIdSchema, writeResultSchema } from '../lib/input/schemas.js';
import { ACCOUNT_FIELD_MAP, accountInputShape } from '../models/account.js';

const Input = z
    .object({ recordId: recordIdSchema.describe('Id of the account to change.'), ...accountInputShape, customFields: customFieldsInputSchema })
    .partial({ name: true });

const action = createAction({
    description:
        "Change an account's fields by id: any of name, type, industry, website, phone, description, annual revenue, employees, billing address and custom fields; the others keep their values. Calls PATCH /sobjects/Account/{recordId}.",
    version: '1.0.0',
    input: Input,
    output: writeResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId } = await guarded(nango, () => updateRecord(nango, 'Account', input.recordId, toSalesforceBody(input, ACCOUNT_FIELD_MAP, input.customFields)));
        return { recordId, success: true };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
