import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { getTyped, outputSchemaOf } from '../lib/crm/typed.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { LeadObject } from '../models/lead.js';

const Input = z.object({
    recordId: recordIdSchema.describe('Id of the lead.')
});

const action = createAction({
    description:
        'Get one lead by id: names, company, title, contact details, industry, status, source, address, owner, and conversion results (converted account, contact and opportunity ids). A deleted lead fails with type entity_deleted. One SOQL query (queryAll).',
    version: '1.0.0',
    input: Input,
    output: outputSchemaOf(LeadObject),
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, () => getTyped(nango, LeadObject, input.recordId));
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
