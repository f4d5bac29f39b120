/**
 * The whole Nango path, offline: `nango deploy dev --auto-confirm` through the real CLI against the emulator (the one
 * full compile of the CLI tests: type-check and bundle of every function), then the deployed functions used the way a
 * customer uses them on Nango, with clients we did not write: the official Node SDK (`@nangohq/node`: triggerAction,
 * triggerActionAsync, triggerSync, syncStatus, listRecords, getScriptsConfig) and the official MCP client
 * (`@modelcontextprotocol/sdk`: list tools, call them), against the emulator's stand-in for Nango's runtime
 * (emulator/src/nango-runtime.ts), which runs the bundles it received.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Nango } from '@nangohq/node';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator, type EmulatorHandle } from '../../emulator/src/index.js';
import { deployPayload, entries } from '../../scripts/build.js';
import { copyPackage, type Workspace } from './cli-workspace.js';
import { projectRoot } from './runtime.js';

const SECRET = 'emulator-secret-key';
let emulator: EmulatorHandle;
/** The org's clock: a sync reads up to a minute before the org's now, so changes are made in the past of it. */
let now = Date.now() - 3_600_000;
let workspace: Workspace;
let deploy: { code: number; out: string };
let nango: Nango;

beforeAll(async () => {
    workspace = copyPackage();
    emulator = await startEmulator({ seed: 3, volume: 10, proxyRetryBaseMs: 1, clock: () => now });
    // took 14 s alone and 15–34 s while the rest of the suite ran on the same 2 cores
    deploy = await workspace.nango(['deploy', 'dev', '--auto-confirm', '--no-interactive'], emulator.url);
    nango = new Nango({ secretKey: SECRET, host: emulator.url });
}, 180_000);
afterAll(async () => {
    await emulator?.stop();
    workspace?.remove();
});

const runtime = () => emulator.stats().runtime;
/** The error body Nango answers for a failed action (axios rejects with it as response.data). */
async function nangoError(promise: Promise<unknown>): Promise<{ status: number; data: any }> {
    try {
        await promise;
    } catch (error: any) {
        if (error?.response) return { status: error.response.status, data: error.response.data };
        throw error;
    }
    throw new Error('expected the call to fail');
}

describe('nango deploy against the emulator', () => {
    it('deploy dev --auto-confirm succeeds and the emulator received every function', () => {
        expect(deploy.code, deploy.out).toBe(0);
        const deployed = emulator.deployed().map((f) => f.name).sort();
        expect(deployed).toEqual(entries(projectRoot).map((e) => e.name).sort());
        expect(deployed.length).toBeGreaterThan(60);
    });

    it("npm start's deployPayload sends what the CLI sent (names, types, models, inputs, descriptions, bundles)", () => {
        const shape = (f: { name: string; type: string; models: string[]; input: string | null; description: string; js: string }) => ({ name: f.name, type: f.type, models: f.models, input: f.input, description: f.description, js: f.js });
        const fromCli = emulator.deployed().map(shape);
        const flows = (deployPayload()['flowConfigs'] as Array<Record<string, any>>).map((f) => ({ name: f['syncName'], type: f['type'], models: f['models'], input: f['input'] ?? null, description: f['metadata']?.description ?? '', js: f['fileBody'].js }));
        expect(flows.map((f) => f.name).sort()).toEqual(fromCli.map((f) => f.name).sort());
        // what differs, by function and field (bundles are long: compared, not printed)
        const differences = flows.flatMap((f) => {
            const cli = fromCli.find((c) => c.name === f.name);
            return (['type', 'models', 'input', 'description', 'js'] as const).filter((k) => JSON.stringify(f[k]) !== JSON.stringify(cli?.[k])).map((k) => `${f.name}.${k}`);
        });
        expect(differences).toEqual([]);
    });
});

