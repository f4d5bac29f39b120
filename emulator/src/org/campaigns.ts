/**
 * Campaign rules of the emulated org (issue 16), called by the store around writes to Campaign and CampaignMember.
 *
 * What Salesforce documents (Object Reference: CampaignMember, CampaignMemberStatus, Campaign):
 * - a CampaignMember needs CampaignId and a LeadId or a ContactId. "Any attempt to create a single record with both
 *   results in a successful insert but only the ContactId is inserted" — so both given keeps the contact;
 * - since API 16.0 create() only creates: a member that already exists for that campaign and lead/contact is refused
 *   with DUPLICATE_VALUE "Already a campaign member." (the message seen from real orgs);
 * - Status controls HasResponded (read-only): each CampaignMemberStatus of the campaign says whether it counts as
 *   responded; FirstRespondedDate is the date a member first got a responded status;
 * - every campaign has a default CampaignMemberStatus and one with HasResponded (API 39.0+): a new campaign gets
 *   "Sent" (default) and "Responded";
 * - LeadId, ContactId and CampaignId can't be changed on update; CampaignMember has IsDeleted and is replicateable
 *   (getUpdated/getDeleted), so a sync reads its deletes through queryAll.
 *
 * Where the emulator simplifies or decides:
 * - a Status that is not one of the campaign's member statuses is refused with 400
 *   INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST (old API guides said the default status was silently assigned instead;
 *   the actions check the status themselves, so either behaviour is safe); no Status means the default one;
 * - the member's Name, FirstName, LastName, Email, Title, Phone, CompanyOrAccount, City, Country, Type and
 *   LeadOrContactId are copied from the lead or contact when the member is written (Salesforce shows the lead's or
 *   contact's current values; here they are as of the member's last write);
 * - the campaign's NumberOfLeads, NumberOfConvertedLeads, NumberOfContacts and NumberOfResponses are recounted after
 *   each member insert, update or delete through the API, moving the campaign's SystemModstamp (not its
 *   LastModifiedDate: an automated change). Opportunity counts and amounts stay 0 (Opportunity has no CampaignId here).
 */
import { SfError } from '../errors.js';
import { formatDate, type Rec } from './values.js';

/** What the rules need of the store (the Org, without an import cycle). */
export interface CampaignStore {
    get(id: string): Rec | undefined;
    list(type: string, opts?: { includeDeleted?: boolean }): Rec[];
    insertRaw(type: string, values: Rec): Rec;
    updateRaw(id: string, values: Rec): Rec;
    now(): number;
}

/** The statuses a campaign created without any gets, as Salesforce gives them. */
export const DEFAULT_MEMBER_STATUSES: ReadonlyArray<{ Label: string; IsDefault: boolean; HasResponded: boolean; SortOrder: number }> = [
    { Label: 'Sent', IsDefault: true, HasResponded: false, SortOrder: 1 },
    { Label: 'Responded', IsDefault: false, HasResponded: true, SortOrder: 2 }
];

/** The live member statuses of a campaign. */
export function memberStatuses(org: CampaignStore, campaignId: string): Rec[] {
    return org.list('CampaignMemberStatus').filter((s) => s['CampaignId'] === campaignId);
}

/** After a Campaign is created through the API: its two default member statuses. */
export function afterCampaignInsert(org: CampaignStore, campaign: Rec): void {
    const at = campaign['CreatedDate'] ?? org.now();
    for (const status of DEFAULT_MEMBER_STATUSES) {
        org.insertRaw('CampaignMemberStatus', { CampaignId: campaign['Id'] ?? null, ...status, CreatedDate: at, LastModifiedDate: at, SystemModstamp: at });
    }
}

/** The fields a member copies from its lead or contact. */
function personFields(org: CampaignStore, rec: Rec): Rec {
    const leadId = typeof rec['LeadId'] === 'string' ? rec['LeadId'] : null;
    const contactId = typeof rec['ContactId'] === 'string' ? rec['ContactId'] : null;
    const person = contactId ? org.get(contactId) : leadId ? org.get(leadId) : undefined;
    if (!person) return {};
    const company = contactId ? (typeof person['AccountId'] === 'string' ? (org.get(person['AccountId'])?.['Name'] ?? null) : null) : (person['Company'] ?? null);
    return {
        Type: contactId ? 'Contact' : 'Lead',
        LeadOrContactId: person['Id'] ?? null,
        LeadOrContactOwnerId: person['OwnerId'] ?? null,
        FirstName: person['FirstName'] ?? null,
        LastName: person['LastName'] ?? null,
        Name: person['Name'] ?? null,
        Title: person['Title'] ?? null,
        Email: person['Email'] ?? null,
        Phone: person['Phone'] ?? null,
        CompanyOrAccount: company,
        City: (contactId ? person['MailingCity'] : person['City']) ?? null,
        Country: (contactId ? person['MailingCountry'] : person['Country']) ?? null,
        HasOptedOutOfEmail: person['HasOptedOutOfEmail'] === true
    };
}

