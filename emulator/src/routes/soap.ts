/**
 * The SOAP partner API, convertLead (reference §8.1) and merge (routes/merge.ts): POST /services/Soap/u/{version}, Content-Type
 * text/xml, SOAPAction "", the OAuth access token as SessionHeader.sessionId. The envelope is parsed with
 * fast-xml-parser (namespace prefixes dropped) and answered with a partner-WSDL-shaped envelope; faults are
 * SOAP 1.1 faults with HTTP 500, as Salesforce sends them.
 */
import { XMLParser } from 'fast-xml-parser';
import { SfError } from '../errors.js';
import { header, type Req, type Res } from '../http.js';
import { keyPrefixOf, to18 } from '../org/ids.js';
import { leadStatusesFor } from '../org/lead-processes.js';
import { formatDate, type Rec } from '../org/values.js';
import type { SalesforceState } from '../state.js';
import { mergeCall } from './merge.js';

const XML_TYPE = 'text/xml;charset=UTF-8';
const ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function xml(status: number, body: string): Res {
    return { status, headers: { 'Content-Type': XML_TYPE }, body: `<?xml version="1.0" encoding="UTF-8"?>${body}` };
}

/** A SOAP fault as the partner API sends it (HTTP 500). `code` is an ExceptionCode, or a soapenv:Client/Server fault. */
export function soapFault(code: string, message: string, kind: 'sf' | 'soapenv' = 'sf'): Res {
    const faultcode = kind === 'sf' ? `sf:${code}` : `soapenv:${code}`;
    const detail =
        kind === 'sf'
            ? `<detail><sf:UnexpectedErrorFault xsi:type="sf:UnexpectedErrorFault"><sf:exceptionCode>${esc(code)}</sf:exceptionCode><sf:exceptionMessage>${esc(message)}</sf:exceptionMessage></sf:UnexpectedErrorFault></detail>`
            : '';
    return xml(
        500,
        `<soapenv:Envelope xmlns:soapenv="${ENV}" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>${faultcode}</faultcode><faultstring>${esc(kind === 'sf' ? `${code}: ${message}` : message)}</faultstring>${detail}</soapenv:Fault></soapenv:Body></soapenv:Envelope>`
    );
}

interface ConvertResult {
    accountId: string | null;
    contactId: string | null;
    leadId: string | null;
    opportunityId: string | null;
    success: boolean;
    errors: Array<{ statusCode: string; message: string; fields: string[] }>;
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });

function text(v: unknown): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'object') return undefined; // xsi:nil elements come back as empty objects/strings
    const s = String(v).trim();
    return s === '' ? undefined : s;
}

const truthy = (v: unknown): boolean => text(v)?.toLowerCase() === 'true';

