/**
 * Schemas shared by run-flow and run-invocable-action: the input rows and the per-row results.
 */
import * as z from 'zod';

import { MAX_INVOCATION_ROWS } from './actions.js';
import { salesforceErrorSchema } from './schemas.js';

export const inputRowsSchema = z
    .array(z.record(z.string(), z.unknown()).describe('One run: parameter name → value, e.g. {"recordId": "001D000000IqhSLIAZ", "daysUntilDue": 3}.'))
    .min(1)
    .max(MAX_INVOCATION_ROWS)
    .describe(
        `Input rows, one per run (1–${MAX_INVOCATION_ROWS}), each an object of input parameter names (as list-invocable-actions reports them) and values, e.g. [{"recordId": "001D000000IqhSLIAZ"}]. Results come back in the same order.`
    );

export const invocationOutputSchema = z.object({
    actionName: z.string().describe('Name of the action Salesforce ran, e.g. "Create_Follow_Up_Task" or "emailSimple".'),
    success: z.boolean().describe('True when every input row succeeded. False when at least one failed: see results[].errors.'),
    results: z
        .array(
            z.object({
                index: z.number().describe('Position of the input row (0-based); results are in input order.'),
                isSuccess: z.boolean().describe('True when this row ran without error.'),
                outputValues: z
                    .record(z.string(), z.unknown())
                    .nullable()
                    .describe('Output parameters of this run, e.g. {"taskId": "00T…", "Flow__InterviewStatus": "Finished"}; null when the action has none, the row failed, or it was omitted.'),
                errors: z.array(salesforceErrorSchema).describe('Why this row failed (empty on success), e.g. [{"errorCode": "UNKNOWN_EXCEPTION", "message": "An unhandled fault has occurred in this flow…"}].'),
                omitted: z.boolean().describe("True when outputValues was left out to keep the output under Nango's 2 MB limit (the row ran all the same).")
            })
        )
        .describe('One result per input row, in input order.')
});