/** The member status named, or the campaign's default for none; a name the campaign lacks is refused. */
function statusOf(org: CampaignStore, campaignId: string, wanted: unknown): Rec {
    const statuses = memberStatuses(org, campaignId);
    if (wanted === null || wanted === undefined || wanted === '') {
        const fallback = statuses.find((s) => s['IsDefault'] === true) ?? statuses[0];
        if (!fallback) throw new SfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'Status: the campaign has no member status', ['Status']);
        return fallback;
    }
    const found = statuses.find((s) => s['Label'] === wanted);
    if (!found) throw new SfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Status: bad value for restricted picklist field: ${String(wanted)}`, ['Status']);
    return found;
}

/** Status, HasResponded and FirstRespondedDate of a member given its (possibly new) status. */
function statusFields(org: CampaignStore, campaignId: string, wanted: unknown, before: Rec | null): Rec {
    const status = statusOf(org, campaignId, wanted);
    const responded = status['HasResponded'] === true;
    const first = before?.['FirstRespondedDate'] ?? null;
    return { Status: status['Label'] ?? null, HasResponded: responded, FirstRespondedDate: responded && first === null ? formatDate(org.now()) : first };
}

/**
 * Before a CampaignMember insert (values converted and checked for required fields): one of LeadId/ContactId (both:
 * the contact is kept), no live member of the campaign for the same person, a status of the campaign. Returns the
 * values to store.
 */
export function beforeMemberInsert(org: CampaignStore, values: Rec): Rec {
    const out: Rec = { ...values };
    if (out['ContactId'] && out['LeadId']) out['LeadId'] = null;
    if (!out['ContactId'] && !out['LeadId']) {
        throw new SfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [LeadId, ContactId]', ['LeadId', 'ContactId']);
    }
    const campaignId = out['CampaignId'] as string;
    const personField = out['ContactId'] ? 'ContactId' : 'LeadId';
    const person = out[personField];
    if (org.list('CampaignMember').some((m) => m['CampaignId'] === campaignId && m[personField] === person)) {
        throw new SfError(400, 'DUPLICATE_VALUE', 'Already a campaign member.', []);
    }
    return { ...out, ...statusFields(org, campaignId, out['Status'], null), ...personFields(org, out) };
}

/** Before a CampaignMember update: a new Status is checked and moves HasResponded. */
export function beforeMemberUpdate(org: CampaignStore, current: Rec, values: Rec): Rec {
    if (!('Status' in values)) return values;
    return { ...values, ...statusFields(org, current['CampaignId'] as string, values['Status'], current) };
}

/** After members of these campaigns changed: their counts again (SystemModstamp moves, LastModifiedDate does not). */
export function recountCampaigns(org: CampaignStore, campaignIds: Iterable<unknown>, keepStamps = false): void {
    const wanted = new Set<string>();
    for (const id of campaignIds) if (typeof id === 'string') wanted.add(id);
    if (wanted.size === 0) return;
    const counts = new Map<string, Rec>();
    for (const id of wanted) counts.set(id, { NumberOfLeads: 0, NumberOfConvertedLeads: 0, NumberOfContacts: 0, NumberOfResponses: 0 });
    for (const m of org.list('CampaignMember')) {
        const c = counts.get(m['CampaignId'] as string);
        if (!c) continue;
        if (m['LeadId']) {
            c['NumberOfLeads'] = (c['NumberOfLeads'] as number) + 1;
            if (org.get(m['LeadId'] as string)?.['IsConverted'] === true) c['NumberOfConvertedLeads'] = (c['NumberOfConvertedLeads'] as number) + 1;
        }
        if (m['ContactId']) c['NumberOfContacts'] = (c['NumberOfContacts'] as number) + 1;
        if (m['HasResponded'] === true) c['NumberOfResponses'] = (c['NumberOfResponses'] as number) + 1;
    }
    for (const [id, values] of counts) {
        const campaign = org.get(id);
        if (!campaign || campaign['IsDeleted'] === true) continue;
        if (Object.entries(values).every(([k, v]) => campaign[k] === v)) continue;
        org.updateRaw(id, keepStamps ? { ...values, SystemModstamp: campaign['SystemModstamp'] ?? null } : values);
    }
}

/** Seeding: counts of every campaign, without moving any SystemModstamp. */
export function settleSeededCounts(org: CampaignStore): void {
    recountCampaigns(
        org,
        org.list('Campaign').map((c) => c['Id']),
        true
    );
}
