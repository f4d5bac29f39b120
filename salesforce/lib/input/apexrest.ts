/**
 * Paths and query parameters of the org's own Apex REST services (`/services/apexrest/…`).
 *
 * An Apex class annotated `@RestResource(urlMapping='/Invoices/*')` answers under
 * `/services/apexrest/Invoices/…` (a namespaced class under `/services/apexrest/{namespace}/Invoices/…`); the mapping
 * is case-sensitive, starts with `/`, is at most 255 characters and may end in a `*` wildcard (Apex Developer Guide,
 * "RestResource Annotation"). What the caller gives is the part after `/services/apexrest/`, and it must stay there:
 *
 * - segments of letters, digits and `_ . ~ - @ + ,` only, so no `%` (no encoded separator or dot can be decoded into
 *   a traversal on the way), no `?` or `#` (the query string travels apart, in `queryParameters`), no `;` (matrix parameters, which some
 *   servers strip before matching), no backslash, whitespace or control character, no `:` (no scheme);
 * - no empty segment (`//`, which some proxies collapse and which starts a protocol-relative URL), no `.` or `..`
 *   segment (traversal out of /services/apexrest/ into /services/data/), no segment of dots only;
 * - at most 32 segments and 1,000 characters.
 *
 * Query parameters are a separate map: names of letters, digits and `_ . - [ ]`, values any text without control
 * characters; both are percent-encoded by the HTTP client, so a value can never add a parameter or end the URL.
 */
import { InputError } from '../http/errors.js';
import { printable } from './names.js';

export const MAX_APEX_REST_PATH_LENGTH = 1_000;
export const MAX_APEX_REST_SEGMENTS = 32;
export const MAX_APEX_REST_QUERY_PARAMS = 100;
export const MAX_APEX_REST_QUERY_VALUE_LENGTH = 4_000;

const SEGMENT_RE = /^[A-Za-z0-9_.~@+,-]+$/;
const QUERY_NAME_RE = /^[A-Za-z0-9_.[\]-]{1,100}$/;
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why a path character is refused, for the message (the first offending character decides). */
function reasonFor(path: string): string | undefined {
    if (CONTROL_RE.test(path)) return 'contains a control character (newline, tab, NUL…)';
    if (/\s/.test(path)) return 'contains whitespace';
    if (path.includes('%')) return 'contains %: percent-encoded characters (such as %2F or %2E) are not accepted; pass the path unencoded';
    if (path.includes('?')) return 'contains ?: pass query parameters in queryParameters, not in the path';
    if (path.includes('#')) return 'contains #: a fragment is not part of a request';
    if (path.includes('\\')) return 'contains a backslash';
    if (path.includes(';')) return 'contains ;';
    if (path.includes(':')) return 'contains : (an absolute URL or scheme); give only the path after /services/apexrest/';
    return undefined;
}

/**
 * The path after `/services/apexrest/`, checked: one leading `/` is dropped ("/Invoices/v1" and "Invoices/v1" are
 * the same), one trailing `/` is kept. Throws InputError otherwise.
 */
export function assertApexRestPath(value: unknown, at = 'path'): string {
    if (typeof value !== 'string' || value.length === 0) {
        throw new InputError('must be the path of an Apex REST service after /services/apexrest/, e.g. "InvoiceService/v1/INV-1001"', at);
    }
    if (value.length > MAX_APEX_REST_PATH_LENGTH) {
        throw new InputError(`must be at most ${MAX_APEX_REST_PATH_LENGTH} characters`, at);
    }
    const reason = reasonFor(value);
    if (reason) throw new InputError(`"${printable(value)}" ${reason}`, at);
    if (value.startsWith('//')) {
        throw new InputError(`"${printable(value)}" starts with //, which names another host; give only the path after /services/apexrest/`, at);
    }
    const path = value.startsWith('/') ? value.slice(1) : value;
    const body = path.endsWith('/') ? path.slice(0, -1) : path;
    const segments = body.split('/');
    if (segments.length > MAX_APEX_REST_SEGMENTS) {
        throw new InputError(`has ${segments.length} segments; at most ${MAX_APEX_REST_SEGMENTS}`, at);
    }
    for (const segment of segments) {
        if (segment.length === 0) {
            throw new InputError(`"${printable(value)}" has an empty segment (//): name each part of the path`, at);
        }
        if (/^\.+$/.test(segment)) {
            throw new InputError(`"${printable(value)}" has a "${segment}" segment, which would leave /services/apexrest/`, at);
        }
        if (!SEGMENT_RE.test(segment)) {
            throw new InputError(`"${printable(value)}" has characters an Apex REST path cannot carry here (allowed: letters, digits and _ . ~ - @ + ,)`, at);
        }
    }
    return path;
}

/** Query parameters for an Apex REST call, checked; undefined stays undefined. */
export function assertApexRestQuery(value: unknown, at = 'queryParameters'): Record<string, string> | undefined {
    if (value === undefined) return undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new InputError('must be an object of parameter names and text values, e.g. {"status": "open"}', at);
    }
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length > MAX_APEX_REST_QUERY_PARAMS) {
        throw new InputError(`has ${entries.length} parameters; at most ${MAX_APEX_REST_QUERY_PARAMS}`, at);
    }
    const out: Record<string, string> = {};
    for (const [name, raw] of entries) {
        if (!QUERY_NAME_RE.test(name)) {
            throw new InputError(`"${printable(name)}" is not a parameter name (letters, digits and _ . - [ ], up to 100 characters)`, `${at}.${printable(name, 40)}`);
        }
        if (typeof raw !== 'string') {
            throw new InputError('must be a text value (numbers and booleans as text, e.g. "10")', `${at}.${name}`);
        }
        if (raw.length > MAX_APEX_REST_QUERY_VALUE_LENGTH) {
            throw new InputError(`must be at most ${MAX_APEX_REST_QUERY_VALUE_LENGTH} characters`, `${at}.${name}`);
        }
        if (CONTROL_RE.test(raw)) {
            throw new InputError(`"${printable(raw)}" contains a control character`, `${at}.${name}`);
        }
        out[name] = raw;
    }
    return out;
}