/** Entry point for /services/Soap/u/{version}[/{orgId}]. */
export function handleSoap(req: Req, s: SalesforceState, version: string): Res {
    if (req.method !== 'POST') return soapFault('Client', `HTTP method ${req.method} is not supported: SOAP requests are POSTs`, 'soapenv');
    if (Number(version) < 31) return soapFault('UNSUPPORTED_API_VERSION', `Invalid Api version specified on URL: ${version}`);
    const ct = header(req, 'content-type') ?? '';
    if (!/xml/i.test(ct)) return soapFault('Client', `Content-Type must be text/xml; got '${ct}'`, 'soapenv');
    if (header(req, 'soapaction') === undefined) return soapFault('Client', 'No SOAPAction header!', 'soapenv');
    let doc: Record<string, unknown>;
    try {
        doc = parser.parse(req.body.toString('utf8')) as Record<string, unknown>;
    } catch (err) {
        return soapFault('Client', `Could not parse the SOAP envelope: ${err instanceof Error ? err.message : String(err)}`, 'soapenv');
    }
    const env = doc['Envelope'] as Record<string, unknown> | undefined;
    const body = env?.['Body'] as Record<string, unknown> | undefined;
    if (!env || !body || typeof body !== 'object') return soapFault('Client', 'Not a SOAP envelope: expected Envelope/Body', 'soapenv');
    const head = env['Header'] as Record<string, unknown> | undefined;
    const session = text((head?.['SessionHeader'] as Record<string, unknown> | undefined)?.['sessionId']);
    if (session !== s.accessToken) return soapFault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
    if (s.apiUsage >= s.apiBudget) return soapFault('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    s.apiUsage++;
    const op = Object.keys(body)[0];
    if (op === 'merge') {
        try {
            return mergeCall(s, body['merge']);
        } catch (err) {
            if (err instanceof SfError) return soapFault(err.errorCode, err.message);
            throw err;
        }
    }
    if (op !== 'convertLead') return soapFault('Client', `No operation available for request {urn:partner.soap.sforce.com}${op ?? ''}`, 'soapenv');
    const call = body['convertLead'];
    const raw = call && typeof call === 'object' ? (call as Record<string, unknown>)['leadConverts'] : undefined;
    const items = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    if (items.length === 0) return soapFault('INVALID_FIELD', 'convertLead needs at least one leadConverts element');
    if (items.length > 200) return soapFault('EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
    const results = items.map((item) => convertOne(s, (item && typeof item === 'object' ? item : {}) as Record<string, unknown>));
    const resultXml = results.map(resultElement).join('');
    return xml(
        200,
        `<soapenv:Envelope xmlns:soapenv="${ENV}" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Header><LimitInfoHeader><limitInfo><current>${s.apiUsage}</current><limit>${s.apiBudget}</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader></soapenv:Header><soapenv:Body><convertLeadResponse>${resultXml}</convertLeadResponse></soapenv:Body></soapenv:Envelope>`
    );
}

function idElement(name: string, v: string | null): string {
    return v === null ? `<${name} xsi:nil="true"/>` : `<${name}>${esc(v)}</${name}>`;
}

function resultElement(r: ConvertResult): string {
    const errors = r.errors.map((e) => `<errors>${e.fields.map((f) => `<fields>${esc(f)}</fields>`).join('')}<message>${esc(e.message)}</message><statusCode>${esc(e.statusCode)}</statusCode></errors>`).join('');
    return `<result>${idElement('accountId', r.accountId)}${idElement('contactId', r.contactId)}${errors}${idElement('leadId', r.leadId)}${idElement('opportunityId', r.opportunityId)}<success>${r.success}</success></result>`;
}

const fail = (statusCode: string, message: string, fields: string[] = []): SfError => new SfError(400, statusCode, message, fields);

/**
 * The records conversion creates are written as the system: the lead-to-account/contact/opportunity field mapping
 * carries values (AnnualRevenue…) whatever field-level security the converting user has on them.
 */
const SYSTEM = { system: true } as const;

/** An id argument naming a live record of `type`; throws INVALID_CROSS_REFERENCE_KEY otherwise. */
function live(s: SalesforceState, raw: string, type: string, field: string): Rec {
    const id = to18(raw);
    const def = s.org.schema.get(type);
    const rec = id && def && keyPrefixOf(id) === def.keyPrefix ? s.org.get(id) : undefined;
    if (!rec || rec['IsDeleted'] === true) throw fail('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${field} ${raw}`, [field]);
    return rec;
}

/** Last day of the current calendar quarter (the default close date of the created opportunity). */
function quarterEnd(now: number): string {
    const d = new Date(now);
    const q = Math.floor(d.getUTCMonth() / 3);
    return formatDate(Date.UTC(d.getUTCFullYear(), q * 3 + 3, 0));
}

function convertOne(s: SalesforceState, lc: Record<string, unknown>): ConvertResult {
    const org = s.org;
    const leadRaw = text(lc['leadId']);
    const result: ConvertResult = { accountId: null, contactId: null, leadId: leadRaw ? (to18(leadRaw) ?? leadRaw) : null, opportunityId: null, success: false, errors: [] };
    try {
        org.atomically(() => {
            if (!leadRaw) throw fail('REQUIRED_FIELD_MISSING', 'Required field is missing: leadId', ['leadId']);
            const lead = live(s, leadRaw, 'Lead', 'leadId');
            const leadId = lead['Id'] as string;
            result.leadId = leadId;
            if (lead['IsConverted'] === true) throw fail('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', ['leadId']);
            const status = text(lc['convertedStatus']);
            if (!status) throw fail('REQUIRED_FIELD_MISSING', 'Required field is missing: convertedStatus', ['convertedStatus']);
            // convertedStatus is the status picklist value (LeadStatus.ApiName), not its label (MasterLabel): a label that
            // differs from the API name is refused as INVALID_STATUS here, and so is one the lead's lead process does not offer.
            const ls = org.schema.leadStatuses.find((x) => x.name.toLowerCase() === status.toLowerCase());
            if (!ls || !ls.isConverted) throw fail('INVALID_STATUS', `invalid convertedStatus: ${status}`, ['convertedStatus']);
            // the lead's record type belongs to a lead process that offers only some statuses (org/lead-processes.ts)
            if (!leadStatusesFor(org, lead['RecordTypeId']).includes(ls.name)) throw fail('INVALID_STATUS', `invalid convertedStatus: ${status}`, ['convertedStatus']);
            const ownerRaw = text(lc['ownerId']);
            const owner = ownerRaw ? live(s, ownerRaw, 'User', 'ownerId') : undefined;
            if (owner && owner['IsActive'] !== true) throw fail('INACTIVE_OWNER_OR_USER', 'operation performed with inactive user', ['ownerId']);
            const ownerId = (owner?.['Id'] as string | undefined) ?? (typeof lead['OwnerId'] === 'string' && lead['OwnerId'].startsWith('005') ? lead['OwnerId'] : org.apiUserId);
            const accountRaw = text(lc['accountId']);
            const contactRaw = text(lc['contactId']);
            const oppRaw = text(lc['opportunityId']);
            const noOpp = truthy(lc['doNotCreateOpportunity']);
            const overwriteLeadSource = truthy(lc['overwriteLeadSource']);
            const opportunityName = text(lc['opportunityName']);
            if (contactRaw && !accountRaw) throw fail('REQUIRED_FIELD_MISSING', 'accountId is required when contactId is specified', ['accountId']);
            if (oppRaw && noOpp) throw fail('FIELD_INTEGRITY_EXCEPTION', 'opportunityId and doNotCreateOpportunity cannot both be specified', ['opportunityId']);

            // Multi-currency: the records conversion creates keep the lead's currency.
            const currency = org.schema.multiCurrency && typeof lead['CurrencyIsoCode'] === 'string' ? { CurrencyIsoCode: lead['CurrencyIsoCode'] } : {};
            const company = typeof lead['Company'] === 'string' && lead['Company'] !== '' ? lead['Company'] : String(lead['Name'] ?? lead['LastName']);
            let accountId: string;
            if (accountRaw) {
                accountId = live(s, accountRaw, 'Account', 'accountId')['Id'] as string;
            } else {
                const account = org.insert('Account', {
                    Name: company,
                    Phone: lead['Phone'],
                    Website: lead['Website'],
                    Industry: lead['Industry'],
                    AnnualRevenue: lead['AnnualRevenue'],
                    NumberOfEmployees: lead['NumberOfEmployees'],
                    BillingStreet: lead['Street'],
                    BillingCity: lead['City'],
                    BillingState: lead['State'],
                    BillingPostalCode: lead['PostalCode'],
                    BillingCountry: lead['Country'],
                    OwnerId: ownerId,
                    ...currency
                }, SYSTEM);
                accountId = account['Id'] as string;
            }
            let contactId: string;
            if (contactRaw) {
                const contact = live(s, contactRaw, 'Contact', 'contactId');
                contactId = contact['Id'] as string;
                if (contact['AccountId'] !== accountId) throw fail('INVALID_CROSS_REFERENCE_KEY', 'The contact must belong to the account given in accountId', ['contactId']);
                const fill: Record<string, unknown> = {};
                if (overwriteLeadSource && lead['LeadSource'] !== null) fill['LeadSource'] = lead['LeadSource'];
                for (const [to, from] of [['Email', 'Email'], ['Phone', 'Phone'], ['Title', 'Title']] as const) if ((contact[to] ?? null) === null && lead[from] !== null) fill[to] = lead[from];
                if (Object.keys(fill).length > 0) org.update('Contact', contactId, fill, SYSTEM);
            } else {
                const contact = org.insert('Contact', {
                    FirstName: lead['FirstName'],
                    LastName: lead['LastName'],
                    AccountId: accountId,
                    Title: lead['Title'],
                    Email: lead['Email'],
                    Phone: lead['Phone'],
                    LeadSource: lead['LeadSource'],
                    MailingStreet: lead['Street'],
                    MailingCity: lead['City'],
                    MailingState: lead['State'],
                    MailingPostalCode: lead['PostalCode'],
                    MailingCountry: lead['Country'],
                    Description: lead['Description'],
                    OwnerId: ownerId,
                    ...currency
                }, SYSTEM);
                contactId = contact['Id'] as string;
            }
            let opportunityId: string | null = null;
            if (oppRaw) {
                opportunityId = live(s, oppRaw, 'Opportunity', 'opportunityId')['Id'] as string;
            } else if (!noOpp) {
                const stage = org.schema.opportunityStages.find((st) => st.isActive !== false && !st.isClosed) ?? org.schema.opportunityStages[0];
                const opp = org.insert('Opportunity', {
                    Name: opportunityName ?? `${company}-`,
                    AccountId: accountId,
                    StageName: stage?.name,
                    CloseDate: quarterEnd(org.now()),
                    LeadSource: lead['LeadSource'],
                    OwnerId: ownerId,
                    ...currency
                }, SYSTEM);
                opportunityId = opp['Id'] as string;
            }
            org.updateRaw(leadId, {
                IsConverted: true,
                Status: ls.name,
                ConvertedDate: formatDate(org.now()),
                ConvertedAccountId: accountId,
                ConvertedContactId: contactId,
                ConvertedOpportunityId: opportunityId,
                LastModifiedDate: org.now(),
                LastModifiedById: org.apiUserId
            });
            result.accountId = accountId;
            result.contactId = contactId;
            result.opportunityId = opportunityId;
            result.success = true;
        });
    } catch (err) {
        if (!(err instanceof SfError)) throw err;
        result.accountId = null;
        result.contactId = null;
        result.opportunityId = null;
        result.success = false;
        result.errors = [{ statusCode: err.errorCode, message: err.message, fields: err.fields ?? [] }];
    }
    return result;
}
