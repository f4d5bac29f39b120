import { createAction } from 'nango';
import * as z from 'zod';

import { assertQuickActionName, guarded, paths, request } from '../lib/http/api.js';
import { parseInput, recordIdSchema, salesforceRecordSchema, sObjectSchema } from '../lib/input/schemas.js';

const Input = z.object({
    actionName: z
        .string()
        .max(161)
        .superRefine((value, ctx) => {
            try {
                assertQuickActionName(value);
            } catch (error) {
                ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
            }
        })
        .describe('Quick action name from list-quick-actions, e.g. "LogACall" (global) or "Account.New_Account" (object).'),
    sObject: sObjectSchema.optional().describe('Object the action belongs to, e.g. "Account"; omit for a global action.'),
    contextId: recordIdSchema.optional().describe('Record the action would run from, e.g. an Account id; its lookups are pre-filled in the defaults.')
});

const Output = z.object({
    defaultValues: salesforceRecordSchema.describe('Default field values of the record the action would create, e.g. {"Subject": "Call", "WhatId": "001…"}.')
});

const action = createAction({
    description:
        "Get the default field values a quick action would fill in, optionally in the context of a record (its lookups pre-filled). Calls GET /quickActions/{actionName}/defaultValues[/{contextId}] or the object's /sobjects/{sObject}/quickActions/… form.",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const response = await guarded(nango, () =>
            request<Record<string, unknown>>(nango, {
                method: 'GET',
                endpoint: paths.quickActionDefaults(input.actionName, input.sObject, input.contextId),
                context: `get defaults of quick action ${input.actionName}`
            })
        );
        return { defaultValues: response.data ?? {} };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
