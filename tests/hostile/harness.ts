/**
 * Shared pieces of the hostile-input and output-limit suites: a recording stand-in for Nango's runtime, a loader for
 * every action, valid record ids, and reference escapers written independently of salesforce/lib so that the
 * suites check the lib against a second implementation rather than against itself.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { expect } from 'vitest';

export const hostileDir = path.dirname(fileURLToPath(import.meta.url));
export const actionsDir = path.resolve(hostileDir, '../../salesforce/actions');

/** Nango's own ActionError class, taken from its test mock (the runtime hands functions the same class). */
const { ActionError } = new globalThis.vitest.NangoActionMock({ dirname: hostileDir, name: 'hostile', Model: 'none' });
export { ActionError };

export const API = '/services/data/v66.0';

/** One proxy call as the action sent it. */
export interface SentRequest {
    method: string;
    endpoint: string;
    params?: Record<string, string>;
    data?: unknown;
    headers?: Record<string, string>;
}

export interface ProxyAnswer {
    status?: number;
    data?: unknown;
    headers?: Record<string, string>;
}

/** Answers one request; return undefined to fall back to the generic plausible success. */
export type Responder = (req: SentRequest, index: number) => ProxyAnswer | undefined;

export interface RecordingNango {
    proxy: (config: Record<string, unknown>) => Promise<unknown>;
    get: () => never;
    post: () => never;
    patch: () => never;
    put: () => never;
    delete: () => never;
    ActionError: typeof ActionError;
    log: () => Promise<void>;
    getConnection: () => Promise<unknown>;
    /** Connection metadata (the change-notifier actions keep their secret and last deployment there). */
    getMetadata: () => Promise<Record<string, unknown>>;
    updateMetadata: (values: Record<string, unknown>) => Promise<void>;
    getWebhookURL: () => Promise<string>;
    connectionId: string;
    sent: SentRequest[];
    /** Every updateMetadata call, in order. */
    metadataUpdates: Array<Record<string, unknown>>;
    /** Calls to get/post/patch/put/delete (which this package must never use: every request goes through proxy). */
    bypass: number;
}

const ACCOUNT_ID_FOR_ANSWERS = '001D000000IqhSLIAZ';

/** A plausible Salesforce success for any request this package makes. */
export function genericAnswer(req: SentRequest): ProxyAnswer {
    const e = req.endpoint;
    if (e.startsWith('/services/Soap/')) {
        return {
            status: 200,
            data:
                '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com"><soapenv:Body><convertLeadResponse><result>' +
                '<accountId>001D000000IqhSLIAZ</accountId><contactId>003D000000QnQ1XIAV</contactId><leadId>00QD000000XyZ12AAB</leadId><opportunityId xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/><success>true</success>' +
                '</result></convertLeadResponse></soapenv:Body></soapenv:Envelope>'
        };
    }
    if (/\/query(All)?(\/|$)/.test(e)) return { data: { totalSize: 0, done: true, records: [] } };
    if (e.endsWith('/search')) return { data: { searchRecords: [] } };
    if (e.endsWith('/parameterizedSearch')) return { data: { searchRecords: [] } };
    if (e.endsWith('/composite/batch')) return { data: { hasErrors: false, results: [] } };
    if (e.endsWith('/composite/graph')) return { data: { graphs: [] } };
    if (e.endsWith('/composite')) return { data: { compositeResponse: [] } };
    if (e.includes('/composite/sobjects')) return { data: [] };
    if (e.endsWith('/describe')) return { data: { name: 'Account', label: 'Account', fields: [] } };
    if (e.endsWith('/limits')) return { data: { DailyApiRequests: { Max: 15000, Remaining: 14000 } } };
    if (e.endsWith('/recent')) return { data: [] };
    if (e.endsWith('/quickActions')) return { data: [] };
    if (e.includes('/defaultValues')) return { data: { Subject: 'Call' } };
    if (e === '/services/oauth2/userinfo') return { data: { user_id: '005D0000001Az1bIAC', organization_id: '00DD0000000K1abMAC', preferred_username: 'ada@acme.example' } };
    if (e === '/services/data/') return { data: [] };
    if (e === `${API}/`) return { data: { sobjects: `${API}/sobjects` } };
    if (e === `${API}/sobjects/`) return { data: { encoding: 'UTF-8', maxBatchSize: 200, sobjects: [] } };
    if (req.method === 'POST') return { status: 201, data: { id: ACCOUNT_ID_FOR_ANSWERS, success: true, errors: [] } };
    if (req.method === 'PATCH') return { status: 200, data: { id: ACCOUNT_ID_FOR_ANSWERS, created: false, success: true } };
    if (req.method === 'DELETE') return { status: 204, data: '' };
    if (/\/sobjects\/[^/]+$/.test(e)) return { data: { objectDescribe: { name: 'Account', label: 'Account' }, recentItems: [] } };
    return { data: { attributes: { type: 'Account' }, Id: ACCOUNT_ID_FOR_ANSWERS } };
}

