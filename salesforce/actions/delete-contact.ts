import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { deleteRecord } from '../lib/writes/records.js';
import { deleteResultSchema, parseInput, recordIdSchema } from '../lib/input/schemas.js';

const Input = z.object({
    recordId: recordIdSchema.describe('Id of the contact to delete.')
});

const action = createAction({
    description:
        'Delete a contact by id (it goes to the Recycle Bin). Safe to retry: deleting it again reports alreadyDeleted true. Calls DELETE /sobjects/Contact/{recordId}.',
    version: '1.0.0',
    input: Input,
    output: deleteResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId, alreadyDeleted } = await guarded(nango, () => deleteRecord(nango, 'Contact', input.recordId));
        return { recordId, success: true, alreadyDeleted };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
