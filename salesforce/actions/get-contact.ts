import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { getTyped, outputSchemaOf } from '../lib/crm/typed.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { ContactObject } from '../models/contact.js';

const Input = z.object({
    recordId: recordIdSchema.describe('Id of the contact.')
});

const action = createAction({
    description:
        'Get one contact by id: names, email, phones, title, department, mailing address, account (id and name), owner and dates. A deleted contact fails with type entity_deleted, an unknown id with not_found. One SOQL query (queryAll).',
    version: '1.0.0',
    input: Input,
    output: outputSchemaOf(ContactObject),
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, () => getTyped(nango, ContactObject, input.recordId));
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
