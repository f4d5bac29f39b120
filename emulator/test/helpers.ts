import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../src/index.js';

export const V = 'v62.0';

export interface Client {
    emu: EmulatorHandle;
    /** fetch against the emulator with the Salesforce bearer token; `path` is relative to /services/data/vNN.N unless it starts with '/services' or '/'. */
    sf: (path: string, init?: RequestInit & { json?: unknown }) => Promise<{ status: number; headers: Headers; body: any; text: string }>;
    nango: (path: string, init?: RequestInit & { json?: unknown }) => Promise<{ status: number; headers: Headers; body: any; text: string }>;
}

async function call(url: string, init: RequestInit & { json?: unknown }, auth: string | undefined) {
    const { json, headers, ...rest } = init;
    const h: Record<string, string> = { ...(headers as Record<string, string> | undefined) };
    if (auth !== undefined) h['Authorization'] = auth;
    if (json !== undefined) h['Content-Type'] = 'application/json';
    const res = await fetch(url, { ...rest, headers: h, ...(json !== undefined ? { body: typeof json === 'string' ? json : JSON.stringify(json) } : {}) });
    const text = await res.text();
    let body: any = undefined;
    try {
        body = text === '' ? undefined : JSON.parse(text);
    } catch {
        body = text;
    }
    return { status: res.status, headers: res.headers, body, text };
}

export async function start(options: EmulatorOptions = {}): Promise<Client> {
    const emu = await startEmulator({ seed: 7, volume: 25, proxyRetryBaseMs: 1, ...options });
    return {
        emu,
        sf: (path, init = {}) => {
            const url = path.startsWith('/') ? `${emu.url}${path}` : `${emu.url}/services/data/${V}/${path}`;
            const auth = new Headers(init.headers).has('Authorization') ? undefined : `Bearer ${emu.accessToken}`;
            return call(url, init, auth);
        },
        nango: (path, init = {}) => {
            const auth = new Headers(init.headers).has('Authorization') ? undefined : 'Bearer test-secret';
            return call(`${emu.url}${path}`, init, auth);
        }
    };
}

export const q = (soql: string): string => `query?q=${encodeURIComponent(soql)}`;
export const qa = (soql: string): string => `queryAll?q=${encodeURIComponent(soql)}`;
