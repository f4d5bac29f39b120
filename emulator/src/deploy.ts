/**
 * Validation and bookkeeping for what `nango deploy` sends.
 *
 * createAction/createSync projects take the "legacy" route: POST /sync/deploy/confirmation (plan preview)
 * then POST /sync/deploy, both with `{ flowConfigs: [...], reconcile, sdkVersion, ... }`.
 * createFunction projects take POST /functions/deployments/bundle[/preview] with `{ functions: [...] }`.
 */

export interface DeployedFunction {
    name: string;
    providerConfigKey: string;
    type: 'sync' | 'action';
    version: string;
    models: string[];
    input: string | null;
    autoStart: boolean;
    runs: string | null;
    jsonSchema: Record<string, unknown>;
    jsBytes: number;
    deployedAt: string;
    /** `metadata.description` of the flow: what the MCP server and /scripts/config show. */
    description: string;
    /** The compiled bundle (`fileBody.js`), run by the emulator's Nango runtime (nango-runtime.ts). */
    js: string;
    /** Sync only: the event types its onWebhook takes. */
    webhookSubscriptions: string[];
}

export interface DeployIssue {
    code: string;
    message: string;
    path: Array<string | number>;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks the deploy package; returns the functions it describes, or the list of problems. */
export function validateLegacyPackage(body: unknown): { ok: true; functions: DeployedFunction[] } | { ok: false; issues: DeployIssue[] } {
    const issues: DeployIssue[] = [];
    const issue = (path: Array<string | number>, message: string): void => void issues.push({ code: 'invalid_type', message, path });
    if (!isObj(body)) return { ok: false, issues: [{ code: 'invalid_type', message: 'body must be an object', path: [] }] };
    const flows = body['flowConfigs'];
    if (!Array.isArray(flows)) return { ok: false, issues: [{ code: 'invalid_type', message: 'flowConfigs must be an array', path: ['flowConfigs'] }] };
    if (body['sdkVersion'] !== undefined && typeof body['sdkVersion'] !== 'string') issue(['sdkVersion'], 'sdkVersion must be a string');
    const functions: DeployedFunction[] = [];
    const seen = new Set<string>();
    flows.forEach((flow: unknown, i) => {
        const at = (...p: Array<string | number>): Array<string | number> => ['flowConfigs', i, ...p];
        if (!isObj(flow)) return issue(at(), 'flow config must be an object');
        const name = flow['syncName'];
        const pck = flow['providerConfigKey'];
        const type = flow['type'];
        if (typeof name !== 'string' || !/^[a-zA-Z0-9_-]+$/.test(name)) issue(at('syncName'), 'syncName must be a non-empty identifier');
        if (typeof pck !== 'string' || pck === '') issue(at('providerConfigKey'), 'providerConfigKey must be a non-empty string');
        if (type !== 'sync' && type !== 'action') issue(at('type'), "type must be 'sync' or 'action'");
        const key = `${String(pck)}/${String(type)}/${String(name)}`;
        if (seen.has(key)) issue(at('syncName'), `duplicate ${String(type)} ${String(name)}`);
        seen.add(key);
        const fileBody = flow['fileBody'];
        if (!isObj(fileBody) || typeof fileBody['js'] !== 'string' || fileBody['js'] === '' || typeof fileBody['ts'] !== 'string' || fileBody['ts'] === '') {
            issue(at('fileBody'), 'fileBody.js and fileBody.ts must be non-empty strings');
        }
        const models = flow['models'];
        if (!Array.isArray(models) || models.length === 0 || !models.every((m) => typeof m === 'string' && m !== '')) issue(at('models'), 'models must be a non-empty array of model names');
        const schema = flow['models_json_schema'];
        const defs = isObj(schema) && isObj(schema['definitions']) ? schema['definitions'] : undefined;
        if (!defs) issue(at('models_json_schema'), 'models_json_schema.definitions is required');
        const input = flow['input'];
        if (input !== undefined && input !== null && typeof input !== 'string') issue(at('input'), 'input must be a model name');
        const needed = [...(Array.isArray(models) ? models : []), ...(typeof input === 'string' ? [input] : [])];
        if (defs) {
            for (const m of needed) {
                if (typeof m !== 'string') continue;
                const def = defs[m];
                if (!isObj(def)) {
                    issue(at('models_json_schema', 'definitions', m), `missing JSON schema for model ${m}`);
                    continue;
                }
                if (type === 'sync' && m !== input) {
                    const props = def['properties'];
                    if (!isObj(props) || !isObj(props['id'])) issue(at('models_json_schema', 'definitions', m), `sync model ${m} must have an id property`);
                }
            }
        }
        if (flow['version'] !== undefined && typeof flow['version'] !== 'string') issue(at('version'), 'version must be a string');
        if (type === 'sync') {
            if (typeof flow['runs'] !== 'string' || flow['runs'] === '') issue(at('runs'), 'runs (frequency) is required for syncs');
            if (typeof flow['auto_start'] !== 'boolean') issue(at('auto_start'), 'auto_start must be a boolean');
        }
        if (flow['endpoints'] !== undefined && !Array.isArray(flow['endpoints'])) issue(at('endpoints'), 'endpoints must be an array');
        functions.push({
            name: String(name),
            providerConfigKey: String(pck),
            type: type === 'sync' ? 'sync' : 'action',
            version: typeof flow['version'] === 'string' && flow['version'] !== '' ? flow['version'] : '0.0.1',
            models: Array.isArray(models) ? models.map(String) : [],
            input: typeof input === 'string' ? input : null,
            autoStart: flow['auto_start'] === true,
            runs: typeof flow['runs'] === 'string' ? flow['runs'] : null,
            jsonSchema: isObj(schema) ? schema : {},
            jsBytes: isObj(fileBody) && typeof fileBody['js'] === 'string' ? Buffer.byteLength(fileBody['js']) : 0,
            deployedAt: new Date().toISOString(),
            description: isObj(flow['metadata']) && typeof flow['metadata']['description'] === 'string' ? flow['metadata']['description'] : '',
            js: isObj(fileBody) && typeof fileBody['js'] === 'string' ? fileBody['js'] : '',
            webhookSubscriptions: Array.isArray(flow['webhookSubscriptions']) ? flow['webhookSubscriptions'].filter((t): t is string => typeof t === 'string') : []
        });
    });
    return issues.length > 0 ? { ok: false, issues } : { ok: true, functions };
}

/** The plan Nango shows before deploying (shape read by the CLI's handleLegacyConfirmation). */
export function legacyConfirmation(current: Map<string, DeployedFunction>, incoming: DeployedFunction[], reconcile = true): Record<string, unknown> {
    const key = (f: DeployedFunction): string => `${f.providerConfigKey}/${f.type}/${f.name}`;
    const incomingKeys = new Set(incoming.map(key));
    const item = (f: DeployedFunction): Record<string, unknown> => ({ name: f.name, providerConfigKey: f.providerConfigKey, connections: 0, auto_start: f.autoStart });
    const created = incoming.filter((f) => !current.has(key(f)));
    const updated = incoming.filter((f) => current.has(key(f)));
    const deleted = reconcile ? [...current.values()].filter((f) => !incomingKeys.has(key(f))) : [];
    const models = new Set(incoming.flatMap((f) => f.models));
    return {
        newSyncs: created.filter((f) => f.type === 'sync').map(item),
        updatedSyncs: updated.filter((f) => f.type === 'sync').map(item),
        deletedSyncs: deleted.filter((f) => f.type === 'sync').map(item),
        newActions: created.filter((f) => f.type === 'action').map(item),
        updatedActions: updated.filter((f) => f.type === 'action').map(item),
        deletedActions: deleted.filter((f) => f.type === 'action').map(item),
        newOnEventScripts: [],
        updatedOnEventScripts: [],
        deletedOnEventScripts: [],
        deletedModels: [...new Set([...current.values()].flatMap((f) => f.models))].filter((m) => !models.has(m) && reconcile)
    };
}

export interface BundleFunction {
    name: string;
    integrationId: string;
}

/** createFunction bundles: `{ functions: [{ name, integrationId, json_schema, fileBody }] }`. */
export function validateBundle(body: unknown): { ok: true; functions: BundleFunction[] } | { ok: false; issues: DeployIssue[] } {
    const issues: DeployIssue[] = [];
    if (!isObj(body) || !Array.isArray(body['functions'])) return { ok: false, issues: [{ code: 'invalid_type', message: 'functions must be an array', path: ['functions'] }] };
    const out: BundleFunction[] = [];
    body['functions'].forEach((fn: unknown, i) => {
        if (!isObj(fn) || typeof fn['name'] !== 'string' || typeof fn['integrationId'] !== 'string') {
            issues.push({ code: 'invalid_type', message: 'function needs name and integrationId', path: ['functions', i] });
            return;
        }
        const fb = fn['fileBody'];
        if (!isObj(fb) || typeof fb['js'] !== 'string' || fb['js'] === '') issues.push({ code: 'invalid_type', message: 'fileBody.js is required', path: ['functions', i, 'fileBody'] });
        if (!isObj(fn['json_schema'])) issues.push({ code: 'invalid_type', message: 'json_schema is required', path: ['functions', i, 'json_schema'] });
        out.push({ name: fn['name'], integrationId: fn['integrationId'] });
    });
    return issues.length > 0 ? { ok: false, issues } : { ok: true, functions: out };
}
