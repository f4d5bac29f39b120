import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { outputSchemaOf, searchTextSchema, searchTyped } from '../lib/crm/typed.js';
import { parseInput } from '../lib/input/schemas.js';
import { ContactObject } from '../models/contact.js';

const Input = z.object({
    text: searchTextSchema,
    limit: z.number().int().min(1).max(200).optional().describe('Most contacts to return, 1–200. Default 20.')
});

const Output = z.object({
    contacts: z.array(outputSchemaOf(ContactObject)).describe('Best matches first.'),
    truncated: z.boolean().describe("True when matches were left out to stay under Nango's 2 MB output limit; use a lower limit or a narrower text.")
});

const action = createAction({
    description:
        'Find contacts by free text across their searchable fields (name, email, phone…), best matches first. The text is searched literally: SOSL reserved characters are escaped. One SOSL search (GET /search).',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const found = await guarded(nango, () => searchTyped(nango, ContactObject, input.text, input.limit ?? 20));
        return { contacts: found.items, truncated: found.truncated };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
