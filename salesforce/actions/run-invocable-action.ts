import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { ACTION_TYPE_PATTERN, assertActionName, assertActionType, assertInputRows } from '../lib/input/actions.js';
import { inputRowsSchema, invocationOutputSchema } from '../lib/input/invocable-schemas.js';
import { parseInput } from '../lib/input/schemas.js';
import { fitInvocationOutput, invokeAction } from '../lib/writes/invocable.js';

const Input = z.object({
    actionType: z
        .string()
        .regex(new RegExp(ACTION_TYPE_PATTERN))
        .describe('"standard" for a standard action, else the custom type: "flow", "apex", "quickAction", "emailAlert"… (the actionType list-invocable-actions reports).'),
    actionName: z
        .string()
        .min(1)
        .max(195)
        .describe('Name of the action, e.g. "chatterPost", "emailSimple", "Create_Follow_Up_Task", "AccountNameLookup" or "Account.LogACall" (the name list-invocable-actions reports).'),
    inputs: inputRowsSchema
});

const action = createAction({
    description:
        'Run a standard or custom invocable action (a standard action such as chatterPost or emailSimple, an Apex @InvocableMethod, a flow, a quick action, an email alert) once per input row, and return each run\'s outputs or errors. It may change data or notify people: emailSimple and emailAlert send email, chatterPost posts to a feed and notifies the people mentioned and following, submit starts an approval. Sent once and never retried (a re-run sends again): after a timeout, check its effects before repeating. Find actions and their inputs with list-invocable-actions. Calls POST /actions/standard/{actionName} or POST /actions/custom/{actionType}/{actionName}.',
    version: '1.0.0',
    input: Input,
    output: invocationOutputSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const result = await guarded(nango, () => {
            const actionType = assertActionType(input.actionType);
            const actionName = assertActionName(input.actionName);
            // the rows as sent, keys included (the schema's record type would silently drop a key such as __proto__)
            const rows = assertInputRows((rawInput as { inputs?: unknown }).inputs);
            return invokeAction(nango, { type: actionType, name: actionName }, rows, `run ${actionType} action ${actionName}`);
        });
        const envelope = { actionName: result.actionName, success: result.success, results: [] };
        return { ...envelope, results: fitInvocationOutput(result.results, envelope) };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
