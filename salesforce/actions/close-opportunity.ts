import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, paths, request, type NangoClient } from '../lib/http/api.js';
import { InputError, actionError, inputErrorPayload } from '../lib/http/errors.js';
import { assertRecordId, toId18 } from '../lib/input/ids.js';
import { printable } from '../lib/input/names.js';
import { queryFirstPage } from '../lib/http/pager.js';
import { getRecord, updateRecordOnce } from '../lib/writes/records.js';
import { and, buildSoql, compare } from '../lib/soql/builder.js';
import { dateSchema, fieldNameSchema, parseInput, recordIdSchema } from '../lib/input/schemas.js';

const Input = z.object({
    recordId: recordIdSchema.describe('Id of the opportunity to close, starts with 006, e.g. "006D000000AbCdEIAV".'),
    outcome: z.enum(['won', 'lost']).describe('Close the deal as won or as lost.'),
    stageName: z
        .string()
        .min(1)
        .max(255)
        .optional()
        .describe("A specific closed stage of the org for that outcome, e.g. \"Closed Won - Renewal\". Default: the org's first active closed stage with that outcome."),
    closeDate: dateSchema
        .optional()
        .describe("Close date, YYYY-MM-DD. Default: today in the connected user's time zone (User.TimeZoneSidKey, read from /services/oauth2/userinfo), not UTC."),
    amount: z.number().min(0).optional().describe('Final amount, e.g. 52000.'),
    reason: z
        .string()
        .min(1)
        .max(32_000)
        .optional()
        .describe('Why it was won or lost. Written only to reasonField, so it needs reasonField; Description is never touched unless reasonField is "Description".'),
    reasonField: fieldNameSchema.optional().describe('Field that receives reason, e.g. "Loss_Reason__c" or "Description". Required with reason; no default.')
});

const Output = z.object({
    recordId: z.string().describe('18-character Opportunity id, starts with 006, e.g. "006D000000AbCdEIAV".'),
    stageName: z.string().describe('The closed stage the opportunity is now in.'),
    isWon: z.boolean().describe('True when the deal was closed as won (follows the stage).'),
    isClosed: z.boolean().describe('True once closed, won or lost (follows the stage).'),
    probability: z.number().nullable().describe("The stage's default probability (100 for won, 0 for lost in most orgs)."),
    forecastCategory: z.string().nullable().describe('Forecast category the stage sets, e.g. "Closed" or "Omitted".'),
    closeDate: z.string().describe('Close date of the opportunity now, YYYY-MM-DD, e.g. "2026-12-01" (with alreadyClosed, the date it already had).'),
    alreadyClosed: z
        .boolean()
        .describe(
            'True when the opportunity was already in that closed stage with every value asked for (e.g. closed by an earlier run whose answer was lost): nothing was written. An omitted closeDate then keeps the date it has.'
        )
});

/** An input found wrong only after reading the org's stages: nothing was written, but a query was made. */
function inputErrorAfterLookup(nango: NangoClient, message: string, path: string): Error {
    return actionError(nango, inputErrorPayload(new InputError(message, path), "Found after reading the org's opportunity stages; nothing was written."));
}

/** Fields the action writes or Salesforce derives from StageName; reason may not go into them. */
const FIELDS_THE_ACTION_SETS = new Set(['id', 'stagename', 'closedate', 'amount', 'iswon', 'isclosed', 'probability', 'forecastcategoryname', 'forecastcategory']);

interface Stage {
    ApiName?: string;
    MasterLabel?: string;
    IsWon?: boolean;
    IsClosed?: boolean;
    DefaultProbability?: number;
    ForecastCategoryName?: string;
}

