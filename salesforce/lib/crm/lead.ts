/**
 * What convert-lead reads before it converts: the lead itself (already converted? which record type?) and the
 * converted statuses valid for that lead.
 *
 * Facts (Salesforce docs):
 * - A lead record type belongs to a lead process (a BusinessProcess of Lead), which offers a subset of the Lead Status
 *   picklist; convertLead's convertedStatus must be a converted status (LeadStatus.IsConverted) that the lead's
 *   process offers, else the conversion fails with INVALID_STATUS "invalid convertedStatus: …".
 * - The UI API gives a picklist's values for one record type: GET /ui-api/object-info/Lead/picklist-values/
 *   {recordTypeId}/Status (API 41.0+) → `{ controllerValues, defaultValue, url, values: [{ attributes, label, validFor,
 *   value }] }`, in picklist order; for Lead Status, `attributes` is `{ converted, picklistAtrributesValueType:
 *   "LeadStatus" }` (sic, "Lead Status Picklist Value Attributes"). `value` is the API value convertLead wants.
 * - Lead.RecordTypeId exists only in orgs with lead record types, so the lead is read through the record resource
 *   (every readable field), not a SOQL SELECT naming it. A lead without a record type uses the master picklist:
 *   every LeadStatus with IsConverted = true, by SortOrder.
 * - IsConverted, ConvertedAccountId, ConvertedContactId, ConvertedOpportunityId are set by a conversion and read-only:
 *   a lead found converted is reported as the conversion it had, and never converted again.
 */
import { paths, request, type NangoClient } from '../http/api.js';
import { queryFirstPage } from '../http/pager.js';
import { toId18 } from '../input/ids.js';
import { buildSoql, compare } from '../soql/builder.js';
import { getRecord } from '../writes/records.js';

export interface LeadState {
    leadId: string;
    isConverted: boolean;
    accountId: string | null;
    contactId: string | null;
    opportunityId: string | null;
    status: string | null;
    /** null for a lead without a record type (or an org without lead record types). */
    recordTypeId: string | null;
}

const idOrNull = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? toId18(value) : null);

/** Reads the lead's conversion state and record type (GET /sobjects/Lead/{id}: one call, every readable field). */
export async function readLead(nango: NangoClient, leadId: string): Promise<LeadState> {
    const record = await getRecord(nango, 'Lead', leadId);
    return {
        leadId: toId18(leadId),
        isConverted: record['IsConverted'] === true,
        accountId: idOrNull(record['ConvertedAccountId']),
        contactId: idOrNull(record['ConvertedContactId']),
        opportunityId: idOrNull(record['ConvertedOpportunityId']),
        status: typeof record['Status'] === 'string' ? record['Status'] : null,
        recordTypeId: idOrNull(record['RecordTypeId'])
    };
}

interface PicklistValues {
    values?: Array<{ value?: unknown; attributes?: { converted?: unknown } | null }>;
}

/** The API values of every LeadStatus with IsConverted = true, by SortOrder (the master picklist's converted statuses). */
async function convertedLeadStatuses(nango: NangoClient): Promise<string[]> {
    const soql = buildSoql({ select: ['ApiName', 'MasterLabel'], from: 'LeadStatus', where: compare('IsConverted', '=', true), orderBy: [{ field: 'SortOrder' }] });
    const page = await queryFirstPage(nango, soql, { context: 'read the converted lead statuses' });
    // convertLead wants the picklist value (ApiName); MasterLabel is only its label, which an admin may rename
    return page.records.map((r) => r['ApiName']).filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/**
 * The converted statuses valid for a lead, in picklist order: for a record type, the values its lead process offers
 * (UI API) that are converted (the value's attributes.converted, else intersected with LeadStatus IsConverted);
 * without one, every converted LeadStatus.
 */
export async function convertedStatusesFor(nango: NangoClient, recordTypeId: string | null): Promise<string[]> {
    if (recordTypeId === null) return convertedLeadStatuses(nango);
    const response = await request<PicklistValues>(nango, {
        method: 'GET',
        endpoint: paths.picklistValues('Lead', recordTypeId, 'Status'),
        context: `read the lead statuses of record type ${recordTypeId}`
    });
    const values = (Array.isArray(response.data?.values) ? response.data.values : []).filter((v) => typeof v?.value === 'string' && v.value.length > 0);
    if (values.length > 0 && values.every((v) => typeof v.attributes?.converted === 'boolean')) {
        return values.filter((v) => v.attributes?.converted === true).map((v) => v.value as string);
    }
    const converted = new Set(await convertedLeadStatuses(nango));
    return values.map((v) => v.value as string).filter((v) => converted.has(v));
}