describe('from a backend: @nangohq/node against the deployed functions', () => {
    it('triggers five different actions and gets their outputs', async () => {
        const account = emulator.org.list('Account')[0] as Record<string, unknown>;
        const query = (await nango.triggerAction('salesforce', emulator.connectionId, 'query-records', { query: 'SELECT Id, Name FROM Account ORDER BY Name LIMIT 2' })) as any;
        expect(query.records).toHaveLength(2);
        const described = (await nango.triggerAction('salesforce', emulator.connectionId, 'describe-sobject', { sObject: 'Contact' })) as any;
        expect(JSON.stringify(described)).toContain('LastName');
        const created = (await nango.triggerAction('salesforce', emulator.connectionId, 'create-contact', { lastName: 'From Backend', email: 'backend@sdk.example' })) as any;
        expect(emulator.org.get(created.recordId)?.['LastName']).toBe('From Backend');
        const contact = (await nango.triggerAction('salesforce', emulator.connectionId, 'get-contact', { recordId: created.recordId })) as any;
        expect(JSON.stringify(contact)).toContain('backend@sdk.example');
        const got = (await nango.triggerAction('salesforce', emulator.connectionId, 'get-record', { sObject: 'Account', recordId: account['Id'] })) as any;
        expect(got.record.Id).toBe(account['Id']);
        expect(runtime().actionCalls).toBeGreaterThanOrEqual(5);
    });

    it("answers a failed action with Nango's error shape: 500, action_script_runtime_error, the ActionError payload", async () => {
        const failed = await nangoError(nango.triggerAction('salesforce', emulator.connectionId, 'get-record', { sObject: 'Account', recordId: '001000000000000AAA' }));
        expect(failed.status).toBe(500);
        expect(failed.data.error).toMatchObject({ code: 'action_script_runtime_error', payload: { type: 'not_found' } });
        const unknown = await nangoError(nango.triggerAction('salesforce', emulator.connectionId, 'no-such-action', {}));
        expect(unknown).toEqual({ status: 404, data: { error: { code: 'not_found', message: 'Action not found' } } });
    });

    it('re-runs a failed action as X-Max-Retries says, and the re-runs show in the stats', async () => {
        emulator.resetStats();
        const response = await fetch(`${emulator.url}/action/trigger`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${SECRET}`, 'Connection-Id': emulator.connectionId, 'Provider-Config-Key': 'salesforce', 'X-Max-Retries': '2', 'Content-Type': 'application/json' },
            body: JSON.stringify({ action_name: 'get-record', input: { sObject: 'Account', recordId: '001000000000000AAA' } })
        });
        expect(response.status).toBe(500);
        expect(runtime()).toMatchObject({ actionCalls: 1, reruns: 2 });
        expect(runtime().attempts.map((a) => [a.name, a.attempt, a.ok, a.errorType])).toEqual([
            ['get-record', 1, false, 'not_found'],
            ['get-record', 2, false, 'not_found'],
            ['get-record', 3, false, 'not_found']
        ]);
        const refused = await fetch(`${emulator.url}/action/trigger`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${SECRET}`, 'Connection-Id': emulator.connectionId, 'Provider-Config-Key': 'salesforce', 'X-Max-Retries': '6', 'Content-Type': 'application/json' },
            body: JSON.stringify({ action_name: 'get-limits', input: {} })
        });
        expect(refused.status).toBe(400);
    });

    it("a create whose answer is lost, re-run by X-Max-Retries, creates one record when given an idempotency key (issue 14's re-run safety, on Nango's path)", async () => {
        const before = emulator.org.count('Invoice__c');
        emulator.resetStats();
        // Salesforce commits the insert, then the connection drops: the first attempt fails with an unknown outcome
        emulator.faults.inject({ match: { method: 'POST', path: '/sobjects/Invoice__c' }, times: 1, fault: { kind: 'drop-after' } });
        const response = await fetch(`${emulator.url}/action/trigger`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${SECRET}`, 'Connection-Id': emulator.connectionId, 'Provider-Config-Key': 'salesforce', 'X-Max-Retries': '3', 'Content-Type': 'application/json' },
            body: JSON.stringify({ action_name: 'create-record', input: { sObject: 'Invoice__c', record: { Amount__c: 77 }, idempotencyKey: 'sdk-rerun-1', idempotencyKeyField: 'External_Id__c' } })
        });
        const created = emulator.org.list('Invoice__c').filter((r) => r['External_Id__c'] === 'sdk-rerun-1');
        expect(created).toHaveLength(1);
        expect(emulator.org.count('Invoice__c')).toBe(before + 1);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ recordId: created[0]?.['Id'], success: true, replayed: true });
        expect(runtime().attempts.map((a) => [a.attempt, a.ok])).toEqual([
            [1, false],
            [2, true]
        ]);
    });

    it('runs an action asynchronously: 202 with a status URL, then its output', async () => {
        const started = await nango.triggerActionAsync('salesforce', emulator.connectionId, 'get-limits', {});
        expect(started.statusUrl).toBe(`/action/${started.id}`);
        let result: any;
        for (let i = 0; i < 100 && result === undefined; i++) {
            result = await nango.getAsyncActionResult({ id: started.id }).catch((error: any) => {
                if (error?.response?.status !== 404) throw error;
                return undefined;
            });
            if (result === undefined) await new Promise((r) => setTimeout(r, 50));
        }
        expect(JSON.stringify(result)).toContain('DailyApiRequests');
    });

    it('triggers a sync and reads its records: added, then updated and deleted after a change in the org', async () => {
        const untilDone = async (): Promise<any> => {
            for (let i = 0; i < 600; i++) {
                const { syncs } = (await nango.syncStatus('salesforce', ['contacts'], emulator.connectionId)) as { syncs: any[] };
                if (syncs[0]?.status !== 'RUNNING') return syncs[0];
                await new Promise((r) => setTimeout(r, 50));
            }
            throw new Error('the contacts sync did not end');
        };
        // the contacts created above are read once they are a minute old (the sync's lagSeconds)
        now += 120_000;
        await nango.triggerSync('salesforce', ['contacts'], emulator.connectionId);
        const first = await untilDone();
        expect(first.status).toBe('SUCCESS');
        const live = emulator.org.list('Contact').length;
        expect(first.recordCount).toEqual({ SalesforceContact: live });
        const added = await nango.listRecords({ providerConfigKey: 'salesforce', connectionId: emulator.connectionId, model: 'SalesforceContact', limit: 5 });
        expect(added.records).toHaveLength(5);
        expect(added.records.every((r: any) => r._nango_metadata.last_action === 'ADDED')).toBe(true);
        expect(added.next_cursor).not.toBeNull();
        let all = added.records.length;
        for (let cursor = added.next_cursor; cursor; ) {
            const page = await nango.listRecords({ providerConfigKey: 'salesforce', connectionId: emulator.connectionId, model: 'SalesforceContact', cursor, limit: 5 });
            all += page.records.length;
            cursor = page.next_cursor;
        }
        expect(all).toBe(live);
        const before = new Date().toISOString();

        // a change in the emulated org: one contact renamed, one deleted, one created
        const [renamed, removed] = emulator.org.list('Contact') as Array<Record<string, unknown>>;
        emulator.org.update('Contact', String(renamed?.['Id']), { LastName: 'Renamed In Org' });
        emulator.org.delete('Contact', String(removed?.['Id']));
        now += 120_000;
        await nango.triggerSync('salesforce', ['contacts'], emulator.connectionId);
        expect((await untilDone()).status).toBe('SUCCESS');

        const changed = await nango.listRecords({ providerConfigKey: 'salesforce', connectionId: emulator.connectionId, model: 'SalesforceContact', modifiedAfter: before });
        const byId = new Map(changed.records.map((r: any) => [r.id, r]));
        expect((byId.get(renamed?.['Id']) as any)?._nango_metadata.last_action).toBe('UPDATED');
        expect((byId.get(renamed?.['Id']) as any)?.last_name).toBe('Renamed In Org');
        const deleted = await nango.listRecords({ providerConfigKey: 'salesforce', connectionId: emulator.connectionId, model: 'SalesforceContact', filter: 'deleted' });
        expect(deleted.records.map((r: any) => r.id)).toEqual([removed?.['Id']]);
        expect(deleted.records[0]?._nango_metadata.deleted_at).not.toBeNull();
    });

    it('lists the actions as OpenAI function definitions (getScriptsConfig openai)', async () => {
        const config = (await nango.getScriptsConfig('openai')) as { data: Array<{ name: string; description: string; parameters: { type: string; properties: Record<string, { description: string }> } }> };
        const actions = emulator.deployed().filter((f) => f.type === 'action');
        expect(config.data).toHaveLength(actions.length);
        const query = config.data.find((f) => f.name === 'query-records');
        expect(query?.parameters.type).toBe('object');
        expect(query?.parameters.properties['query']?.description).toMatch(/SOQL/);
    });
});

describe("from an agent: the official MCP client against Nango's MCP server", () => {
    let client: Client;
    beforeAll(async () => {
        client = new Client({ name: 'e2e-agent', version: '1.0.0' });
        const transport = new StreamableHTTPClientTransport(new URL(`${emulator.url}/mcp`), {
            requestInit: { headers: { Authorization: `Bearer ${SECRET}`, 'connection-id': emulator.connectionId, 'provider-config-key': 'salesforce' } }
        });
        await client.connect(transport);
    });
    afterAll(async () => {
        await client?.close();
    });

    it('lists every deployed action as a tool with its description and input schema', async () => {
        const { tools } = await client.listTools();
        const actions = emulator.deployed().filter((f) => f.type === 'action');
        expect(tools.map((t) => t.name).sort()).toEqual(actions.map((a) => a.name).sort());
        for (const tool of tools) {
            expect(tool.description, tool.name).toBe(actions.find((a) => a.name === tool.name)?.description);
            expect(tool.description?.length, tool.name).toBeGreaterThan(40);
            expect(tool.inputSchema.type).toBe('object');
        }
        expect(Object.keys(tools.find((t) => t.name === 'create-contact')?.inputSchema.properties ?? {})).toContain('lastName');
    });

    it('calls query-records, create-contact and describe-sobject', async () => {
        const text = (result: any): any => JSON.parse(result.content[0].text);
        const query = text(await client.callTool({ name: 'query-records', arguments: { query: 'SELECT Id FROM Account LIMIT 1' } }));
        expect(query.records).toHaveLength(1);
        const created = text(await client.callTool({ name: 'create-contact', arguments: { lastName: 'From Agent' } }));
        expect(emulator.org.get(created.recordId)?.['LastName']).toBe('From Agent');
        const described = text(await client.callTool({ name: 'describe-sobject', arguments: { sObject: 'Lead' } }));
        expect(JSON.stringify(described)).toContain('Company');
    });

    it('re-runs a failed call 3 times, as Nango does, and reports the typed error', async () => {
        emulator.resetStats();
        const failure = await client.callTool({ name: 'get-record', arguments: { sObject: 'Account', recordId: 'not-an-id' } }).then(
            () => undefined,
            (error: Error) => error
        );
        expect(failure?.message).toContain('action_script_runtime_error');
        expect(failure?.message).toContain('invalid_input');
        expect(runtime()).toMatchObject({ mcpToolCalls: 1, reruns: 3 });
        expect(runtime().attempts.map((a) => [a.via, a.attempt, a.ok])).toEqual([
            ['mcp', 1, false],
            ['mcp', 2, false],
            ['mcp', 3, false],
            ['mcp', 4, false]
        ]);
        // nothing reached Salesforce: the input was refused before any call, on every attempt
        expect(emulator.stats().calls).toBe(0);
    });
});

describe("the README's snippets run as written", () => {
    const example = (name: string): Promise<{ code: number | null; out: string }> =>
        new Promise((resolve) => {
            const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'examples', name)], {
                cwd: projectRoot,
                env: { ...process.env, NANGO_HOSTPORT: emulator.url, NANGO_SECRET_KEY_DEV: SECRET, SALESFORCE_CONNECTION_ID: emulator.connectionId },
                stdio: ['ignore', 'pipe', 'pipe']
            });
            let out = '';
            child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
            child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
            child.on('close', (code) => resolve({ code, out }));
        });
    const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');

    it.each(['from-backend.ts', 'from-agent.ts'])('README shows %s whole, and it runs against the deployed functions', async (name) => {
        const source = fs.readFileSync(path.join(projectRoot, 'scripts', 'examples', name), 'utf8');
        expect(readme).toContain('```ts\n' + source + '```');
        const run = await example(name);
        expect(run.code, run.out).toBe(0);
        if (name === 'from-backend.ts') {
            expect(run.out).toMatch(/^accounts: .+\nerror: not_found - .+\ncontacts: .+ \((ADDED|UPDATED)\)/m);
        } else {
            expect(run.out).toMatch(/^\d+ tools, e\.g\. describe-sobject: .+\nquery-records: .+/m);
        }
    }, 60_000);
});
