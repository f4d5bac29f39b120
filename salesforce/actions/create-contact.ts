import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { customFieldsInputSchema, toSalesforceBody } from '../lib/crm/typed.js';
import { createRecord } from '../lib/writes/records.js';
import { parseInput, writeResultSchema } from '../lib/input/schemas.js';
import { CONTACT_FIELD_MAP, contactInputShape } from '../models/contact.js';

const Input = z.object({ ...contactInputShape, customFields: customFieldsInputSchema });

const action = createAction({
    description:
        'Create a contact from a last name and optional first name, email, phones, title, department, account, lead source, description and mailing address (plus any custom fields), and return its id. Sent once, never retried automatically. Calls POST /sobjects/Contact.',
    version: '1.0.0',
    input: Input,
    output: writeResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId } = await guarded(nango, () => createRecord(nango, 'Contact', toSalesforceBody(input, CONTACT_FIELD_MAP, input.customFields)));
        return { recordId, success: true };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
