import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, V, type Client } from './helpers.js';

let c: Client;
beforeAll(async () => {
    c = await start({ connectionId: 'conn-1', metadata: { objects: ['Account'] } });
});
afterAll(async () => {
    await c.emu.stop();
});

describe('Nango API shim', () => {
    it('requires a Bearer secret (any non-empty one)', async () => {
        const res = await fetch(`${c.emu.url}/connections`);
        expect(res.status).toBe(401);
        expect((await c.nango('/connections', { headers: { Authorization: 'Bearer x' } })).status).toBe(200);
    });

    it('lists connections, filtered by connectionId', async () => {
        const all = await c.nango('/connections');
        expect(all.body.connections).toHaveLength(1);
        expect(all.body.connections[0]).toMatchObject({ connection_id: 'conn-1', provider: 'salesforce', provider_config_key: 'salesforce' });
        expect((await c.nango('/connections?connectionId=conn-1')).body.connections).toHaveLength(1);
        expect((await c.nango('/connections?connectionId=other')).body.connections).toHaveLength(0);
    });

    it('returns the connection with credentials, instance_url and metadata; setMetadata and PUT /__emulator/metadata change it', async () => {
        const res = await c.nango('/connection/conn-1?provider_config_key=salesforce');
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
            connection_id: 'conn-1',
            provider_config_key: 'salesforce',
            provider: 'salesforce',
            credentials: { type: 'OAUTH2', access_token: c.emu.accessToken, raw: { instance_url: c.emu.url } },
            connection_config: { instance_url: c.emu.url },
            metadata: { objects: ['Account'] }
        });
        c.emu.setMetadata({ a: 1 });
        expect((await c.nango('/connection/conn-1')).body.metadata).toEqual({ a: 1 });
        const put = await fetch(`${c.emu.url}/__emulator/metadata`, { method: 'PUT', body: JSON.stringify({ b: 2 }) });
        expect(put.status).toBe(200);
        expect((await c.nango('/connection/conn-1')).body.metadata).toEqual({ b: 2 });
        expect((await c.nango('/connection/nope?provider_config_key=salesforce')).status).toBe(404);
    });

    it('returns the integration and accepts telemetry', async () => {
        const res = await c.nango('/integrations/salesforce');
        expect(res.body.data).toMatchObject({ unique_key: 'salesforce', provider: 'salesforce' });
        expect((await c.nango('/integrations/other')).status).toBe(404);
        expect((await c.nango('/cli/telemetry', { method: 'POST', json: {} })).status).toBe(200);
    });
});

describe('proxy', () => {
    const proxyHeaders = { 'Connection-Id': 'conn-1', 'Provider-Config-Key': 'salesforce' };

    it('forwards to Salesforce with the connection token, keeping the query string and Nango-Proxy-* headers', async () => {
        c.emu.resetStats();
        const res = await c.nango(`/proxy/services/data/${V}/query?q=${encodeURIComponent('SELECT Id FROM Contact')}`, {
            headers: { ...proxyHeaders, 'Nango-Proxy-Sforce-Query-Options': 'batchSize=200' }
        });
        expect(res.status).toBe(200);
        expect(res.body.totalSize).toBe(c.emu.org.count('Contact'));
        expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/100000$/);
        const stats = c.emu.stats();
        expect(stats.byEndpoint['GET /query']).toBe(1);
        expect(stats.nango['nango GET /proxy']).toBe(1);
        expect(stats.calls).toBe(1);
        expect(stats.bytesOut).toBeGreaterThan(0);
        expect(stats.log.map((l) => l.kind)).toEqual(['salesforce', 'nango']);
        const http = await (await fetch(`${c.emu.url}/__emulator/stats`)).json();
        expect(http.calls).toBe(1);
    });

    it('passes write bodies and non-2xx statuses and bodies through unchanged', async () => {
        const created = await c.nango(`/proxy/services/data/${V}/sobjects/Account`, { method: 'POST', headers: proxyHeaders, json: { Name: 'Via proxy' } });
        expect(created.status).toBe(201);
        expect(created.headers.get('location')).toBe(`/services/data/${V}/sobjects/Account/${created.body.id}`);
        const patched = await c.nango(`/proxy/services/data/${V}/sobjects/Account/${created.body.id}`, { method: 'PATCH', headers: proxyHeaders, json: { Name: 'Renamed' } });
        expect(patched.status).toBe(204);
        const missing = await c.nango(`/proxy/services/data/${V}/sobjects/Account/001000000000000AAA`, { headers: proxyHeaders });
        expect(missing.status).toBe(404);
        expect(missing.body[0].errorCode).toBe('NOT_FOUND');
        const bad = await c.nango(`/proxy/services/data/${V}/query?q=SELECT+Nope+FROM+Account`, { headers: proxyHeaders });
        expect(bad.status).toBe(400);
        expect(bad.body[0].errorCode).toBe('INVALID_FIELD');
    });

    it('retries the statuses named in Retry-On, up to Retries times', async () => {
        c.emu.resetStats();
        const res = await c.nango(`/proxy/services/data/${V}/sobjects/Account/001000000000000AAA`, { headers: { ...proxyHeaders, Retries: '2', 'Retry-On': '404' } });
        expect(res.status).toBe(404);
        expect(c.emu.stats().proxyRetries).toBe(2);
        expect(c.emu.stats().byEndpoint['GET /sobjects/Account/{id}']).toBe(3);
        c.emu.resetStats();
        await c.nango(`/proxy/services/data/${V}/sobjects/Account/001000000000000AAA`, { headers: { ...proxyHeaders, Retries: '2' } });
        expect(c.emu.stats().proxyRetries).toBe(0);
    });

    it('rejects unknown connections', async () => {
        const res = await c.nango(`/proxy/services/data/${V}/limits`, { headers: { 'Connection-Id': 'nope', 'Provider-Config-Key': 'salesforce' } });
        expect(res.status).toBe(404);
    });
});

