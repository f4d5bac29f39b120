import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { parseInput, sObjectSchema } from '../lib/input/schemas.js';

const Input = z.object({
    sObject: sObjectSchema.optional().describe('List the quick actions of this object (plus the global ones), e.g. "Account". Omit for global actions only.')
});

const Output = z.object({
    quickActions: z
        .array(
            z.object({
                name: z.string().describe('Action name to pass to get-quick-action-defaults, e.g. "LogACall" or "Account.New_Account".'),
                label: z.string().describe('Label shown to people, e.g. "Log a Call".'),
                type: z.string().describe('Kind of action, e.g. "Create", "LogACall", "Update".'),
                urls: z.record(z.string(), z.string()).describe('Salesforce URLs of the action: quickAction, describe, defaultValues.')
            })
        )
        .describe('The quick actions available: the global ones, plus the object\'s when sObject is given. Pass a name to get-quick-action-defaults.')
});

const action = createAction({
    description:
        'List the quick actions available to the connected user: the global ones, or those of one object together with the global ones. Calls GET /quickActions or GET /sobjects/{sObject}/quickActions.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const response = await guarded(nango, () =>
            request<Array<Record<string, unknown>>>(nango, {
                method: 'GET',
                endpoint: paths.quickActions(input.sObject),
                context: input.sObject ? `list quick actions of ${input.sObject}` : 'list global quick actions'
            })
        );
        const list = Array.isArray(response.data) ? response.data : [];
        return {
            quickActions: list.map((a) => ({
                name: String(a['name'] ?? ''),
                label: String(a['label'] ?? ''),
                type: String(a['type'] ?? ''),
                urls: (a['urls'] ?? {}) as Record<string, string>
            }))
        };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
