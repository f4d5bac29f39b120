import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { customFieldsInputSchema, toSalesforceBody } from '../lib/crm/typed.js';
import { updateRecord } from '../lib/writes/records.js';
import { parseInput, recordIdSchema, writeResultSchema } from '../lib/input/schemas.js';
import { OPPORTUNITY_DERIVED_FIELDS, OPPORTUNITY_FIELD_MAP, opportunityInputShape } from '../models/opportunity.js';

const Input = z
    .object({ recordId: recordIdSchema.describe('Id of the opportunity to change.'), ...opportunityInputShape, customFields: customFieldsInputSchema })
    .partial({ name: true, stageName: true, closeDate: true });

const action = createAction({
    description:
        "Change an opportunity's fields by id: any of the typed fields or custom fields; the others keep their values. To close a deal as won or lost use close-opportunity. Calls PATCH /sobjects/Opportunity/{recordId}.",
    version: '1.0.0',
    input: Input,
    output: writeResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId } = await guarded(nango, () => updateRecord(nango, 'Opportunity', input.recordId, toSalesforceBody(input, OPPORTUNITY_FIELD_MAP, input.customFields, OPPORTUNITY_DERIVED_FIELDS)));
        return { recordId, success: true };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
