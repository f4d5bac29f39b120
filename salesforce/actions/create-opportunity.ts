import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { customFieldsInputSchema, toSalesforceBody } from '../lib/crm/typed.js';
import { createRecord } from '../lib/writes/records.js';
import { parseInput, writeResultSchema } from '../lib/input/schemas.js';
import { OPPORTUNITY_DERIVED_FIELDS, OPPORTUNITY_FIELD_MAP, opportunityInputShape } from '../models/opportunity.js';

const Input = z.object({ ...opportunityInputShape, customFields: customFieldsInputSchema });

const action = createAction({
    description:
        'Create an opportunity from a name, stage and close date and optional account, amount, probability, type, lead source, next step and description (plus any custom fields), and return its id. IsClosed/IsWon follow the stage. Sent once, never retried automatically. Calls POST /sobjects/Opportunity.',
    version: '1.0.0',
    input: Input,
    output: writeResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId } = await guarded(nango, () => createRecord(nango, 'Opportunity', toSalesforceBody(input, OPPORTUNITY_FIELD_MAP, input.customFields, OPPORTUNITY_DERIVED_FIELDS)));
        return { recordId, success: true };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