/** What the recording Nango answers to getWebhookURL: the shape of Nango's `/webhook/{environment uuid}/{integration}`. */
export const NANGO_WEBHOOK_URL = 'https://api.nango.example/webhook/5f0c2a8e-0000-4000-8000-000000000001/salesforce';

export function recordingNango(responder?: Responder): RecordingNango {
    const sent: SentRequest[] = [];
    const metadataUpdates: Array<Record<string, unknown>> = [];
    let metadata: Record<string, unknown> = {};
    const self: RecordingNango = {
        sent,
        metadataUpdates,
        bypass: 0,
        ActionError,
        proxy: async (config: Record<string, unknown>) => {
            const req: SentRequest = {
                method: String(config['method']),
                endpoint: String(config['endpoint']),
                ...(config['params'] !== undefined ? { params: config['params'] as Record<string, string> } : {}),
                ...(config['data'] !== undefined ? { data: config['data'] } : {}),
                ...(config['headers'] !== undefined ? { headers: config['headers'] as Record<string, string> } : {})
            };
            sent.push(req);
            const answer = responder?.(req, sent.length - 1) ?? genericAnswer(req);
            return { status: answer.status ?? 200, data: answer.data, headers: answer.headers ?? {} };
        },
        get: () => bypass(),
        post: () => bypass(),
        patch: () => bypass(),
        put: () => bypass(),
        delete: () => bypass(),
        log: async () => undefined,
        getConnection: async () => ({ connection_id: 'hostile-connection', provider_config_key: 'salesforce', credentials: { type: 'OAUTH2', access_token: '00DD0000000K1ab!AQ4AQhostile' } }),
        // a fresh connection: no notifier installed, no deployment recorded; updates are kept and read back, as Nango merges them
        getMetadata: async () => structuredClone(metadata),
        updateMetadata: async (values: Record<string, unknown>) => {
            metadataUpdates.push(structuredClone(values));
            metadata = { ...metadata, ...structuredClone(values) };
        },
        getWebhookURL: async () => NANGO_WEBHOOK_URL,
        connectionId: 'hostile-connection'
    };
    function bypass(): never {
        self.bypass++;
        throw new Error('request sent outside nango.proxy');
    }
    return self;
}

const fixturesDir = path.resolve(hostileDir, '../../salesforce/tests');

interface FixtureEntry {
    request?: { params?: Record<string, unknown>; data?: unknown };
    response?: unknown;
    status?: number;
    headers?: Record<string, string>;
}

