/**
 * The Metadata API calls of the change notifier, over SOAP (POST /services/Soap/m/66.0, the OAuth access token as
 * SessionHeader.sessionId; Metadata API Developer Guide): upsertMetadata / readMetadata / deleteMetadata of a
 * RemoteSiteSetting, deploy() of a .zip package and checkDeployStatus() of the deployment.
 *
 * Writes (upsertMetadata, deleteMetadata, deploy) are POSTs sent once and never retried: a lost answer leaves the
 * caller unsure whether they happened, and get-change-notifier-status tells. Reads (readMetadata,
 * checkDeployStatus) are retried as reads are.
 */
import { API_VERSION, request, type NangoClient } from '../http/api.js';
import { actionError, salesforceErrorPayload, type SalesforceError } from '../http/errors.js';
import { escapeXml } from '../crm/soap.js';
import { child, childText, children, find, parseXml, type XmlNode } from './xml.js';

/** Path of the Metadata API SOAP endpoint of our API version. */
export const METADATA_SOAP_PATH = `/services/Soap/m/${API_VERSION.slice(1)}`;
/** API version written into package.xml and every -meta.xml. */
export const METADATA_API_VERSION = API_VERSION.slice(1);
const MD_NS = 'http://soap.sforce.com/2006/04/metadata';

