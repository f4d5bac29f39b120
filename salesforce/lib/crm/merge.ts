/**
 * The SOAP API's merge call (partner WSDL): up to three Accounts, Contacts or Leads become one.
 *
 * What Salesforce documents ("merge()", SOAP API Developer Guide): a MergeRequest holds `masterRecord` (an sObject
 * with its Id and any field values that should replace the master's, "similar to a call to update") and
 * `recordToMergeIds` (one or two ids: at most three records per request, the master included). In one transaction
 * the other records are deleted (to the Recycle Bin, with MasterRecordId set to the master: queryAll shows them) and
 * their related records are re-parented to the master. The MergeResult gives `id` (the master), `mergedRecordIds`,
 * `updatedRelatedIds` (the re-parented children) and per-request `errors`. Only Lead, Contact and Account (and
 * person accounts) can be merged; external id fields cannot be used with merge.
 *
 * Partner sObject elements: `type`, then `fieldsToNull` (fields to clear), then `Id`, then field elements, all in the
 * urn:sobject.partner.soap.sforce.com namespace.
 */
import type { NangoClient } from '../http/api.js';
import { actionError, salesforceErrorPayload, type SalesforceError } from '../http/errors.js';
import { elements, escapeXml, partnerEnvelope, postSoap, resultErrors, textOf, unescapeXml } from './soap.js';

/** The objects merge takes. */
export const MERGEABLE_OBJECTS = ['Account', 'Contact', 'Lead'] as const;
export type MergeableObject = (typeof MERGEABLE_OBJECTS)[number];

export interface MergeRequest {
    sObject: MergeableObject;
    masterId: string;
    mergeIds: readonly string[];
    /** Field values to write on the master (API name → value; null clears the field). */
    masterValues: Readonly<Record<string, string | number | boolean | null>>;
}

export interface MergeResult {
    masterId: string | null;
    mergedRecordIds: string[];
    updatedRelatedIds: string[];
    success: boolean;
    errors: SalesforceError[];
}

function fieldXml(name: string, value: string | number | boolean): string {
    return `<sobj:${name}>${escapeXml(String(value))}</sobj:${name}>`;
}

/** The merge envelope; field names were checked as API names by the caller, values are escaped here. */
export function mergeEnvelope(sessionId: string, merge: MergeRequest): string {
    const entries = Object.entries(merge.masterValues);
    const toNull = entries.filter(([, v]) => v === null).map(([k]) => `<sobj:fieldsToNull>${escapeXml(k)}</sobj:fieldsToNull>`);
    const values = entries.filter((e): e is [string, string | number | boolean] => e[1] !== null).map(([k, v]) => fieldXml(k, v));
    const master =
        '<urn:masterRecord xmlns:sobj="urn:sobject.partner.soap.sforce.com">' +
        `<sobj:type>${escapeXml(merge.sObject)}</sobj:type>${toNull.join('')}<sobj:Id>${escapeXml(merge.masterId)}</sobj:Id>${values.join('')}` +
        '</urn:masterRecord>';
    const ids = merge.mergeIds.map((id) => `<urn:recordToMergeIds>${escapeXml(id)}</urn:recordToMergeIds>`).join('');
    return partnerEnvelope(sessionId, `<urn:merge><urn:request>${master}${ids}</urn:request></urn:merge>`);
}

/** Reads a mergeResponse (one result). */
export function parseMergeResponse(xml: string): MergeResult | undefined {
    const result = elements(xml, 'result')[0];
    if (result === undefined) return undefined;
    const list = (name: string): string[] => elements(result, name).map((v) => unescapeXml(v.trim())).filter((v) => v.length > 0);
    return {
        masterId: textOf(result, 'id'),
        mergedRecordIds: list('mergedRecordIds'),
        updatedRelatedIds: list('updatedRelatedIds'),
        success: textOf(result, 'success') === 'true',
        errors: resultErrors(result)
    };
}

/**
 * Merges once. Never retried: after a lost answer the losers may already be deleted, which the caller can see with a
 * queryAll (IsDeleted, MasterRecordId) before trying again.
 */
export async function mergeRecords(nango: NangoClient, sessionId: string, merge: MergeRequest): Promise<MergeResult> {
    const context = `merge ${merge.sObject} ${merge.mergeIds.join(', ')} into ${merge.masterId}`;
    const xml = await postSoap(nango, mergeEnvelope(sessionId, merge), context);
    const result = parseMergeResponse(xml);
    if (!result) {
        throw actionError(nango, salesforceErrorPayload(502, [{ errorCode: 'UNEXPECTED_RESPONSE', message: 'Salesforce answered without a merge result' }], context));
    }
    if (!result.success) {
        throw actionError(nango, salesforceErrorPayload(400, result.errors, context));
    }
    return result;
}
