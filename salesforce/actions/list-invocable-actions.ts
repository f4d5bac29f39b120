import { createAction } from 'nango';
import * as z from 'zod';

import { guarded } from '../lib/http/api.js';
import { InputError } from '../lib/http/errors.js';
import { ACTION_TYPE_PATTERN } from '../lib/input/actions.js';
import { parseInput } from '../lib/input/schemas.js';
import { describeAction, fitActionPage, listActions, type DescribedAction } from '../lib/metadata/actions.js';

/** Actions per page without parameters (the list is read whole anyway) and with them (one describe call each). */
const MAX_LIMIT = 200;
const MAX_DESCRIBED = 25;
/** Largest offset taken (an org has a few thousand actions at most). */
const MAX_OFFSET = 999_999;

const Input = z.object({
    kind: z.enum(['standard', 'custom', 'all']).optional().describe('Which actions: "standard" (emailSimple, chatterPost, submit…), "custom" (flows, Apex, quick actions, email alerts) or "all" (default).'),
    customTypes: z
        .array(z.string().regex(new RegExp(ACTION_TYPE_PATTERN)))
        .min(1)
        .max(20)
        .optional()
        .describe('Only these custom types, e.g. ["flow"] or ["flow", "apex"]; saves the call listing the types. Default: every custom type the org has.'),
    nameContains: z.string().min(1).max(100).optional().describe('Keep actions whose name or label contains this text (case-insensitive), e.g. "email".'),
    includeParameters: z
        .boolean()
        .optional()
        .describe(`Also describe each action of the page: description, input and output parameters (one API call per action, so pages hold at most ${MAX_DESCRIBED}). Default false.`),
    limit: z.number().int().min(1).max(MAX_LIMIT).optional().describe(`Actions per page: 1–${MAX_LIMIT} (default 100), at most ${MAX_DESCRIBED} with includeParameters (default 10).`),
    offset: z
        .number()
        .int()
        .min(0)
        .max(MAX_OFFSET)
        .optional()
        .describe('Skip this many matching actions: the nextOffset of the previous page, e.g. 100, with the same other inputs. Default 0.')
});

const Parameter = z.object({
    name: z.string().describe('Parameter name to use as a key of an input row, e.g. "recordId" or "emailSubject".'),
    label: z.string().describe('Label shown in Flow Builder, e.g. "Subject".'),
    type: z.string().describe('Salesforce data type, e.g. "STRING", "TEXTAREA", "BOOLEAN", "NUMBER", "REFERENCE", "SOBJECT".'),
    required: z.boolean().describe('True when every input row must set it (always false for outputs).'),
    description: z.string().nullable().describe('What the parameter means, as the action describes it; null when it has no description.'),
    maxOccurs: z.number().nullable().describe('How many values it takes: 1 for one value, more for a collection; null when not reported.'),
    sobjectType: z.string().nullable().describe('Object of an sObject or record parameter, e.g. "Account"; null otherwise.'),
    picklistValues: z.array(z.string()).nullable().describe('Allowed values, e.g. ["CurrentUser", "DefaultWorkflowUser", "OrgWideEmailAddress"]; null when any value goes.')
});

const Output = z.object({
    actions: z
        .array(
            z.object({
                actionType: z.string().describe('"standard", or the custom type such as "flow" or "apex": pass it as actionType to run-invocable-action.'),
                name: z.string().describe('Action name: pass it as actionName to run-invocable-action (or flowApiName to run-flow), e.g. "emailSimple" or "Create_Follow_Up_Task".'),
                label: z.string().describe('Label shown to people, e.g. "Send Email".'),
                salesforceType: z.string().describe('Salesforce\'s own type of the action, e.g. "EMAILSIMPLE", "CHATTERPOST", "FLOW", "APEX".'),
                description: z.string().nullable().describe('What the action does, from its describe; null without includeParameters or when it has none.'),
                inputs: z.array(Parameter).nullable().describe('Input parameters, from its describe; null without includeParameters or when the describe failed.'),
                outputs: z.array(Parameter).nullable().describe('Output parameters (keys of outputValues in the run results); null without includeParameters or when the describe failed.'),
                describeError: z.string().nullable().describe('Why describing this action failed, e.g. a NOT_FOUND message; null when it was not described or succeeded.')
            })
        )
        .describe('A page of actions, standard first, then by custom type and name.'),
    totalSize: z.number().describe('Number of actions matching the filters, over all pages.'),
    nextOffset: z.number().nullable().describe('Pass it as offset, with the same other inputs, for the next page, e.g. 100; null on the last page.'),
    truncated: z.boolean().describe("True when this page was cut short to stay under Nango's 2 MB output limit; nextOffset continues right after it."),
    skippedTypes: z.array(z.string()).describe('Custom types Salesforce listed whose name cannot be used in a URL; they were not read (normally empty).'),
    apiCalls: z.number().describe('Salesforce API requests this call made: 2 plus one per custom type, plus one per action described.')
});

const action = createAction({
    description:
        'List the invocable actions of the org, standard ones (emailSimple, chatterPost, submit…) and custom ones (active autolaunched flows, Apex @InvocableMethod classes, quick actions, email alerts), optionally with their input and output parameters, paged with offset and nextOffset. Read-only. Run one with run-invocable-action or run-flow. Calls GET /actions/standard, GET /actions/custom, GET /actions/custom/{type}, and with includeParameters GET /actions/standard/{name} or /actions/custom/{type}/{name}.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        const describe = input.includeParameters === true;
        const limit = input.limit ?? (describe ? 10 : 100);
        const kind = input.kind ?? 'all';
        return guarded(nango, async () => {
            if (describe && limit > MAX_DESCRIBED) throw new InputError(`is at most ${MAX_DESCRIBED} with includeParameters (one describe call per action)`, 'limit');
            if (input.customTypes && kind === 'standard') throw new InputError('needs kind "custom" or "all"', 'customTypes');
            const listed = await listActions(nango, {
                standard: kind !== 'custom',
                custom: kind !== 'standard',
                ...(input.customTypes ? { customTypes: input.customTypes } : {})
            });
            const needle = input.nameContains?.toLowerCase();
            const matching = needle ? listed.actions.filter((a) => a.name.toLowerCase().includes(needle) || a.label.toLowerCase().includes(needle)) : listed.actions;
            const offset = input.offset ?? 0;
            const slice = matching.slice(offset, offset + limit);
            let apiCalls = listed.apiCalls;
            const page: DescribedAction[] = [];
            for (const summary of slice) {
                if (describe) {
                    page.push(await describeAction(nango, summary));
                    apiCalls++;
                } else {
                    page.push({ ...summary, description: null, inputs: null, outputs: null, describeError: null });
                }
            }
            const envelope = { actions: [], totalSize: matching.length, nextOffset: MAX_OFFSET, truncated: false, skippedTypes: listed.skippedTypes, apiCalls };
            let fitted = fitActionPage(page, envelope);
            const [head] = page;
            if (fitted.items.length === 0 && head) {
                // the first action's describe alone passes 2 MB: list it without its parameters, so nextOffset moves on
                const bare = { ...head, description: null, inputs: null, outputs: null, describeError: "its parameters are too large for Nango's 2 MB output" };
                fitted = { items: [bare], complete: false };
            }
            const end = offset + fitted.items.length;
            return {
                ...envelope,
                actions: fitted.items,
                nextOffset: end < matching.length ? end : null,
                truncated: !fitted.complete
            };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