/** YYYY-MM-DD of the instant in an IANA time zone (User.TimeZoneSidKey values are IANA ids, e.g. "America/Los_Angeles"). */
function localDate(instant: Date, timeZone: string): string {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
    const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Today in the connected user's time zone: userinfo's zoneinfo is the user's TimeZoneSidKey. */
async function todayForUser(nango: NangoClient): Promise<string> {
    const response = await request<Record<string, unknown>>(nango, { method: 'GET', endpoint: paths.userInfo(), context: "read the user's time zone for the default closeDate" });
    const zone = response.data?.['zoneinfo'];
    if (typeof zone === 'string' && zone.length > 0) {
        try {
            return localDate(new Date(), zone);
        } catch {
            // not a zone this runtime knows: refused below
        }
    }
    throw actionError(
        nango,
        inputErrorPayload(
            new InputError(`is needed: the user's time zone (${typeof zone === 'string' ? printable(zone) : 'none'}) could not give today's date`, 'closeDate'),
            'Found after reading the user info; nothing was written.'
        )
    );
}

const action = createAction({
    description:
        "Close an opportunity as won or lost: picks the org's closed stage for that outcome from OpportunityStage (stage names vary by org, so none is assumed), sets it with the close date (default: today in the connected user's time zone), and optionally the amount and a reason written only to the reasonField you name (Description is left alone unless that is the field named). IsWon and IsClosed follow the stage; they are never written. Changes data. Safe to re-run: it first reads the opportunity, and one already in that closed stage with the values asked for (e.g. closed by an earlier run whose answer was lost) is left alone (alreadyClosed true; an omitted closeDate keeps its date); the PATCH is sent without blind retries, and when its answer is lost the opportunity is read back and the PATCH sent again only if the values are not there, so the update (and the org's triggers and flows on it) runs once. Calls: a SOQL query of OpportunityStage, GET /sobjects/Opportunity/{recordId}, GET /services/oauth2/userinfo when closeDate is omitted and a write is needed, and PATCH /sobjects/Opportunity/{recordId}.",
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            assertRecordId(input.recordId, 'recordId', 'Opportunity');
            const reasonField = input.reasonField;
            if (input.reason !== undefined && reasonField === undefined) {
                throw new InputError('needs reasonField: the reason is written only to the field you name (e.g. "Loss_Reason__c" or "Description")', 'reason');
            }
            if (reasonField !== undefined && FIELDS_THE_ACTION_SETS.has(reasonField.toLowerCase())) {
                throw new InputError(`cannot be ${reasonField}: the action sets it itself (or Salesforce derives it from the stage)`, 'reasonField');
            }
            const won = input.outcome === 'won';
            const soql = buildSoql({
                select: ['ApiName', 'MasterLabel', 'IsWon', 'IsClosed', 'DefaultProbability', 'ForecastCategoryName'],
                from: 'OpportunityStage',
                where: and(compare('IsActive', '=', true), compare('IsClosed', '=', true), compare('IsWon', '=', won)),
                orderBy: [{ field: 'SortOrder' }]
            });
            const stages = (await queryFirstPage<Stage>(nango, soql, { context: 'read the closed opportunity stages' })).records;
            const nameOf = (s: Stage) => s.ApiName ?? s.MasterLabel ?? '';
            const stage = input.stageName ? stages.find((s) => nameOf(s) === input.stageName || s.MasterLabel === input.stageName) : stages[0];
            if (!stage) {
                throw inputErrorAfterLookup(
                    nango,
                    input.stageName
                        ? `"${printable(input.stageName)}" is not an active closed ${input.outcome} stage of this org (those are: ${stages.map((s) => printable(nameOf(s))).join(', ') || 'none'})`
                        : `the org has no active closed ${input.outcome} stage`,
                    input.stageName ? 'stageName' : 'outcome'
                );
            }
            const result = {
                recordId: toId18(input.recordId),
                stageName: nameOf(stage),
                isWon: stage.IsWon === true,
                isClosed: true,
                probability: typeof stage.DefaultProbability === 'number' ? stage.DefaultProbability : null,
                forecastCategory: stage.ForecastCategoryName ?? null
            };
            // already closed as asked (a re-run after a lost answer): nothing to write, and no new "today"
            const wanted: Record<string, unknown> = { StageName: nameOf(stage) };
            if (input.closeDate !== undefined) wanted['CloseDate'] = input.closeDate;
            if (input.amount !== undefined) wanted['Amount'] = input.amount;
            if (input.reason !== undefined && reasonField !== undefined) wanted[reasonField] = input.reason;
            const current = await getRecord(nango, 'Opportunity', input.recordId, ['StageName', 'CloseDate', ...Object.keys(wanted).filter((f) => f !== 'StageName' && f !== 'CloseDate')]);
            const valueOf = (field: string): unknown => current[Object.keys(current).find((k) => k.toLowerCase() === field.toLowerCase()) ?? field];
            if (Object.entries(wanted).every(([field, value]) => valueOf(field) === value) && typeof current['CloseDate'] === 'string') {
                return { ...result, closeDate: current['CloseDate'], alreadyClosed: true };
            }
            const closeDate = input.closeDate ?? (await todayForUser(nango));
            const body: Record<string, unknown> = { ...wanted, CloseDate: closeDate };
            await updateRecordOnce(nango, 'Opportunity', input.recordId, body);
            return { ...result, closeDate, alreadyClosed: false };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