function envelope(sessionId: string, body: string): string {
    return (
        '<?xml version="1.0" encoding="UTF-8"?>' +
        `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:met="${MD_NS}">` +
        `<soapenv:Header><met:SessionHeader><met:sessionId>${escapeXml(sessionId)}</met:sessionId></met:SessionHeader></soapenv:Header>` +
        `<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
    );
}

const el = (name: string, value: string | boolean | number): string => `<met:${name}>${escapeXml(String(value))}</met:${name}>`;

/** Sends one Metadata API call and returns its `<operation>Response` element; a SOAP fault becomes an ActionError. */
async function call(nango: NangoClient, sessionId: string, operation: string, body: string, options: { idempotent: boolean; context: string }): Promise<XmlNode> {
    const response = await request<string>(nango, {
        method: 'POST',
        endpoint: METADATA_SOAP_PATH,
        data: envelope(sessionId, body),
        headers: { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: '""' },
        idempotent: options.idempotent,
        accept: [500],
        responseType: 'text',
        context: options.context
    });
    const text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
    let doc: XmlNode;
    try {
        doc = parseXml(text);
    } catch (error) {
        throw actionError(nango, {
            ...salesforceErrorPayload(response.status, [{ errorCode: 'UNEXPECTED_RESPONSE', message: `not XML: ${error instanceof Error ? error.message : String(error)}` }], options.context),
            status: response.status
        });
    }
    const fault = find(doc, 'Fault');
    if (fault) {
        const code = (childText(fault, 'faultcode') ?? 'SOAP_FAULT').replace(/^[\w-]+:/, '');
        const payload = salesforceErrorPayload(code === 'INVALID_SESSION_ID' ? 401 : code === 'REQUEST_LIMIT_EXCEEDED' ? 403 : 400, [{ errorCode: code, message: childText(fault, 'faultstring') ?? code }], options.context);
        throw actionError(nango, { ...payload, status: response.status });
    }
    const answer = find(doc, `${operation}Response`);
    if (!answer) {
        throw actionError(nango, { ...salesforceErrorPayload(response.status, [{ errorCode: 'UNEXPECTED_RESPONSE', message: `no ${operation}Response in the answer` }], options.context), status: response.status });
    }
    return answer;
}

function errorsOf(node: XmlNode | undefined): SalesforceError[] {
    return children(node, 'errors').map((e) => ({
        errorCode: childText(e, 'statusCode') ?? 'UNKNOWN_ERROR',
        message: childText(e, 'message') ?? '',
        fields: children(e, 'fields').map((f) => f.text.trim())
    }));
}

// ------------------------------------------------------------------------------------------ RemoteSiteSetting

export interface RemoteSite {
    fullName: string;
    url: string;
    description: string;
    isActive: boolean;
}

export interface SaveResult {
    fullName: string;
    success: boolean;
    created: boolean;
    errors: SalesforceError[];
}

/** upsertMetadata of one RemoteSiteSetting (created or overwritten under the same fullName). */
export async function upsertRemoteSite(nango: NangoClient, sessionId: string, site: RemoteSite): Promise<SaveResult> {
    // element order: fullName (inherited from Metadata), then the RemoteSiteSetting fields as the WSDL lists them
    const body =
        '<met:upsertMetadata><met:metadata xsi:type="met:RemoteSiteSetting">' +
        el('fullName', site.fullName) +
        el('description', site.description) +
        el('disableProtocolSecurity', false) +
        el('isActive', site.isActive) +
        el('url', site.url) +
        '</met:metadata></met:upsertMetadata>';
    const answer = await call(nango, sessionId, 'upsertMetadata', body, { idempotent: false, context: `create the remote site setting ${site.fullName}` });
    const result = child(answer, 'result');
    return { fullName: childText(result, 'fullName') ?? site.fullName, success: childText(result, 'success') === 'true', created: childText(result, 'created') === 'true', errors: errorsOf(result) };
}

/** readMetadata of one RemoteSiteSetting; null when the org has none of that name. */
export async function readRemoteSite(nango: NangoClient, sessionId: string, fullName: string): Promise<RemoteSite | null> {
    const body = `<met:readMetadata>${el('type', 'RemoteSiteSetting')}${el('fullNames', fullName)}</met:readMetadata>`;
    const answer = await call(nango, sessionId, 'readMetadata', body, { idempotent: true, context: `read the remote site setting ${fullName}` });
    // a name the org does not have comes back as a records element without a fullName (or xsi:nil)
    const record = children(child(answer, 'result'), 'records').find((r) => childText(r, 'fullName') !== null);
    if (!record) return null;
    return { fullName: childText(record, 'fullName') ?? fullName, url: childText(record, 'url') ?? '', description: childText(record, 'description') ?? '', isActive: childText(record, 'isActive') === 'true' };
}

/** deleteMetadata of one RemoteSiteSetting. */
export async function deleteRemoteSite(nango: NangoClient, sessionId: string, fullName: string): Promise<SaveResult> {
    const body = `<met:deleteMetadata>${el('type', 'RemoteSiteSetting')}${el('fullNames', fullName)}</met:deleteMetadata>`;
    const answer = await call(nango, sessionId, 'deleteMetadata', body, { idempotent: false, context: `delete the remote site setting ${fullName}` });
    const result = child(answer, 'result');
    return { fullName: childText(result, 'fullName') ?? fullName, success: childText(result, 'success') === 'true', created: false, errors: errorsOf(result) };
}

// ------------------------------------------------------------------------------------------ deploy

export type TestLevel = 'NoTestRun' | 'RunSpecifiedTests' | 'RunLocalTests';

export interface DeployOptions {
    testLevel: TestLevel;
    runTests: string[];
    ignoreWarnings: boolean;
}

/** Starts a deployment of a base64 .zip; returns its id (0Af…). */
export async function deploy(nango: NangoClient, sessionId: string, zipBase64: string, options: DeployOptions, context: string): Promise<string> {
    // DeployOptions elements in WSDL order; rollbackOnError must be true on production, and is what we want anywhere
    const body =
        `<met:deploy><met:ZipFile>${zipBase64}</met:ZipFile><met:DeployOptions>` +
        el('allowMissingFiles', false) +
        el('autoUpdatePackage', false) +
        el('checkOnly', false) +
        el('ignoreWarnings', options.ignoreWarnings) +
        el('performRetrieve', false) +
        el('purgeOnDelete', false) +
        el('rollbackOnError', true) +
        options.runTests.map((t) => el('runTests', t)).join('') +
        el('singlePackage', true) +
        el('testLevel', options.testLevel) +
        '</met:DeployOptions></met:deploy>';
    const answer = await call(nango, sessionId, 'deploy', body, { idempotent: false, context });
    const id = childText(child(answer, 'result'), 'id');
    if (!id) {
        throw actionError(nango, salesforceErrorPayload(200, [{ errorCode: 'UNEXPECTED_RESPONSE', message: 'deploy() answered without a deployment id' }], context));
    }
    return id;
}

/** One problem of a deployment: a component that did not compile or deploy, a failed test, a coverage shortfall. */
export interface DeployProblem {
    kind: 'component' | 'test' | 'coverage' | 'deployment';
    /** The class or trigger (`ApexClass NangoChangeNotifier`), test method (`NangoChangeNotifierTest.x`), or null. */
    component: string | null;
    line: number | null;
    column: number | null;
    problem: string;
}

export interface DeployStatus {
    id: string;
    done: boolean;
    /** Pending, InProgress, Succeeded, SucceededPartial, Failed, Canceling, Canceled. */
    status: string;
    success: boolean;
    problems: DeployProblem[];
    testsRun: number;
    testFailures: number;
    /** Per class and trigger of the test run: lines covered of the lines to cover. */
    coverage: Array<{ name: string; type: string; percent: number | null; locations: number; notCovered: number }>;
    completedDate: string | null;
}

const int = (value: string | null): number | null => (value === null || !/^-?\d+$/.test(value) ? null : Number(value));

export function readDeployResult(result: XmlNode | undefined, id: string): DeployStatus {
    const details = child(result, 'details');
    const problems: DeployProblem[] = [];
    const errorMessage = childText(result, 'errorMessage');
    if (errorMessage) {
        const code = childText(result, 'errorStatusCode');
        problems.push({ kind: 'deployment', component: null, line: null, column: null, problem: code ? `${code}: ${errorMessage}` : errorMessage });
    }
    for (const failure of children(details, 'componentFailures')) {
        if (childText(failure, 'problemType') === 'Warning' && childText(failure, 'success') === 'true') continue;
        const type = childText(failure, 'componentType');
        const name = childText(failure, 'fullName') ?? childText(failure, 'fileName');
        problems.push({
            kind: 'component',
            component: [type, name].filter((x) => x !== null).join(' ') || null,
            line: int(childText(failure, 'lineNumber')),
            column: int(childText(failure, 'columnNumber')),
            problem: childText(failure, 'problem') ?? 'unknown problem'
        });
    }
    const run = child(details, 'runTestResult');
    for (const failure of children(run, 'failures')) {
        const where = /line (\d+), column (\d+)/.exec(childText(failure, 'stackTrace') ?? '');
        problems.push({
            kind: 'test',
            component: `${childText(failure, 'name') ?? '?'}.${childText(failure, 'methodName') ?? '?'}`,
            line: where ? Number(where[1]) : null,
            column: where ? Number(where[2]) : null,
            problem: childText(failure, 'message') ?? 'test failed'
        });
    }
    for (const warning of children(run, 'codeCoverageWarnings')) {
        problems.push({ kind: 'coverage', component: childText(warning, 'name'), line: null, column: null, problem: childText(warning, 'message') ?? 'code coverage too low' });
    }
    const coverage = children(run, 'codeCoverage').map((c) => {
        const locations = int(childText(c, 'numLocations')) ?? 0;
        const notCovered = int(childText(c, 'numLocationsNotCovered')) ?? 0;
        return { name: childText(c, 'name') ?? '', type: childText(c, 'type') ?? '', locations, notCovered, percent: locations === 0 ? null : Math.round(((locations - notCovered) / locations) * 1000) / 10 };
    });
    return {
        id: childText(result, 'id') ?? id,
        done: childText(result, 'done') === 'true',
        status: childText(result, 'status') ?? 'Unknown',
        success: childText(result, 'success') === 'true',
        problems,
        testsRun: int(childText(run, 'numTestsRun')) ?? 0,
        testFailures: int(childText(run, 'numFailures')) ?? 0,
        coverage,
        completedDate: childText(result, 'completedDate')
    };
}

/** checkDeployStatus with details (component failures, test results, coverage). */
export async function checkDeployStatus(nango: NangoClient, sessionId: string, id: string): Promise<DeployStatus> {
    const body = `<met:checkDeployStatus>${el('asyncProcessId', id)}${el('includeDetails', true)}</met:checkDeployStatus>`;
    const answer = await call(nango, sessionId, 'checkDeployStatus', body, { idempotent: true, context: `check deployment ${id}` });
    return readDeployResult(child(answer, 'result'), id);
}
