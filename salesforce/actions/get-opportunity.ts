import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { getTyped, outputSchemaOf } from '../lib/crm/typed.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { OpportunityObject } from '../models/opportunity.js';

const Input = z.object({
    recordId: recordIdSchema.describe('Id of the opportunity.')
});

const action = createAction({
    description:
        'Get one opportunity by id: amount, stage, close date, probability, forecast category, closed and won flags, account (id and name), owner and dates. A deleted opportunity fails with type entity_deleted. One SOQL query (queryAll).',
    version: '1.0.0',
    input: Input,
    output: outputSchemaOf(OpportunityObject),
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, () => getTyped(nango, OpportunityObject, input.recordId));
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
