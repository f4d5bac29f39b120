import { createAction } from 'nango';
import * as z from 'zod';

import { guarded, type NangoClient } from '../lib/http/api.js';
import { InputError, actionError, inputErrorPayload } from '../lib/http/errors.js';
import { assertRecordId, toId18 } from '../lib/input/ids.js';
import { printable } from '../lib/input/names.js';
import { parseInput, recordIdSchema, salesforceErrorSchema } from '../lib/input/schemas.js';
import { MAX_CAMPAIGN_PEOPLE, assertDistinct, campaignStatuses, existingMembers, personOf, personTypeSchema, type MemberStatus } from '../lib/crm/campaigns.js';
import { runCollection } from '../lib/writes/collections.js';

const statusSchema = z.string().min(1).max(40);

const Input = z.object({
    campaignId: recordIdSchema.describe('Campaign to add to, id starts with 701, e.g. "701D0000000TVgqIAG".'),
    members: z
        .array(
            z.object({
                recordId: recordIdSchema.describe('Lead id (starts with 00Q, e.g. "00QD000000XyZ12MAF") or Contact id (starts with 003, e.g. "003D000000QlWzRIAV").'),
                status: statusSchema.optional().describe('Member status for this person, overriding the top-level status, e.g. "Registered".')
            })
        )
        .min(1)
        .max(MAX_CAMPAIGN_PEOPLE)
        .describe(`Leads and contacts to add, 1–${MAX_CAMPAIGN_PEOPLE}, each once, e.g. [{"recordId": "00QD000000XyZ12MAF"}, {"recordId": "003D000000QlWzRIAV", "status": "Responded"}].`),
    status: statusSchema
        .optional()
        .describe('Member status for every member without one of its own: one of the campaign\'s member status labels, e.g. "Sent" or "Responded". Default: the campaign\'s default status.')
});

const Output = z.object({
    campaignId: z.string().describe('18-character id of the campaign, starts with 701.'),
    results: z
        .array(
            z.object({
                index: z.number().describe('Position in members (0-based); results are in input order.'),
                recordId: z.string().describe('18-character id of the lead or contact, e.g. "00QD000000XyZ12MAF".'),
                type: personTypeSchema,
                outcome: z
                    .enum(['added', 'already_member', 'failed'])
                    .describe('added: a new CampaignMember was created; already_member: the person was a member before (nothing changed, the status was left as it was); failed: see errors.'),
                memberId: z.string().nullable().describe('CampaignMember id (starts with 00v, e.g. "00vD000000A1b2cIAB"): the new one, or the existing one for already_member; null when failed.'),
                status: z.string().nullable().describe('Member status: the one set for added, the current one for already_member; null when failed.'),
                errors: z.array(salesforceErrorSchema).describe('Why the add failed (empty otherwise), e.g. ENTITY_IS_DELETED for a deleted lead.')
            })
        )
        .describe('One result per member, in input order.'),
    added: z.number().describe('Members created by this call.'),
    alreadyMembers: z.number().describe('People who were members already (DUPLICATE_VALUE "Already a campaign member."): reported, not failed, so a repeated call is safe.'),
    failed: z.number().describe('Members that could not be added.')
});

type Result = z.infer<typeof Output>['results'][number];

/**
 * The status label the campaign has for a wanted one (exact), else invalid_input naming the labels it has (found
 * after the status query: the message says so, nothing was added).
 */
function checkedStatus(nango: NangoClient, wanted: string | undefined, statuses: readonly MemberStatus[], path: string): string | undefined {
    if (wanted === undefined) return undefined;
    if (statuses.some((s) => s.label === wanted)) return wanted;
    const labels = statuses.map((s) => `"${printable(s.label)}"`).join(', ');
    const error = new InputError(`"${printable(wanted)}" is not a member status of this campaign; it has ${labels}`, path);
    throw actionError(nango, inputErrorPayload(error, "Found after reading the campaign's member statuses; nothing was added."));
}

const action = createAction({
    description:
        'Add leads and contacts to a campaign as CampaignMembers, with a member status (default: the campaign\'s default status), up to 1,000 in one API call; results per person in input order. People already in the campaign are reported as already_member with their member id and status, not as failures, so a repeated call is safe. Checks the statuses against the campaign\'s CampaignMemberStatus first (one query; an unknown status changes nothing). Changes data; sends no email by itself (campaign automation in the org may). Calls GET /query (CampaignMemberStatus, CampaignMember) and POST /composite/sobjects (/composite above 200); the create is never retried.',
    version: '1.0.0',
    input: Input,
    output: Output,
    exec: async (nango, rawInput) => {
        const input = parseInput(nango, Input, rawInput);
        return guarded(nango, async () => {
            const campaignId = toId18(assertRecordId(input.campaignId, 'campaignId', 'Campaign'));
            const people = input.members.map((m, i) => personOf(m.recordId, `members[${i}].recordId`));
            assertDistinct(
                people.map((p) => p.id),
                'members'
            );
            const statuses = await campaignStatuses(nango, campaignId);
            const fallback = checkedStatus(nango, input.status, statuses, 'status');
            const wanted = input.members.map((m, i) => checkedStatus(nango, m.status, statuses, `members[${i}].status`) ?? fallback);
            const defaultLabel = (statuses.find((s) => s.isDefault) ?? statuses[0])?.label ?? null;

            const items = people.map((p, i) => ({
                attributes: { type: 'CampaignMember' },
                CampaignId: campaignId,
                [p.type === 'Lead' ? 'LeadId' : 'ContactId']: p.id,
                ...(wanted[i] !== undefined ? { Status: wanted[i] } : {})
            }));
            const outcome = await runCollection(nango, { operation: 'create', items, allOrNone: false });
            const duplicates = outcome.results.filter((r) => !r.success && r.errors.length > 0 && r.errors.every((e) => e.errorCode === 'DUPLICATE_VALUE'));
            const existing = duplicates.length > 0 ? await existingMembers(nango, campaignId, duplicates.map((r) => people[r.index]).filter((p) => p !== undefined)) : new Map();

            const results: Result[] = outcome.results.map((r) => {
                const person = people[r.index] ?? { id: '', type: 'Lead' as const };
                if (r.success) return { index: r.index, recordId: person.id, type: person.type, outcome: 'added', memberId: r.recordId, status: wanted[r.index] ?? defaultLabel, errors: [] };
                const member = existing.get(person.id);
                if (member && duplicates.includes(r)) {
                    return { index: r.index, recordId: person.id, type: person.type, outcome: 'already_member', memberId: member.memberId, status: member.status, errors: [] };
                }
                return { index: r.index, recordId: person.id, type: person.type, outcome: 'failed', memberId: null, status: null, errors: r.errors };
            });
            const count = (o: Result['outcome']): number => results.filter((r) => r.outcome === o).length;
            await nango.log(`add-campaign-members: ${count('added')} added, ${count('already_member')} already members, ${count('failed')} failed.`);
            return { campaignId, results, added: count('added'), alreadyMembers: count('already_member'), failed: count('failed') };
        });
    }
});

export type NangoActionLocal = Parameters<(typeof action)['exec']>[0];
export default action;
