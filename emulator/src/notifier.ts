/**
 * The real-time change notifier of issue 13, both halves:
 *
 * - the org side plays the Apex the notifier installs: after-insert/update/delete/undelete triggers on the watched
 *   objects that enqueue a Queueable, which POSTs one JSON envelope per object, change kind and chunk of up to 200
 *   records to the integration's Nango webhook URL. A trigger runs on chunks of 200 records ("Triggers execute on
 *   batches of 200 records at a time", Apex Developer Guide, "Triggers and Bulk Requests"), and a Queueable runs after
 *   the transaction commits, so the POST comes after the write's response;
 * - the Nango side accepts `POST /webhook/{environmentUuid}/{integrationKey}` and queues what it receives, for tests
 *   (and `npm start`) to hand to the syncs' onWebhook (tests/e2e/runtime.ts `runWebhook`): the emulator does not run
 *   functions itself.
 *
 * Simplifications: the emulator groups changes by unit of work (one API request, one long transaction's commit, or
 * one stretch of synchronous in-process writes; see Org.unitOfWork) rather than by DML statement, and merges the
 * entries of one record within a group (its last SystemModstamp, every changed field). Queueables of one org may run
 * in any order and in parallel; here they run one at a time, in commit order. A failed callout is recorded, not
 * retried (a Queueable's callout is not retried either).
 */
import { json, type Req, type Res } from './http.js';
import { PROVIDER_CONFIG_KEY } from './nango.js';
import { calloutRefusal } from './apex/callouts.js';
import type { ChangeObserver, RecordChange } from './org/store.js';
import type { NotifierSettings, SalesforceState, SentNotification, ServerState } from './state.js';

/** Records per POST: a trigger's chunk. */
export const NOTIFICATION_CHUNK = 200;

/** An Apex callout's default timeout: 10 seconds (Apex Developer Guide, "Callout Limits and Limitations"). */
export const CALLOUT_TIMEOUT_MS = 10_000;

type Change = RecordChange['change'];

/** The org's notifier: observes the org's committed changes and POSTs them while `sf.notifier` is set. */
export class ChangeNotifier implements ChangeObserver {
    private tail: Promise<void> = Promise.resolve();
    private pending = 0;

    constructor(private readonly sf: SalesforceState) {}

    wants(object: string): boolean {
        return this.sf.notifier?.objects.has(object) === true;
    }

    committed(changes: RecordChange[]): void {
        // the settings at commit time: a trigger that fired enqueued its Queueable with them
        const settings = this.sf.notifier;
        if (!settings) return;
        const committedAt = Date.now();
        const groups = new Map<string, { object: string; change: Change; byId: Map<string, RecordChange> }>();
        for (const c of changes) {
            if (!settings.objects.has(c.object)) continue;
            const key = `${c.object}\u0000${c.change}`;
            let group = groups.get(key);
            if (!group) groups.set(key, (group = { object: c.object, change: c.change, byId: new Map() }));
            const seen = group.byId.get(c.id);
            group.byId.set(c.id, seen ? { ...c, changedFields: [...new Set([...seen.changedFields, ...c.changedFields])] } : c);
        }
        for (const { object, change, byId } of groups.values()) {
            const records = [...byId.values()];
            for (let i = 0; i < records.length; i += NOTIFICATION_CHUNK) {
                this.enqueue(settings, object, change, records.slice(i, i + NOTIFICATION_CHUNK), committedAt);
            }
        }
    }

    /** Resolves once every notification committed so far has been POSTed (and answered or failed). */
    async idle(): Promise<void> {
        // changes made outside a unit of work are handed over just after the current synchronous work
        await new Promise<void>((resolve) => setImmediate(resolve));
        while (this.pending > 0) await this.tail;
    }

    private enqueue(settings: NotifierSettings, object: string, change: Change, records: RecordChange[], committedAt: number): void {
        this.pending++;
        this.tail = this.tail
            // like a Queueable: never inside the transaction or the request that committed it
            .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
            .then(() => this.post(settings, object, change, records, committedAt))
            .finally(() => {
                this.pending--;
            });
    }

