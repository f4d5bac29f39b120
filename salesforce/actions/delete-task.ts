import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { deleteRecord } from '../lib/writes/records.js';
import { parseInput, recordIdSchema, writeResultSchema } from '../lib/input/schemas.js';

const Input = z.object({
    recordId: recordIdSchema.describe('Id of the task to delete.')
});

const action = createAction({
    description:
        'Delete a task by id (it goes to the Recycle Bin). Deleting it again fails with type entity_deleted. Calls DELETE /sobjects/Task/{recordId}.',
    version: '1.0.0',
    input: Input,
    output: writeResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId } = await guarded(nango, () => deleteRecord(nango, 'Task', input.recordId));
        return { recordId, success: true };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
