/**
 * The Metadata API over SOAP (Metadata API Developer Guide): POST /services/Soap/m/{version}, Content-Type
 * text/xml, SOAPAction, the access token as SessionHeader.sessionId; faults as SOAP 1.1 faults with HTTP 500.
 * Calls: upsertMetadata / readMetadata / deleteMetadata of RemoteSiteSetting, deploy() of a .zip (apex/deploy.ts)
 * and checkDeployStatus().
 *
 * Simplification: CRUD calls take RemoteSiteSetting only (other types answer an error result).
 */
import { XMLParser } from 'fast-xml-parser';

import { header, type Req, type Res } from '../http.js';
import { runDeploy } from '../apex/deploy.js';
import type { RemoteSite, SalesforceState } from '../state.js';
import { soapFault } from './soap.js';

const ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const MD = 'http://soap.sforce.com/2006/04/metadata';
const REPEATED = new Set(['metadata', 'fullNames', 'runTests']);
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: true, isArray: (name) => REPEATED.has(name) });

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, value: string | boolean | number): string => `<${name}>${esc(String(value))}</${name}>`;

function answer(s: SalesforceState, operation: string, result: string): Res {
    return {
        status: 200,
        headers: { 'Content-Type': 'text/xml;charset=UTF-8' },
        body: `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${ENV}" xmlns="${MD}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Header><LimitInfoHeader><limitInfo><current>${s.apiUsage}</current><limit>${s.apiBudget}</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader></soapenv:Header><soapenv:Body><${operation}Response>${result}</${operation}Response></soapenv:Body></soapenv:Envelope>`
    };
}

function text(v: unknown): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'object') {
        const t = (v as Record<string, unknown>)['#text'];
        return t === undefined ? undefined : String(t).trim();
    }
    const s = String(v).trim();
    return s === '' ? undefined : s;
}

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const bool = (v: unknown, fallback: boolean): boolean => (text(v) === undefined ? fallback : text(v)?.toLowerCase() === 'true');

const FULL_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;

function error(statusCode: string, message: string, fields: string[] = []): string {
    return `<errors>${fields.map((f) => el('fields', f)).join('')}${el('message', message)}${el('statusCode', statusCode)}</errors>`;
}

function upsert(s: SalesforceState, items: unknown[]): string {
    if (items.length > 10) return '';
    return items
        .map((raw) => {
            const m = (raw ?? {}) as Record<string, unknown>;
            const type = (text(m['@_type']) ?? '').replace(/^\w+:/, '');
            const fullName = text(m['fullName']) ?? '';
            if (type !== 'RemoteSiteSetting') return `<result>${error('INVALID_TYPE', `The emulator's upsertMetadata takes RemoteSiteSetting only, not ${type || 'an untyped component'}`)}${el('created', false)}${el('fullName', fullName)}${el('success', false)}</result>`;
            if (!FULL_NAME.test(fullName) || fullName.endsWith('_')) {
                return `<result>${error('FIELD_INTEGRITY_EXCEPTION', 'The Remote Site Name can only contain underscores and alphanumeric characters. It must be unique, begin with a letter, not include spaces, not end with an underscore, and not contain two consecutive underscores.', ['fullName'])}${el('created', false)}${el('fullName', fullName)}${el('success', false)}</result>`;
            }
            const url = text(m['url']) ?? '';
            let valid = false;
            try {
                valid = ['http:', 'https:'].includes(new URL(url).protocol);
            } catch {
                valid = false;
            }
            if (!valid) return `<result>${error('FIELD_INTEGRITY_EXCEPTION', 'Remote Site URL: Invalid URL', ['url'])}${el('created', false)}${el('fullName', fullName)}${el('success', false)}</result>`;
            const site: RemoteSite = { fullName, url, description: text(m['description']) ?? '', isActive: bool(m['isActive'], true), disableProtocolSecurity: bool(m['disableProtocolSecurity'], false) };
            const created = !s.apex.remoteSites.has(fullName.toLowerCase());
            s.apex.remoteSites.set(fullName.toLowerCase(), site);
            return `<result>${el('created', created)}${el('fullName', fullName)}${el('success', true)}</result>`;
        })
        .join('');
}

