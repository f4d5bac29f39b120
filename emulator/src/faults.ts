/**
 * Fault injection for the Salesforce side of the emulator: "the next N calls to a path fail with 500/503,
 * a delay, a dropped connection, INVALID_SESSION_ID, QUERY_TIMEOUT or INVALID_QUERY_LOCATOR".
 *
 * Rules are checked by the HTTP server before a Salesforce request is routed, so a faulted call never
 * executes its operation (except `drop-after`, which runs it and then drops the connection). Calls made
 * through the Nango /proxy reach the server again over HTTP, so the proxy's retry loop meets the faults
 * exactly as it would meet real failures.
 */
import { json, type Req, type Res } from './http.js';

export type Fault =
    /** Answer with this HTTP status and a Salesforce-style error body (500 UNKNOWN_EXCEPTION, 503 SERVER_UNAVAILABLE, …). */
    | { kind: 'status'; status: number; message?: string }
    /** Wait `ms`, then serve the call normally. */
    | { kind: 'delay'; ms: number }
    /** Destroy the socket without answering (the operation is not executed). */
    | { kind: 'drop' }
    /** Execute the operation, then destroy the socket instead of answering. */
    | { kind: 'drop-after' }
    /** Answer `[{message, errorCode}]` with `status` (default per error code: 401 INVALID_SESSION_ID, 403 REQUEST_LIMIT_EXCEEDED, else 400). */
    | { kind: 'error'; status?: number; errorCode: string; message?: string };

export interface FaultMatch {
    /** HTTP method (case-insensitive); any when absent. */
    method?: string;
    /**
     * A string is a path prefix: `/services/data/v66.0/query` matches that path and everything below it; a string
     * that does not start with `/services` or `/id` is relative to the API version (`/query` matches
     * `/services/data/vNN.N/query…` for every version). A RegExp is tested against path + query string.
     */
    path: RegExp | string;
    /** Start failing at the nth matching call (default 1: the very next one). */
    nth?: number;
}

export interface FaultRule {
    match: FaultMatch;
    /** How many calls fail (default 1). */
    times?: number;
    fault: Fault;
}

export interface FiredFault {
    /** Id of the rule that fired. */
    rule: string;
    kind: Fault['kind'];
    /** HTTP status answered; 0 for drops. */
    status: number;
    method: string;
    /** Path with query string. */
    path: string;
    /** ISO timestamp and epoch ms of the firing. */
    at: string;
    atMs: number;
    /** 1-based index of the firing within its rule. */
    firing: number;
}

export interface FaultHandle {
    id: string;
    /** Times this rule has fired so far. */
    count(): number;
    /** True once the rule has fired `times` times. */
    exhausted(): boolean;
    /** Removes the rule (fired entries stay in fired()). */
    remove(): void;
}

export interface FaultsApi {
    inject(rule: FaultRule): FaultHandle;
    /** Removes every rule and forgets what fired. */
    clear(): void;
    /** What fired, oldest first. */
    fired(): FiredFault[];
    /** Rules still installed, with their progress. */
    rules(): Array<{ id: string; match: { method?: string; path: string; nth: number }; times: number; fault: Fault; seen: number; fired: number }>;
}

interface Installed {
    id: string;
    method: string | undefined;
    path: RegExp | string;
    nth: number;
    times: number;
    fault: Fault;
    seen: number;
    fired: number;
}

const DEFAULT_MESSAGES: Record<string, string> = {
    INVALID_SESSION_ID: 'Session expired or invalid',
    QUERY_TIMEOUT: 'Your query request was running for too long.',
    INVALID_QUERY_LOCATOR: 'invalid query locator',
    REQUEST_LIMIT_EXCEEDED: 'TotalRequests Limit exceeded.',
    UNABLE_TO_LOCK_ROW: 'unable to obtain exclusive access to this record',
    SERVER_UNAVAILABLE: 'Server temporarily unavailable. Please try again later.',
    UNKNOWN_EXCEPTION: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)'
};

const DEFAULT_STATUS: Record<string, number> = { INVALID_SESSION_ID: 401, REQUEST_LIMIT_EXCEEDED: 403, SERVER_UNAVAILABLE: 503, UNKNOWN_EXCEPTION: 500 };

const VERSIONED = /^\/services\/data\/v\d+\.\d+(\/.*)?$/;

export class Faults implements FaultsApi {
    private list: Installed[] = [];
    private log: FiredFault[] = [];
    private nextId = 1;

    inject(rule: FaultRule): FaultHandle {
        validate(rule);
        const r: Installed = {
            id: `fault-${this.nextId++}`,
            method: rule.match.method?.toUpperCase(),
            path: rule.match.path,
            nth: Math.max(1, Math.floor(rule.match.nth ?? 1)),
            times: Math.max(0, Math.floor(rule.times ?? 1)),
            fault: rule.fault,
            seen: 0,
            fired: 0
        };
        this.list.push(r);
        return {
            id: r.id,
            count: () => r.fired,
            exhausted: () => r.fired >= r.times,
            remove: () => {
                this.list = this.list.filter((x) => x !== r);
            }
        };
    }

