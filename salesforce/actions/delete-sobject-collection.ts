import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { MAX_COLLECTION_RECORDS, fitOutcome, runCollection } from '../lib/writes/collections.js';
import { InputError } from '../lib/http/errors.js';
import { toId18 } from '../lib/input/ids.js';
import { allOrNoneSchema, collectionOutputSchema, parseInput, recordIdSchema } from '../lib/input/schemas.js';

const Input = z.object({
    recordIds: z
        .array(recordIdSchema)
        .min(1)
        .max(MAX_COLLECTION_RECORDS)
        .describe(`Ids of the records to delete, of any objects, e.g. ["001D000000IqhSLIAZ", "003D000000QnQ1XIAV"]. 1–${MAX_COLLECTION_RECORDS}, each once.`),
    allOrNone: allOrNoneSchema
});

const action = createAction({
    description:
        'Delete many records (of any objects) by id, 1,000 per API request (200 per collection, five collections per composite call); results per record in input order. Deleted records go to the Recycle Bin; without allOrNone, a record already there counts as deleted (alreadyDeleted true), so a retry is safe. allOrNone rolls back an API call (up to 1,000 records) as a unit. Calls DELETE /composite/sobjects?ids= (or /composite for more than 200).',
    version: '1.0.0',
    input: Input,
    output: collectionOutputSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const seen = new Set<string>();
            const items = input.recordIds.map((id, i) => {
                const id18 = toId18(id);
                if (seen.has(id18)) throw new InputError(`${id18} appears twice; delete each record once per call`, `recordIds[${i}]`);
                seen.add(id18);
                return id18;
            });
            return fitOutcome(await runCollection(nango, { operation: 'delete', items, allOrNone: input.allOrNone ?? false }));
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