    private async post(settings: NotifierSettings, object: string, change: Change, records: RecordChange[], committedAt: number): Promise<void> {
        const body: Record<string, unknown> = {
            nango: { connectionId: settings.connectionId, eventType: `${object.toLowerCase()}.${change}` },
            secret: settings.secret,
            orgId: this.sf.org.orgId,
            sObject: object,
            change,
            records: records.map((r) => ({ id: r.id, systemModstamp: new Date(r.systemModstamp).toISOString(), changedFields: change === 'updated' ? r.changedFields : [] })),
            sentAt: new Date(this.sf.org.now()).toISOString()
        };
        const entry: SentNotification = { url: settings.url, body, committedAt, postedAt: Date.now(), ms: 0, status: null };
        this.sf.notifications.push(entry);
        // the Apex may call out only to a host of an active Remote Site Setting (apex/callouts.ts)
        const refused = calloutRefusal(this.sf, settings.url);
        if (refused !== undefined) {
            entry.error = refused;
            return;
        }
        try {
            const response = await fetch(settings.url, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify(body),
                signal: AbortSignal.timeout(CALLOUT_TIMEOUT_MS)
            });
            await response.arrayBuffer();
            entry.status = response.status;
        } catch (err) {
            entry.error = err instanceof Error ? err.message : String(err);
        }
        entry.ms = Date.now() - entry.postedAt;
    }
}

/** Checks and canonicalises install settings (object names as the schema spells them). */
export function notifierSettings(sf: SalesforceState, settings: { objects: readonly string[]; url: string; secret: string; connectionId: string }): NotifierSettings {
    const objects = new Set<string>();
    for (const name of settings.objects) {
        const def = sf.org.schema.definition(name);
        if (!def) throw new Error(`notifier: ${name} is not an object of this org`);
        objects.add(def.name);
    }
    if (!/^https?:\/\//.test(settings.url)) throw new Error('notifier: url must be an http(s) URL');
    if (settings.secret === '') throw new Error('notifier: secret must not be empty');
    return { objects, url: settings.url, secret: settings.secret, connectionId: settings.connectionId };
}

/**
 * The Nango side: `POST /webhook/{environmentUuid}/{integrationKey}`. Nango routes a Salesforce webhook by its body
 * (`nango.connectionId`, `nango.eventType`) and answers 200 `{"status":"success"}`; an unknown integration key is
 * 404 unknown_provider_config. The emulator has one environment and accepts any environment uuid; it queues the body
 * instead of running syncs. Undefined for other paths.
 */
export function handleNangoWebhook(req: Req, state: ServerState): Res | undefined {
    const m = /^\/webhook\/([^/]+)\/([^/]+)\/?$/.exec(req.path);
    if (!m) return undefined;
    const endpoint = 'nango POST /webhook/{environment}/{integration}';
    if (req.method !== 'POST') return { ...json(404, { error: { code: 'not_found', message: `Unknown endpoint ${req.method} ${req.path}` } }), endpoint: 'nango unknown' };
    const environment = decodeURIComponent(m[1] ?? '');
    const integration = decodeURIComponent(m[2] ?? '');
    if (integration !== PROVIDER_CONFIG_KEY) {
        return { ...json(404, { error: { code: 'unknown_provider_config', message: `Integration "${integration}" does not exist` } }), endpoint };
    }
    const text = req.body.toString('utf8');
    let body: unknown = text;
    try {
        body = JSON.parse(text);
    } catch {
        // kept as text: Nango passes a body it cannot parse on as it is
    }
    const named = (body as { nango?: { connectionId?: unknown } } | null)?.nango?.connectionId;
    state.webhooks.push({ receivedAt: Date.now(), environment, integration, body, connectionMatched: named === state.nango.connectionId });
    return { ...json(200, { status: 'success' }), endpoint };
}