describe('deploy', () => {
    const schema = {
        definitions: {
            ActionInput_salesforce_getrecord: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
            ActionOutput_salesforce_getrecord: { type: 'object', properties: { id: { type: 'string' } } },
            Account: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } }
        }
    };
    const action = {
        syncName: 'get-record',
        providerConfigKey: 'salesforce',
        type: 'action',
        models: ['ActionOutput_salesforce_getrecord'],
        input: 'ActionInput_salesforce_getrecord',
        version: '1.0.0',
        runs: null,
        metadata: {},
        fileBody: { js: 'module.exports = {}', ts: 'export default {}' },
        endpoints: [],
        track_deletes: false,
        models_json_schema: schema
    };
    const sync = { ...action, syncName: 'accounts', type: 'sync', models: ['Account'], input: undefined, runs: 'every hour', auto_start: true, sync_type: 'incremental' };
    const pkg = { flowConfigs: [action, sync], reconcile: false, debug: false, sdkVersion: '0.71.10-zero' };

    it('previews, deploys and remembers a valid package', async () => {
        const preview = await c.nango('/sync/deploy/confirmation', { method: 'POST', json: pkg });
        expect(preview.status).toBe(200);
        expect(preview.body.newActions).toEqual([expect.objectContaining({ name: 'get-record', providerConfigKey: 'salesforce' })]);
        expect(preview.body.newSyncs).toEqual([expect.objectContaining({ name: 'accounts', connections: 0 })]);
        for (const k of ['updatedSyncs', 'deletedSyncs', 'updatedActions', 'deletedActions', 'newOnEventScripts', 'deletedOnEventScripts', 'deletedModels']) expect(preview.body[k]).toEqual([]);
        const deployed = await c.nango('/sync/deploy', { method: 'POST', json: { ...pkg, reconcile: true } });
        expect(deployed.status).toBe(200);
        expect(deployed.body.map((d: { name: string; version: string }) => `${d.name}@v${d.version}`).sort()).toEqual(['accounts@v1.0.0', 'get-record@v1.0.0']);
        expect(c.emu.deployed().map((f) => f.name).sort()).toEqual(['accounts', 'get-record']);
        expect(c.emu.stats().deployments).toBe(1);
        const again = await c.nango('/sync/deploy/confirmation', { method: 'POST', json: pkg });
        expect(again.body.updatedActions).toHaveLength(1);
        expect(again.body.newActions).toHaveLength(0);
    });

    it('rejects a package with a missing schema, file body or sync id with 400', async () => {
        const noSchema = { ...pkg, flowConfigs: [{ ...action, models_json_schema: { definitions: {} } }] };
        const res = await c.nango('/sync/deploy/confirmation', { method: 'POST', json: noSchema });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('invalid_body');
        expect(res.body.error.errors.length).toBeGreaterThan(0);
        const noJs = { ...pkg, flowConfigs: [{ ...action, fileBody: { js: '', ts: 'x' } }] };
        expect((await c.nango('/sync/deploy', { method: 'POST', json: noJs })).status).toBe(400);
        const noId = { ...pkg, flowConfigs: [{ ...sync, models_json_schema: { definitions: { Account: { type: 'object', properties: { name: { type: 'string' } } } } } }] };
        expect((await c.nango('/sync/deploy', { method: 'POST', json: noId })).status).toBe(400);
        expect((await c.nango('/sync/deploy', { method: 'POST', json: { nope: 1 } })).status).toBe(400);
    });
});