    remove(id: string): boolean {
        const before = this.list.length;
        this.list = this.list.filter((x) => x.id !== id);
        return this.list.length !== before;
    }

    clear(): void {
        this.list = [];
        this.log = [];
    }

    fired(): FiredFault[] {
        return this.log.map((f) => ({ ...f }));
    }

    rules(): ReturnType<FaultsApi['rules']> {
        return this.list.map((r) => ({
            id: r.id,
            match: { ...(r.method ? { method: r.method } : {}), path: String(r.path), nth: r.nth },
            times: r.times,
            fault: r.fault,
            seen: r.seen,
            fired: r.fired
        }));
    }

    /** Counts the call against every matching rule and returns the fault to apply, if one is due. */
    check(req: Req): { rule: Installed; fault: Fault } | undefined {
        if (this.list.length === 0) return undefined;
        let due: Installed | undefined;
        for (const r of this.list) {
            if (r.fired >= r.times || !matches(r, req)) continue;
            r.seen++;
            if (!due && r.seen >= r.nth) due = r;
        }
        if (!due) return undefined;
        due.fired++;
        return { rule: due, fault: due.fault };
    }

    /** Records a firing (the server calls this once it knows the status it answered). */
    record(rule: Installed, req: Req, status: number, atMs: number): void {
        this.log.push({ rule: rule.id, kind: rule.fault.kind, status, method: req.method, path: req.path + req.url.search, at: new Date(atMs).toISOString(), atMs, firing: rule.fired });
        if (this.log.length > 10_000) this.log.splice(0, this.log.length - 10_000);
    }
}

function matches(r: Installed, req: Req): boolean {
    if (r.method && r.method !== req.method) return false;
    if (r.path instanceof RegExp) {
        r.path.lastIndex = 0;
        return r.path.test(req.path + req.url.search);
    }
    const want = r.path.replace(/\/+$/, '');
    let p = req.path;
    if (!want.startsWith('/services') && !want.startsWith('/id')) {
        const m = VERSIONED.exec(p);
        if (!m) return false;
        p = m[1] ?? '';
    }
    if (want === '') return true;
    return p === want || p.startsWith(`${want}/`);
}

function validate(rule: FaultRule): void {
    const f = rule.fault as Partial<Fault> & { kind?: unknown };
    const kinds = ['status', 'delay', 'drop', 'drop-after', 'error'];
    if (!f || typeof f.kind !== 'string' || !kinds.includes(f.kind)) throw new TypeError(`fault.kind must be one of ${kinds.join(', ')}`);
    if (f.kind === 'status' && !(Number.isInteger((f as { status?: unknown }).status) && (f as { status: number }).status >= 100 && (f as { status: number }).status <= 599)) {
        throw new TypeError('fault.status must be an HTTP status');
    }
    if (f.kind === 'delay' && !(typeof (f as { ms?: unknown }).ms === 'number' && (f as { ms: number }).ms >= 0)) throw new TypeError('fault.ms must be a number ≥ 0');
    if (f.kind === 'error' && typeof (f as { errorCode?: unknown }).errorCode !== 'string') throw new TypeError('fault.errorCode must be a string');
    if (!rule.match || (typeof rule.match.path !== 'string' && !(rule.match.path instanceof RegExp))) throw new TypeError('match.path must be a string or a RegExp');
}

/** The response of a `status` or `error` fault. */
export function faultResponse(fault: Fault): Res | undefined {
    if (fault.kind === 'status') {
        const code = fault.status === 503 ? 'SERVER_UNAVAILABLE' : fault.status >= 500 ? 'UNKNOWN_EXCEPTION' : 'INVALID_REQUEST';
        return json(fault.status, [{ message: fault.message ?? DEFAULT_MESSAGES[code] ?? 'Injected failure', errorCode: code }]);
    }
    if (fault.kind === 'error') {
        const status = fault.status ?? DEFAULT_STATUS[fault.errorCode] ?? 400;
        return json(status, [{ message: fault.message ?? DEFAULT_MESSAGES[fault.errorCode] ?? `Injected ${fault.errorCode}`, errorCode: fault.errorCode }]);
    }
    return undefined;
}

/** Parses a rule sent to POST /__emulator/faults: like FaultRule, with `path` a string and `pathRegex` (+ `flags`) for a RegExp. */
export function ruleFromJson(value: unknown): FaultRule {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('body must be a JSON object');
    const o = value as Record<string, unknown>;
    const m = (o['match'] ?? {}) as Record<string, unknown>;
    let path: RegExp | string;
    if (typeof m['pathRegex'] === 'string') path = new RegExp(m['pathRegex'], typeof m['flags'] === 'string' ? m['flags'] : '');
    else if (typeof m['path'] === 'string') path = m['path'];
    else throw new TypeError('match.path (string) or match.pathRegex is required');
    const match: FaultMatch = { path };
    if (typeof m['method'] === 'string') match.method = m['method'];
    if (typeof m['nth'] === 'number') match.nth = m['nth'];
    const rule: FaultRule = { match, fault: o['fault'] as Fault };
    if (typeof o['times'] === 'number') rule.times = o['times'];
    validate(rule);
    return rule;
}
