import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { customFieldsInputSchema, toSalesforceBody } from '../lib/crm/typed.js';
import { createRecordOnce } from '../lib/writes/records.js';
import { CREATE_RERUN_NOTE, createResultSchema, idempotencyInputShape, idempotencyKeyOf } from '../lib/writes/idempotent.js';
import { parseInput } from '../lib/input/schemas.js';
import { LEAD_FIELD_MAP, leadInputShape } from '../models/lead.js';

const Input = z.object({ ...leadInputShape, customFields: customFieldsInputSchema, ...idempotencyInputShape });

const action = createAction({
    description: `Create a lead from a last name and company and optional first name, email, phone, title, industry, status (default: the org's default status), lead source, website and description (plus any custom fields), and return its id. Calls POST /sobjects/Lead (with an idempotency key, first a SOQL query for it). ${CREATE_RERUN_NOTE}`,
    version: '1.0.0',
    input: Input,
    output: createResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId, replayed } = await guarded(nango, () => createRecordOnce(nango, 'Lead', toSalesforceBody(input, LEAD_FIELD_MAP, input.customFields), idempotencyKeyOf(input)));
        return { recordId, success: true, replayed };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
