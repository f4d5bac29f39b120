/**
 * The SOAP calls this package makes: convertLead and merge, which Salesforce offers through the SOAP API only (there is
 * no REST resource for either; merge lives in merge.ts). Builds the envelope with every value escaped and reads the answer with a small XML reader of
 * our own (function code may not import an XML library).
 */
import { request, API_VERSION, type NangoClient } from '../http/api.js';
import { actionError, salesforceErrorPayload, type SalesforceError } from '../http/errors.js';

/** Path of the partner SOAP endpoint of our API version: /services/Soap/u/66.0. */
export const SOAP_PATH = `/services/Soap/u/${API_VERSION.slice(1)}`;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(value: string): string {
    // characters XML 1.0 cannot carry at all are dropped rather than sent
    return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** A character reference's character; one XML cannot name (past U+10FFFF, a surrogate) is U+FFFD, never a RangeError. */
function fromCharacterReference(code: number): string {
    return Number.isInteger(code) && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
}

export function unescapeXml(value: string): string {
    return value.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
        if (entity.startsWith('#x')) return fromCharacterReference(parseInt(entity.slice(2), 16));
        if (entity.startsWith('#')) return fromCharacterReference(parseInt(entity.slice(1), 10));
        return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity] ?? '';
    });
}

/** The inner XML of every element with this local name (any namespace prefix), in order. Not for nested same-name elements. */
export function elements(xml: string, localName: string): string[] {
    const re = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${localName}(?:\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</(?:[A-Za-z_][\\w.-]*:)?${localName}>)`, 'g');
    return [...xml.matchAll(re)].map((m) => m[1] ?? '');
}

/** The text of the first element with this local name; null when absent, empty or xsi:nil. */
export function textOf(xml: string, localName: string): string | null {
    const value = elements(xml, localName)[0];
    return value === undefined || value.length === 0 ? null : unescapeXml(value.trim());
}

function element(name: string, value: string | boolean | undefined): string {
    return value === undefined ? '' : `<urn:${name}>${escapeXml(String(value))}</urn:${name}>`;
}

/** One LeadConvert of the SOAP API; values are ids, names and flags already validated by the caller. */
export interface LeadConvert {
    leadId: string;
    convertedStatus: string;
    accountId?: string | undefined;
    contactId?: string | undefined;
    ownerId?: string | undefined;
    opportunityName?: string | undefined;
    doNotCreateOpportunity?: boolean | undefined;
    overwriteLeadSource?: boolean | undefined;
    sendNotificationEmail?: boolean | undefined;
}

export function convertLeadEnvelope(sessionId: string, convert: LeadConvert): string {
    // element order follows the LeadConvert type of the partner WSDL
    const body = [
        element('accountId', convert.accountId),
        element('contactId', convert.contactId),
        element('convertedStatus', convert.convertedStatus),
        element('doNotCreateOpportunity', convert.doNotCreateOpportunity),
        element('leadId', convert.leadId),
        element('opportunityName', convert.opportunityName),
        element('overwriteLeadSource', convert.overwriteLeadSource),
        element('ownerId', convert.ownerId),
        element('sendNotificationEmail', convert.sendNotificationEmail)
    ].join('');
    return partnerEnvelope(sessionId, `<urn:convertLead><urn:leadConverts>${body}</urn:leadConverts></urn:convertLead>`);
}

/** A partner API envelope around one operation element (already built from escaped values), with the session header. */
export function partnerEnvelope(sessionId: string, operation: string): string {
    return (
        '<?xml version="1.0" encoding="UTF-8"?>' +
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com">' +
        `<soapenv:Header><urn:SessionHeader><urn:sessionId>${escapeXml(sessionId)}</urn:sessionId></urn:SessionHeader></soapenv:Header>` +
        `<soapenv:Body>${operation}</soapenv:Body>` +
        '</soapenv:Envelope>'
    );
}

/** The SOAP fault of an answer, if it is one: its code without the namespace prefix, and its faultstring. */
export function soapFaultOf(xml: string): SalesforceError | undefined {
    const fault = elements(xml, 'Fault')[0];
    if (fault === undefined) return undefined;
    const code = (textOf(fault, 'faultcode') ?? 'SOAP_FAULT').replace(/^[\w-]+:/, '');
    return { errorCode: code, message: textOf(fault, 'faultstring') ?? code, fields: [] };
}

/** The per-record errors of a partner API result (statusCode, message, fields). */
export function resultErrors(result: string): SalesforceError[] {
    return elements(result, 'errors').map((e) => ({
        errorCode: textOf(e, 'statusCode') ?? 'UNKNOWN_ERROR',
        message: textOf(e, 'message') ?? '',
        fields: elements(e, 'fields').map((f) => unescapeXml(f.trim()))
    }));
}

/** The connection's OAuth access token, which the partner API takes as its session id. */
export async function soapSessionId(nango: { getConnection: () => Promise<unknown> }): Promise<string> {
    const connection = (await nango.getConnection()) as { credentials?: { access_token?: unknown } };
    const token = connection.credentials?.access_token;
    if (typeof token !== 'string' || token.length === 0) {
        throw new Error('The Salesforce connection has no OAuth access token to open the SOAP session with.');
    }
    return token;
}

/**
 * Posts one partner API envelope, once (SOAP writes are never retried), and returns the answer's XML; a SOAP fault
 * becomes an ActionError (INVALID_SESSION_ID as unauthorized) carrying the HTTP status Salesforce answered.
 */
export async function postSoap(nango: NangoClient, envelope: string, context: string): Promise<string> {
    const response = await request<string>(nango, {
        method: 'POST',
        endpoint: SOAP_PATH,
        data: envelope,
        headers: { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: '""' },
        idempotent: false,
        accept: [500],
        responseType: 'text',
        context
    });
    const xml = typeof response.data === 'string' ? response.data : String(response.data ?? '');
    const fault = soapFaultOf(xml);
    if (fault) {
        const payload = salesforceErrorPayload(fault.errorCode === 'INVALID_SESSION_ID' ? 401 : 400, [fault], context);
        throw actionError(nango, { ...payload, status: response.status });
    }
    return xml;
}

export interface LeadConvertResult {
    leadId: string | null;
    accountId: string | null;
    contactId: string | null;
    opportunityId: string | null;
    success: boolean;
    errors: SalesforceError[];
}

/** Reads a convertLeadResponse; a SOAP fault becomes `{ fault }`, an answer without a result UNEXPECTED_RESPONSE. */
export function parseConvertLeadResponse(xml: string): { result: LeadConvertResult } | { fault: SalesforceError } {
    const fault = soapFaultOf(xml);
    if (fault !== undefined) return { fault };
    const result = elements(xml, 'result')[0];
    if (result === undefined) {
        return { fault: { errorCode: 'UNEXPECTED_RESPONSE', message: 'Salesforce answered without a convertLead result', fields: [] } };
    }
    return {
        result: {
            leadId: textOf(result, 'leadId'),
            accountId: textOf(result, 'accountId'),
            contactId: textOf(result, 'contactId'),
            opportunityId: textOf(result, 'opportunityId'),
            success: textOf(result, 'success') === 'true',
            errors: resultErrors(result)
        }
    };
}

/**
 * Converts one lead. Sent once and never retried (postSoap): a second conversion of the same lead fails, and a lost
 * answer would leave the caller unsure, so the caller checks the lead (IsConverted) before trying again. An answer
 * that is no convertLead result (an HTML error page, say) leaves the outcome unknown as well: it is a server_error
 * (502), as merge reports it, so that the caller reads the lead back.
 */
export async function convertLead(nango: NangoClient, sessionId: string, convert: LeadConvert): Promise<LeadConvertResult> {
    const context = `convert lead ${convert.leadId}`;
    const parsed = parseConvertLeadResponse(await postSoap(nango, convertLeadEnvelope(sessionId, convert), context));
    if ('fault' in parsed) {
        throw actionError(nango, salesforceErrorPayload(502, [parsed.fault], context));
    }
    if (!parsed.result.success) {
        throw actionError(nango, salesforceErrorPayload(400, parsed.result.errors, context));
    }
    return parsed.result;
}
