import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { customFieldsInputSchema, toSalesforceBody } from '../lib/crm/typed.js';
import { updateRecord } from '../lib/writes/records.js';
import { parseInput, recordIdSchema, writeResultSchema } from '../lib/input/schemas.js';
import { TASK_FIELD_MAP, taskInputShape } from '../models/task.js';

const Input = z
    .object({ recordId: recordIdSchema.describe('Id of the task to change.'), ...taskInputShape, customFields: customFieldsInputSchema })
    .partial({ subject: true });

const action = createAction({
    description:
        "Change a task's fields by id, e.g. mark it Completed: any of the typed fields or custom fields; the others keep their values. Calls PATCH /sobjects/Task/{recordId}.",
    version: '1.0.0',
    input: Input,
    output: writeResultSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const { recordId } = await guarded(nango, () => updateRecord(nango, 'Task', input.recordId, toSalesforceBody(input, TASK_FIELD_MAP, input.customFields)));
        return { recordId, success: true };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
