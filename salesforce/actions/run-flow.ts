import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { MAX_FLOW_NAME_LENGTH, assertFlowApiName, assertInputRows } from '../lib/input/actions.js';
import { inputRowsSchema, invocationOutputSchema } from '../lib/input/invocable-schemas.js';
import { parseInput } from '../lib/input/schemas.js';
import { fitInvocationOutput, invokeAction } from '../lib/writes/invocable.js';

const Input = z.object({
    flowApiName: z
        .string()
        .min(1)
        .max(MAX_FLOW_NAME_LENGTH)
        .describe('API name of an active autolaunched flow, e.g. "Create_Follow_Up_Task" (a managed one: "acme__Score_Lead"); list-invocable-actions with customTypes ["flow"] lists them.'),
    inputs: inputRowsSchema
        .optional()
        .describe('Input variables per run, e.g. [{"recordId": "001D000000IqhSLIAZ", "daysUntilDue": 3}]: one flow interview per row (1–200). Default: one run without inputs.')
});

const Output = invocationOutputSchema.extend({
    results: invocationOutputSchema.shape.results.describe(
        'One result per input row, in input order; outputValues holds the flow\'s output variables and Flow__InterviewStatus (e.g. "Finished").'
    )
});

const action = createAction({
    description:
        'Run an active autolaunched flow by API name, once per input row, and return each run\'s output variables or errors. The flow may create, change or delete records, send email or notify people, whatever it was built to do. Sent once and never retried (a re-run runs the flow again): after a timeout, check its effects before repeating. Calls POST /actions/custom/flow/{flowApiName}.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const result = await guarded(nango, () => {
            const flowApiName = assertFlowApiName(input.flowApiName);
            // the rows as sent, keys included (the schema's record type would silently drop a key such as __proto__)
            const rows = assertInputRows(input.inputs === undefined ? [{}] : (rawInput as { inputs?: unknown }).inputs);
            return invokeAction(nango, { type: 'flow', name: flowApiName }, rows, `run flow ${flowApiName}`);
        });
        const envelope = { actionName: result.actionName, success: result.success, results: [] };
        return { ...envelope, results: fitInvocationOutput(result.results, envelope) };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