function read(s: SalesforceState, type: string, names: string[]): string {
    const records = names.map((name) => {
        const site = type === 'RemoteSiteSetting' ? s.apex.remoteSites.get(name.toLowerCase()) : undefined;
        // a name the org does not have answers a records element without content
        if (!site) return '<records/>';
        return `<records xsi:type="RemoteSiteSetting">${el('fullName', site.fullName)}${site.description ? el('description', site.description) : ''}${el('disableProtocolSecurity', site.disableProtocolSecurity)}${el('isActive', site.isActive)}${el('url', site.url)}</records>`;
    });
    return `<result>${records.join('')}</result>`;
}

function remove(s: SalesforceState, type: string, names: string[]): string {
    return names
        .map((name) => {
            if (type === 'RemoteSiteSetting' && s.apex.remoteSites.delete(name.toLowerCase())) return `<result>${el('fullName', name)}${el('success', true)}</result>`;
            return `<result>${error('INVALID_CROSS_REFERENCE_KEY', `In field: fullName - no ${type} named ${name} found`)}${el('fullName', name)}${el('success', false)}</result>`;
        })
        .join('');
}

/** Entry point for /services/Soap/m/{version}[/{orgId}]. */
export function handleMetadataSoap(req: Req, s: SalesforceState, version: string): Res {
    if (req.method !== 'POST') return soapFault('Client', `HTTP method ${req.method} is not supported: SOAP requests are POSTs`, 'soapenv');
    if (Number(version) < 31) return soapFault('UNSUPPORTED_API_VERSION', `Invalid Api version specified on URL: ${version}`);
    if (!/xml/i.test(header(req, 'content-type') ?? '')) return soapFault('Client', `Content-Type must be text/xml; got '${header(req, 'content-type') ?? ''}'`, 'soapenv');
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
    const session = text(((env['Header'] as Record<string, unknown> | undefined)?.['SessionHeader'] as Record<string, unknown> | undefined)?.['sessionId']);
    if (session !== s.accessToken) return soapFault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
    if (s.apiUsage >= s.apiBudget) return soapFault('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    s.apiUsage++;
    const op = Object.keys(body).find((k) => !k.startsWith('@_'));
    const call = ((op ? body[op] : undefined) ?? {}) as Record<string, unknown>;
    switch (op) {
        case 'upsertMetadata': {
            const items = list(call['metadata']);
            if (items.length === 0 || items.length > 10) return soapFault('INVALID_ARGUMENT', 'upsertMetadata takes 1 to 10 components');
            return answer(s, op, upsert(s, items));
        }
        case 'readMetadata':
        case 'deleteMetadata': {
            const type = text(call['type']) ?? '';
            const names = list(call['fullNames']).map((n) => text(n) ?? '');
            if (names.length === 0 || names.length > 10) return soapFault('INVALID_ARGUMENT', `${op} takes 1 to 10 fullNames`);
            return answer(s, op, op === 'readMetadata' ? read(s, type, names) : remove(s, type, names));
        }
        case 'deploy': {
            const zip = text(call['ZipFile']);
            if (!zip) return soapFault('INVALID_ARGUMENT', 'deploy needs a ZipFile');
            const o = (call['DeployOptions'] ?? {}) as Record<string, unknown>;
            const job = runDeploy(s, Buffer.from(zip, 'base64'), {
                checkOnly: bool(o['checkOnly'], false),
                ignoreWarnings: bool(o['ignoreWarnings'], false),
                rollbackOnError: bool(o['rollbackOnError'], true),
                runTests: list(o['runTests']).map((t) => text(t) ?? '').filter((t) => t !== ''),
                testLevel: text(o['testLevel']),
                singlePackage: bool(o['singlePackage'], false)
            });
            return answer(s, op, `<result>${el('done', false)}${el('id', job.id)}${el('state', 'Queued')}</result>`);
        }
        case 'checkDeployStatus': {
            const id = text(call['asyncProcessId']) ?? '';
            const job = s.apex.deploys.get(id) ?? [...s.apex.deploys.values()].find((j) => j.id.slice(0, 15) === id.slice(0, 15));
            if (!job) return soapFault('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${id}`);
            job.checks++;
            const done = job.checks > s.apex.checksToComplete;
            return answer(s, op, `<result>${job.resultXml(done)}</result>`);
        }
        default:
            return soapFault('Client', `No operation available for request {${MD}}${op ?? ''}`, 'soapenv');
    }
}
