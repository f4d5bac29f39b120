import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { customFieldsInputSchema, toSalesforceBody } from '../lib/crm/typed.js';
import { createRecord } from '../lib/writes/records.js';
import { parseInput, writeResultSchema } from '../lib/input/schemas.js';
import { TASK_FIELD_MAP, taskInputShape } from '../models/task.js';

const Input = z.object({ ...taskInputShape, customFields: customFieldsInputSchema });

const action = createAction({
    description:
        'Create a task from a subject and optional status, priority, due date, who (contact or lead), what (related record), owner and description (plus any custom fields), and return its id. Sent once, never retried automatically. Calls POST /sobjects/Task.',
    version: '1.0.0',
    input: Input,
    output: writeResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId } = await guarded(nango, () => createRecord(nango, 'Task', toSalesforceBody(input, TASK_FIELD_MAP, input.customFields)));
        return { recordId, success: true };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