/** An endpoint with every id-like segment (15 or 18 letters and digits) made a wildcard. */
function endpointShape(endpoint: string): string {
    return endpoint
        .replace(/^\//, '')
        .split('/')
        .map((segment) => (/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(segment) && /\d/.test(segment) ? '{id}' : segment))
        .join('/');
}

const subset = (part: unknown, whole: unknown): boolean => {
    if (part === undefined) return true;
    if (part === null || typeof part !== 'object') return part === whole;
    if (whole === null || typeof whole !== 'object') return false;
    return Object.entries(part as Record<string, unknown>).every(([k, v]) => subset(v, (whole as Record<string, unknown>)[k]));
};

/**
 * Answers requests from the `api` section of an action's fixture (salesforce/tests/<name>.test.json), so that a
 * baseline runs through the same answers as its fixture test: the entry for the same method and endpoint (ids in the
 * path may differ) whose recorded request the sent one matches, else the first successful one for that endpoint;
 * nothing recorded falls back to the generic answer.
 */
export function fixtureResponder(name: string): Responder {
    const api = (JSON.parse(readFileSync(path.join(fixturesDir, `${name}.test.json`), 'utf8')) as { api?: Record<string, Record<string, FixtureEntry | FixtureEntry[]>> }).api ?? {};
    return (req) => {
        const byEndpoint = api[req.method.toLowerCase()] ?? {};
        const exact = byEndpoint[req.endpoint.replace(/^\//, '')];
        const candidates: FixtureEntry[] = [];
        for (const [endpoint, entry] of Object.entries(byEndpoint)) {
            if (entry !== exact && endpointShape(endpoint) === endpointShape(req.endpoint)) candidates.push(...(Array.isArray(entry) ? entry : [entry]));
        }
        if (exact) candidates.unshift(...(Array.isArray(exact) ? exact : [exact]));
        if (candidates.length === 0) return undefined;
        const ok = (e: FixtureEntry) => (e.status ?? 200) < 400;
        const chosen =
            candidates.find((e) => e.request !== undefined && subset(e.request.params, req.params) && subset(e.request.data, req.data) && ok(e)) ?? candidates.find(ok) ?? candidates[0];
        if (!chosen) return undefined;
        return { status: chosen.status ?? 200, data: structuredClone(chosen.response), ...(chosen.headers ? { headers: chosen.headers } : {}) };
    };
}

export interface ActionModule {
    exec: (nango: never, input: never) => unknown;
}

/** Names of every action file, read from the directory at test time. */
export function actionNames(): string[] {
    return readdirSync(actionsDir)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
        .map((f) => f.slice(0, -3))
        .sort();
}

export async function loadAction(name: string): Promise<ActionModule> {
    const mod = (await import(pathToFileURL(path.join(actionsDir, `${name}.ts`)).href)) as { default: ActionModule };
    return mod.default;
}

export interface RunResult {
    output?: unknown;
    error?: unknown;
    /** The ActionError payload, when the action failed with one. */
    payload?: { type?: string; message?: string; [key: string]: unknown };
    sent: SentRequest[];
    bypass: number;
}

/** The action failed with invalid_input before any request; `field`, when given, is among the fields it names (a name, or a pattern one matches). */
export function expectRefused(result: RunResult, field?: string | RegExp): void {
    expect(result.error, 'the action must fail').toBeInstanceOf(ActionError);
    expect(result.payload?.type).toBe('invalid_input');
    expect(result.sent).toEqual([]);
    expect(result.bypass).toBe(0);
    if (field !== undefined) {
        const fields = (result.payload?.['fields'] as string[] | undefined) ?? [];
        expect(fields.some((f) => (typeof field === 'string' ? f === field : field.test(f))), `fields ${JSON.stringify(fields)}`).toBe(true);
    }
}

/** Runs an action's real exec with a recording mock. */
export async function runAction(action: ActionModule, input: unknown, responder?: Responder): Promise<RunResult> {
    const nango = recordingNango(responder);
    try {
        const output = await (action.exec as (n: unknown, i: unknown) => Promise<unknown>)(nango, input);
        return { output, sent: nango.sent, bypass: nango.bypass };
    } catch (error) {
        const payload = error instanceof ActionError ? ((error as { payload?: RunResult['payload'] }).payload ?? {}) : undefined;
        return { error, ...(payload ? { payload } : {}), sent: nango.sent, bypass: nango.bypass };
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Record ids (checksum computed here, independently of lib/ids.ts)

const CHECKSUM_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

export function withChecksum(id15: string): string {
    let suffix = '';
    for (let block = 0; block < 3; block++) {
        let bits = 0;
        for (let j = 0; j < 5; j++) {
            const c = id15[block * 5 + j] ?? '';
            if (/[A-Z]/.test(c)) bits += 2 ** j;
        }
        suffix += CHECKSUM_CHARS[bits] ?? '';
    }
    return id15 + suffix;
}

/** A valid 18-character id with the given key prefix, varied by n. */
export function idOf(prefix: string, n = 1): string {
    return withChecksum(`${prefix}D0000${String(n).padStart(7, '0')}`.slice(0, 15));
}

/** The same id with a checksum that does not match. */
export function badChecksum(id18: string): string {
    const last = id18.slice(15);
    const wrong = last === 'AAA' ? 'BBB' : 'AAA';
    return id18.slice(0, 15) + wrong;
}

export const IDS = {
    account: idOf('001'),
    account2: idOf('001', 2),
    contact: idOf('003'),
    user: idOf('005'),
    opportunity: idOf('006'),
    lead: idOf('00Q'),
    task: idOf('00T'),
    custom: idOf('a0B'),
    campaign: idOf('701'),
    campaignMember: idOf('00v'),
    bulkJob: idOf('750'),
    contentVersion: idOf('068'),
    contentDocument: idOf('069'),
    contentLink: idOf('06A'),
    report: idOf('00O'),
    dashboard: idOf('01Z'),
    reportInstance: idOf('0LG'),
    filterOption: idOf('0IC'),
    workItem: idOf('04i'),
    approvalProcess: idOf('04a')
};

// ---------------------------------------------------------------------------------------------------------------
// Reference escapers and statement skeletons

const SOQL_ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** SOQL quoted-string escaping per Salesforce's "Quoted String Escape Sequences". */
export function refSoqlString(value: string): string {
    return [...value].map((c) => SOQL_ESCAPES[c] ?? c).join('');
}

export function refSoqlLike(value: string): string {
    return refSoqlString(value).replace(/%/g, '\\%').replace(/_/g, '\\_');
}

/** True when SOQL cannot carry the value in a string (control characters other than the escapable ones). */
export function soqlRefuses(value: string): boolean {
    return [...value].some((c) => {
        const code = c.codePointAt(0) ?? 0;
        return (code < 0x20 || code === 0x7f) && SOQL_ESCAPES[c] === undefined;
    });
}

/** Salesforce's documented SOSL reserved characters. */
const SOSL_RESERVED_REF = new Set(['?', '&', '|', '!', '{', '}', '[', ']', '(', ')', '^', '~', '*', ':', '\\', '"', "'", '+', '-']);

export function refSoslTerm(text: string): string {
    return text
        .trim()
        .split(/(\s+)/)
        .map((part) => {
            if (part.trim() === '') return ' ';
            if (['and', 'or', 'not'].includes(part.toLowerCase())) return `"${part}"`;
            return [...part].map((c) => (SOSL_RESERVED_REF.has(c) ? `\\${c}` : c)).join('');
        })
        .join('');
}

/** The SOQL with every string literal replaced by '?': what the statement does, whatever the values. */
export function soqlSkeleton(soql: string): string {
    return soql.replace(/'(?:[^'\\]|\\[\s\S])*'/g, '?').replace(/\b(?:\d+(?:\.\d+)?|true|false|null)\b/gi, '?');
}

/** The SOSL with the FIND term and every string literal replaced. */
export function soslSkeleton(sosl: string): string {
    return soqlSkeleton(sosl.replace(/\{(?:[^{}\\]|\\[\s\S])*\}/, '{?}'));
}

/** XML escaping of element text, dropping characters XML 1.0 cannot carry. */
export function refXml(value: string): string {
    return value
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;');
}

/**
 * An Apex string literal ("Escape Sequences", Apex Developer Guide: backslash, quote and line breaks escaped), written
 * apart from lib/notifier. A parsed URL carries no other character that needs an escape.
 */
export function refApexString(value: string): string {
    const escapes: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return `'${[...value].map((c) => escapes[c] ?? c).join('')}'`;
}

/** The files of a .zip (PKWARE APPNOTE local file headers; stored or deflated entries), by name. */
export function readZip(base64: string): Map<string, string> {
    const bytes = Buffer.from(base64, 'base64');
    const files = new Map<string, string>();
    let at = 0;
    while (at + 30 <= bytes.length && bytes.readUInt32LE(at) === 0x04034b50) {
        const method = bytes.readUInt16LE(at + 8);
        const size = bytes.readUInt32LE(at + 18);
        const nameLength = bytes.readUInt16LE(at + 26);
        const extraLength = bytes.readUInt16LE(at + 28);
        const name = bytes.subarray(at + 30, at + 30 + nameLength).toString('utf8');
        const start = at + 30 + nameLength + extraLength;
        const data = bytes.subarray(start, start + size);
        if (method !== 0 && method !== 8) throw new Error(`zip entry ${name}: compression method ${method}`);
        files.set(name, (method === 0 ? data : inflateRawSync(data)).toString('utf8'));
        at = start + size;
    }
    if (files.size === 0) throw new Error('not a zip archive');
    return files;
}

/** Number of times the needle occurs in the text. */
export function occurrences(text: string, needle: string): number {
    return needle.length === 0 ? 0 : text.split(needle).length - 1;
}

/** UTF-8 size of an output as Nango would store it. */
export function outputBytes(output: unknown): number {
    return Buffer.byteLength(JSON.stringify(output), 'utf8');
}

export const TWO_MB = 2 * 1024 * 1024;
