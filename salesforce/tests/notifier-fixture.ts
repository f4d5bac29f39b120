/**
 * Shared by the change-notifier fixture tests: the Metadata API SOAP calls all go to one endpoint with bodies that
 * carry a fresh secret and zip, so they are answered by operation from the fixture's `soap` section (in order),
 * while the REST calls go through the fixture's `api` section as usual.
 */
import fs from 'node:fs';
import path from 'node:path';

import { testsDir } from './helpers.js';

type Mock = { proxy: { getMockImplementation(): ((config: any) => Promise<unknown>) | undefined; mockImplementation(fn: (config: any) => Promise<unknown>): unknown } };

export function soapFixture(name: string): Record<string, string[]> {
    return (JSON.parse(fs.readFileSync(path.join(testsDir, `${name}.test.json`), 'utf8')) as { soap: Record<string, string[]> }).soap;
}

/** Answers POSTs to /services/Soap/m/66.0 from `answers` by operation; returns the operations called, in order. */
export function routeSoap(nango: Mock, answers: Record<string, string[]>): string[] {
    const calls: string[] = [];
    const original = nango.proxy.getMockImplementation();
    const queues = Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, [...v]]));
    nango.proxy.mockImplementation(async (config: any) => {
        if (config.method === 'POST' && config.endpoint === '/services/Soap/m/66.0') {
            const op = /<soapenv:Body><met:(\w+)>/.exec(String(config.data))?.[1] ?? '?';
            calls.push(op);
            const queue = queues[op] ?? [];
            const body = queue.length > 1 ? queue.shift() : queue[0];
            if (body === undefined) throw new Error(`no SOAP answer for ${op} in the fixture`);
            return { status: body.includes('<soapenv:Fault>') ? 500 : 200, data: body, headers: {} };
        }
        return original ? original(config) : undefined;
    });
    return calls;
}

export const envelope = (op: string, result: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><${op}Response>${result}</${op}Response></soapenv:Body></soapenv:Envelope>`;
