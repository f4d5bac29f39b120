import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { customFieldsInputSchema, toSalesforceBody } from '../lib/crm/typed.js';
import { createRecord } from '../lib/writes/records.js';
import { parseInput, writeResultSchema } from '../lib/input/schemas.js';
import { LEAD_FIELD_MAP, leadInputShape } from '../models/lead.js';

const Input = z.object({ ...leadInputShape, customFields: customFieldsInputSchema });

const action = createAction({
    description:
        "Create a lead from a last name and company and optional first name, email, phone, title, industry, status (default: the org's default status), lead source, website and description (plus any custom fields), and return its id. Sent once, never retried automatically. Calls POST /sobjects/Lead.",
    version: '1.0.0',
    input: Input,
    output: writeResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId } = await guarded(nango, () => createRecord(nango, 'Lead', toSalesforceBody(input, LEAD_FIELD_MAP, input.customFields)));
        return { recordId, success: true };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
