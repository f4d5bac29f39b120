/** Minimal request/response types shared by the routers (the server owns the node:http objects). */
import type { IncomingHttpHeaders } from 'node:http';
import { SfError } from './errors.js';

export interface Req {
    method: string;
    /** Decoded-free raw path (no query string). */
    path: string;
    url: URL;
    headers: IncomingHttpHeaders;
    body: Buffer;
}

export interface Res {
    status: number;
    headers: Record<string, string>;
    body: string | Buffer;
    /** Normalised endpoint label for the stats (e.g. `GET /sobjects/Account/{id}`). */
    endpoint?: string;
}

export const JSON_TYPE = 'application/json;charset=UTF-8';

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Res {
    return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

export function empty(status: number, headers: Record<string, string> = {}): Res {
    return { status, headers, body: '' };
}

export function sfError(err: SfError): Res {
    return json(err.status, [err.toJSON()]);
}

export function header(req: Req, name: string): string | undefined {
    const v = req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
}

export function bearer(req: Req): string | undefined {
    const auth = header(req, 'authorization');
    const m = auth ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
    return m?.[1]?.trim() || undefined;
}

/** Parses a JSON object body or throws JSON_PARSER_ERROR like Salesforce. */
export function jsonBody(req: Req): Record<string, unknown> {
    const text = req.body.toString('utf8');
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (err) {
        throw new SfError(400, 'JSON_PARSER_ERROR', `Unexpected character in request body: ${err instanceof Error ? err.message : 'invalid JSON'}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new SfError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of sObject from a non-object value');
    }
    return value as Record<string, unknown>;
}
