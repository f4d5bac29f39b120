import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { getTyped, outputSchemaOf } from '../lib/crm/typed.js';
import { parseInput, recordIdSchema } from '../lib/input/schemas.js';
import { TaskObject } from '../models/task.js';

const Input = z.object({
    recordId: recordIdSchema.describe('Id of the task.')
});

const action = createAction({
    description:
        'Get one task by id: subject, status, priority, due date, description, closed flag, who (contact or lead), what (related record), owner and dates. A deleted task fails with type entity_deleted. One SOQL query (queryAll).',
    version: '1.0.0',
    input: Input,
    output: outputSchemaOf(TaskObject),
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, () => getTyped(nango, TaskObject, input.recordId));
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
