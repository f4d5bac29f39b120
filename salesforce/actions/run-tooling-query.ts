import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { InputError } from '../lib/http/errors.js';
import { firstPageOutput, pageOutput, parseToolingLocator, toolingQueryPage } from '../lib/http/pager.js';
import { batchSizeSchema, parseInput, queryPageSchema, soqlSchema } from '../lib/input/schemas.js';

const Input = z
    .object({
        query: soqlSchema
            .optional()
            .describe(
                'A read-only Tooling API SOQL SELECT, e.g. "SELECT Id, Name, ApiVersion, Status FROM ApexClass ORDER BY Name", "SELECT DeveloperName, TableEnumOrId FROM CustomField" or "SELECT ValidationName, Active, ErrorMessage FROM ValidationRule WHERE Active = true". Only SELECT: anything else (DML words, FOR UPDATE/VIEW/REFERENCE, a ";") is refused before any call. Give query or nextRecordsUrl, not both.'
            ),
        nextRecordsUrl: z
            .string()
            .max(200)
            .optional()
            .describe('The nextRecordsUrl of a previous run-tooling-query page, exactly as returned, e.g. "/services/data/v66.0/tooling/query/01gRO0000016PIAYA2-2000", for the next page. Other URLs are refused.'),
        batchSize: batchSizeSchema
    })
    .describe('Exactly one of query (first page) or nextRecordsUrl (next page).');

/** Words that make a statement something other than a plain read, outside string literals. */
const NOT_A_READ = /\bFOR\s+(?:UPDATE|VIEW|REFERENCE)\b/i;

/** Refuses anything but one SELECT statement; string literals are left out of the checks. */
function assertReadOnlySelect(query: string): void {
    const outsideStrings = query.replace(/'(?:[^'\\]|\\.)*'/gs, "''");
    if (!/^\s*SELECT\b/i.test(outsideStrings)) {
        const first = /^\s*([A-Za-z]+)/.exec(outsideStrings)?.[1];
        throw new InputError(`must be a SOQL SELECT statement${first ? `, not ${first.toUpperCase()}` : ''}: this action only reads (the Tooling API query resource); to change metadata use Setup or the Metadata API`, 'query');
    }
    if (outsideStrings.includes(';')) throw new InputError('must be one SOQL statement, without ";"', 'query');
    const locking = NOT_A_READ.exec(outsideStrings);
    if (locking) throw new InputError(`must not use ${locking[0].toUpperCase()}: it locks or marks records; this action only reads`, 'query');
}

const action = createAction({
    description:
        'Run a read-only SOQL SELECT on the Tooling API (setup metadata: ApexClass, ApexTrigger, CustomField, ValidationRule, FlowDefinition…) and return one page of rows with totalSize, done and nextRecordsUrl; pass nextRecordsUrl back (instead of query) for the next page. Calls GET /tooling/query?q= and GET /tooling/query/{locator}. Changes nothing: statements other than a SELECT are refused before any call. Pages are cut to stay under 2 MB (truncated, with a nextRecordsUrl that continues after the last row).',
    version: '1.0.0',
    input: Input,
    output: queryPageSchema,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            if ((input.query === undefined) === (input.nextRecordsUrl === undefined)) {
                throw new InputError('give exactly one of query (a first page) or nextRecordsUrl (the next page)', input.query === undefined ? 'query' : 'nextRecordsUrl');
            }
            if (input.query !== undefined) {
                assertReadOnlySelect(input.query);
                const soql = input.query;
                return (await firstPageOutput((batchSize) => toolingQueryPage(nango, { soql }, { batchSize }), input.batchSize)).output;
            }
            const locator = parseToolingLocator(input.nextRecordsUrl);
            const page = await toolingQueryPage(nango, { locator }, { batchSize: input.batchSize });
            return pageOutput(page, locator);
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
