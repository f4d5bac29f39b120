import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request } from '../lib/http/api.js';
import { parseInput, salesforceRecordSchema } from '../lib/input/schemas.js';

const Input = z.object({
    limit: z.number().int().min(1).max(200).optional().describe('Most items to return, 1–200 (default: Salesforce\'s maximum, 200).')
});

const Output = z.object({
    recentItems: z.array(salesforceRecordSchema).describe('Records the connected user viewed or referenced recently, most recent first (Id, Name, attributes.type).')
});

const action = createAction({
    description:
        "List the records the connected user viewed or referenced most recently, across objects (tasks, events and reports excluded by Salesforce). Calls GET /recent?limit=.",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const response = await guarded(nango, () =>
            request<Array<Record<string, unknown>>>(nango, {
                method: 'GET',
                endpoint: paths.recent(),
                ...(input.limit !== undefined ? { params: { limit: String(input.limit) } } : {}),
                context: 'list recent items'
            })
        );
        return { recentItems: Array.isArray(response.data) ? response.data : [] };
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
