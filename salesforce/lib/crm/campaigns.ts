/**
 * What the campaign actions share: which of a campaign's people are already members (one query per 200 ids), the
 * campaign's member statuses, and telling a lead id from a contact id by its key prefix.
 */
import * as z from 'zod';

import { type NangoClient } from '../http/api.js';
import { InputError, actionError, salesforceErrorPayload } from '../http/errors.js';
import { queryPages, type SalesforceRecord } from '../http/pager.js';
import { KEY_PREFIXES, assertIdWithPrefix, toId18 } from '../input/ids.js';
import { chunked } from '../writes/collections.js';
import { and, buildSoql, compare, idIn, or } from '../soql/builder.js';

/** Most leads or contacts one call takes: one API call of sObject Collections (five collections of 200 in a composite). */
export const MAX_CAMPAIGN_PEOPLE = 1_000;

/** Ids per member lookup query (the SOQL stays far under its length limit). */
const LOOKUP_CHUNK = 200;

export type PersonType = 'Lead' | 'Contact';

const LEAD_PREFIX = KEY_PREFIXES['Lead'] ?? '00Q';
const CONTACT_PREFIX = KEY_PREFIXES['Contact'] ?? '003';

export const personTypeSchema = z.enum(['Lead', 'Contact']).describe('Lead (id starts with 00Q) or Contact (id starts with 003).');

/** A lead or contact id, to its 18-character form and type; any other id is refused. */
export function personOf(id: string, path: string): { id: string; type: PersonType } {
    const id18 = toId18(assertIdWithPrefix(id, path, [LEAD_PREFIX, CONTACT_PREFIX], 'a Lead id (starts with 00Q) or a Contact id (starts with 003)'));
    return { id: id18, type: id18.startsWith(LEAD_PREFIX) ? 'Lead' : 'Contact' };
}

/** Refuses the same record twice in one call (it would be reported twice, or fail as a duplicate of itself). */
export function assertDistinct(ids: readonly string[], path: string): void {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
        if (seen.has(id)) throw new InputError(`${id} appears twice; name each record once per call`, `${path}[${i}]`);
        seen.add(id);
    });
}

export interface MemberStatus {
    label: string;
    isDefault: boolean;
    hasResponded: boolean;
}

/**
 * The campaign's member statuses (every campaign has at least a default one, API 39.0+). None means the campaign
 * does not exist or the connected user cannot see it: not_found.
 */
export async function campaignStatuses(nango: NangoClient, campaignId: string): Promise<MemberStatus[]> {
    const soql = buildSoql({
        select: ['Label', 'IsDefault', 'HasResponded', 'SortOrder'],
        from: 'CampaignMemberStatus',
        where: compare('CampaignId', '=', campaignId),
        orderBy: [{ field: 'SortOrder', direction: 'ASC' }]
    });
    const out: MemberStatus[] = [];
    for await (const page of queryPages(nango, soql, { context: `read the member statuses of campaign ${campaignId}` })) {
        for (const r of page.records) out.push({ label: String(r['Label'] ?? ''), isDefault: r['IsDefault'] === true, hasResponded: r['HasResponded'] === true });
    }
    if (out.length === 0) {
        throw actionError(
            nango,
            salesforceErrorPayload(404, [{ errorCode: 'NOT_FOUND', message: `No Campaign has the id ${campaignId} (or the connected user cannot see it, or the org has no campaigns: they need the Marketing feature).` }], `campaign ${campaignId}`)
        );
    }
    return out;
}

export interface ExistingMember {
    memberId: string;
    status: string | null;
}

/** The live members of the campaign among these leads and contacts, by the person's 18-character id. */
export async function existingMembers(nango: NangoClient, campaignId: string, people: ReadonlyArray<{ id: string; type: PersonType }>): Promise<Map<string, ExistingMember>> {
    const found = new Map<string, ExistingMember>();
    for (const chunk of chunked(people, LOOKUP_CHUNK)) {
        const leads = chunk.filter((p) => p.type === 'Lead').map((p) => p.id);
        const contacts = chunk.filter((p) => p.type === 'Contact').map((p) => p.id);
        const soql = buildSoql({
            select: ['Id', 'LeadId', 'ContactId', 'Status'],
            from: 'CampaignMember',
            where: and(compare('CampaignId', '=', campaignId), or(leads.length > 0 ? idIn('LeadId', leads) : undefined, contacts.length > 0 ? idIn('ContactId', contacts) : undefined))
        });
        for await (const page of queryPages(nango, soql, { context: `find members of campaign ${campaignId}` })) {
            for (const r of page.records as SalesforceRecord[]) {
                const person = typeof r['ContactId'] === 'string' ? r['ContactId'] : r['LeadId'];
                if (typeof person !== 'string' || typeof r['Id'] !== 'string') continue;
                found.set(toId18(person), { memberId: r['Id'], status: typeof r['Status'] === 'string' ? r['Status'] : null });
            }
        }
    }
    return found;
}
