import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { customFieldsInputSchema, toSalesforceBody } from '../lib/crm/typed.js';
import { createRecordOnce } from '../lib/writes/records.js';
import { CREATE_RERUN_NOTE, createResultSchema, idempotencyInputShape, idempotencyKeyOf } from '../lib/writes/idempotent.js';
import { parseInput } from '../lib/input/schemas.js';
import { OPPORTUNITY_DERIVED_FIELDS, OPPORTUNITY_FIELD_MAP, opportunityInputShape } from '../models/opportunity.js';

const Input = z.object({ ...opportunityInputShape, customFields: customFieldsInputSchema, ...idempotencyInputShape });

const action = createAction({
    description: `Create an opportunity from a name, stage and close date and optional account, amount, probability, type, lead source, next step and description (plus any custom fields), and return its id. IsClosed/IsWon follow the stage. Calls POST /sobjects/Opportunity (with an idempotency key, first a SOQL query for it). ${CREATE_RERUN_NOTE}`,
    version: '1.0.0',
    input: Input,
    output: createResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId, replayed } = await guarded(nango, () => createRecordOnce(nango, 'Opportunity', toSalesforceBody(input, OPPORTUNITY_FIELD_MAP, input.customFields, OPPORTUNITY_DERIVED_FIELDS), idempotencyKeyOf(input)));
        return { recordId, success: true, replayed };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
