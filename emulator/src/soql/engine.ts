/**
 * Runs SOQL against the org: the matching ids are computed and sorted once when the query starts and kept
 * under a query locator; every page (first one or `/query/<locator>-<offset>`) projects its slice of that
 * fixed id list, so later writes don't shift pages and paging 100k rows does no rescans.
 */
import { SfError } from '../errors.js';
import { compoundAddress } from '../org/addresses.js';
import type { Org } from '../org/store.js';
import { formatDateTime, type Rec, type Value } from '../org/values.js';
import { Planner, type ChildSelection, type FieldPath, type QueryPlan } from './plan.js';
import { compareValues, compileWhere, type Predicate } from './where.js';

export interface QueryResult {
    totalSize: number;
    done: boolean;
    nextRecordsUrl?: string;
    records: Array<Record<string, unknown>>;
}

interface Cursor {
    id: string;
    plan: QueryPlan;
    ids: string[];
    totalSize: number;
    batchSize: number;
    includeDeleted: boolean;
    children: Map<ChildSelection, Map<string, Rec[]>>;
}

export class QueryEngine {
    readonly planner: Planner;
    private readonly cursors = new Map<string, Cursor>();

    constructor(
        private readonly org: Org,
        private readonly maxCursors = 1000
    ) {
        this.planner = new Planner(org.schema);
    }

    /**
     * Parses, validates and runs a query; returns its first page. `maxRows`: a WHERE selecting more rows than this
     * (before LIMIT) answers 400 QUERY_TIMEOUT, as a query scanning too much of a large object does in Salesforce.
     */
    run(soql: string, opts: { includeDeleted: boolean; batchSize: number; version: string; maxRows?: number | undefined }): QueryResult {
        const opened = this.open(soql, opts);
        if (!('cursor' in opened)) return opened;
        const page = this.page(opened.cursor, 0, opts.batchSize, opts.version);
        if (!page.done) this.remember(opened.cursor);
        return page;
    }

    /** A later page: `locator-offset` as found in nextRecordsUrl. */
    more(locatorAndOffset: string, opts: { batchSize?: number; version: string }): QueryResult {
        const { cursor, offset } = this.locate(locatorAndOffset);
        return this.page(cursor, offset, opts.batchSize ?? cursor.batchSize, opts.version);
    }

    private open(soql: string, opts: { includeDeleted: boolean; batchSize: number; maxRows?: number | undefined }): QueryResult | { cursor: Cursor } {
        const plan = this.planner.plan(soql);
        const includeDeleted = opts.includeDeleted;
        const recs = this.select(plan, includeDeleted, opts.maxRows);
        if (plan.count) return { totalSize: recs.length, done: true, records: [] };
        const ids = new Array<string>(recs.length);
        for (let i = 0; i < recs.length; i++) ids[i] = (recs[i] as Rec)['Id'] as string;
        return { cursor: { id: this.org.ids.next('0r8'), plan, ids, totalSize: recs.length, batchSize: opts.batchSize, includeDeleted, children: new Map() } };
    }

    private locate(locatorAndOffset: string): { cursor: Cursor; offset: number } {
        const m = /^([0-9A-Za-z]{15,18})-(\d+)$/.exec(locatorAndOffset);
        const cursor = m ? this.cursors.get(m[1] as string) : undefined;
        if (!m || !cursor) throw new SfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
        // Keep recently used cursors alive (LRU).
        this.cursors.delete(cursor.id);
        this.cursors.set(cursor.id, cursor);
        const offset = Number(m[2]);
        if (offset > cursor.totalSize) throw new SfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
        return { cursor, offset };
    }

    /** Records of a plan filtered by WHERE and sorted, without its LIMIT/OFFSET (SOSL applies its own). */
    selectUnbounded(plan: QueryPlan): Rec[] {
        return this.select({ ...plan, limit: undefined, offset: undefined }, false);
    }

    /** Projects records as a query page would (attributes, parent paths, child subqueries). */
    projectAll(plan: QueryPlan, recs: Rec[], version: string): Array<Record<string, unknown>> {
        const cursor: Cursor = { id: '', plan, ids: [], totalSize: recs.length, batchSize: recs.length, includeDeleted: false, children: new Map() };
        return recs.map((r) => this.project(r, plan, version, cursor));
    }

    /** Number of live cursors (for tests and stats). */
    get openCursors(): number {
        return this.cursors.size;
    }

    private remember(cursor: Cursor): void {
        this.cursors.set(cursor.id, cursor);
        while (this.cursors.size > this.maxCursors) {
            const oldest = this.cursors.keys().next().value;
            if (oldest === undefined) break;
            this.cursors.delete(oldest);
        }
    }

    private page(cursor: Cursor, offset: number, batchSize: number, version: string): QueryResult {
        const { recs, next } = this.pageRecords(cursor, offset, batchSize);
        const records: Array<Record<string, unknown>> = recs.map((rec) => this.project(rec, cursor.plan, version, cursor));
        const done = next >= cursor.totalSize;
        if (!done) return { totalSize: cursor.totalSize, done, nextRecordsUrl: `/services/data/v${version}/query/${cursor.id}-${next}`, records };
        return { totalSize: cursor.totalSize, done, records };
    }

    /** The rows of a page that still exist (a row purged since the query started is skipped). */
    private pageRecords(cursor: Cursor, offset: number, batchSize: number): { recs: Rec[]; next: number } {
        const end = Math.min(cursor.ids.length, offset + batchSize);
        const table = this.org.tables.get(cursor.plan.object.name);
        const recs: Rec[] = [];
        for (let i = offset; i < end; i++) {
            const id = cursor.ids[i] as string;
            const rec = table?.records.get(id) ?? this.org.get(id);
            if (rec) recs.push(rec);
        }
        return { recs, next: end };
    }

    /**
     * Filtered, sorted, offset/limited records of a plan. `includeDeleted` is queryAll: rows in the Recycle Bin and
     * archived activities too (query() "automatically filters out all records where isArchived is set to true", SOAP
     * API "Archived Activities"). More than `maxRows` rows matching the WHERE → QUERY_TIMEOUT (counted before LIMIT).
     */
    select(plan: QueryPlan, includeDeleted: boolean, maxRows?: number): Rec[] {
        const table = this.org.tables.get(plan.object.name);
        if (!table) return [];
        const pred = this.predicate(plan, includeDeleted);
        // A history object respects the field-level security of its parent: rows about a hidden field don't show.
        const history = plan.object.historyOf !== undefined;
        // A small LIMIT over ORDER BY an indexed audit field (the oldest SystemModstamp, say) is served by walking
        // the index and stops after LIMIT rows: Salesforce answers it fast however large the object, so it never
        // times out here either (a simplification of the query optimizer: only these fields count as indexed).
        const first = plan.orderBy[0]?.path.field.name;
        const indexedTopN = plan.limit !== undefined && plan.limit <= 2000 && plan.orderBy.length === 1 && (first === 'Id' || first === 'SystemModstamp' || first === 'CreatedDate' || first === 'LastModifiedDate');
        const limit = indexedTopN ? Infinity : (maxRows ?? Infinity);
        let out: Rec[] = [];
        for (const rec of table.records.values()) {
            if (!includeDeleted && (rec['IsDeleted'] === true || rec['IsArchived'] === true)) continue;
            if (history && this.org.schema.historyRowHidden(plan.object, rec)) continue;
            if (pred(rec)) {
                out.push(rec);
                // "Your query request was running for too long." (REST API errors: QUERY_TIMEOUT, 400).
                if (out.length > limit) throw new SfError(400, 'QUERY_TIMEOUT', 'Your query request was running for too long.');
            }
        }
        out = this.sort(out, plan);
        const offset = plan.offset ?? 0;
        const end = plan.limit === undefined ? undefined : offset + plan.limit;
        return offset > 0 || end !== undefined ? out.slice(offset, end) : out;
    }

    private predicate(plan: QueryPlan, includeDeleted: boolean): Predicate {
        return compileWhere(plan.where, {
            planner: this.planner,
            plan,
            resolve: (rec, path) => this.resolve(rec, path),
            now: this.org.now(),
            semiJoin: (sub) => {
                const sel = sub.selections[0];
                if (sub.selections.length !== 1 || !sel || sel.kind !== 'field') throw new SfError(400, 'MALFORMED_QUERY', 'semi join sub-selects can only select one field');
                const set = new Set<string>();
                for (const r of this.select(sub, includeDeleted)) {
                    const v = this.resolve(r, sel.path);
                    if (v !== null) set.add(String(v));
                }
                return set;
            }
        });
    }

    private sort(recs: Rec[], plan: QueryPlan): Rec[] {
        if (plan.orderBy.length === 0) return recs;
        const terms = plan.orderBy;
        const n = recs.length;
        // Column-wise keys and an index sort: no per-record key objects, and equal or numeric keys compare inline.
        const cols: Value[][] = terms.map((t) => {
            const col = new Array<Value>(n);
            const direct = t.path.hops.length === 0 && !t.path.field.compute ? t.path.field.name : undefined;
            for (let i = 0; i < n; i++) col[i] = direct !== undefined ? ((recs[i] as Rec)[direct] ?? null) : this.resolve(recs[i] as Rec, t.path);
            return col;
        });
        const order = new Array<number>(n);
        for (let i = 0; i < n; i++) order[i] = i;
        const nTerms = terms.length;
        const byOrder = (a: number, b: number): number => {
            for (let i = 0; i < nTerms; i++) {
                const col = cols[i] as Value[];
                const x = col[a] as Value;
                const y = col[b] as Value;
                if (x === y) continue;
                const t = terms[i] as (typeof terms)[number];
                if (x === null) return t.nullsFirst ? -1 : 1;
                if (y === null) return t.nullsFirst ? 1 : -1;
                const d = typeof x === 'number' && typeof y === 'number' ? x - y : compareValues(x, y, t.path.field);
                if (d !== 0) return t.desc ? -d : d;
            }
            return 0;
        };
        order.sort(byOrder);
        const out = new Array<Rec>(n);
        for (let i = 0; i < n; i++) out[i] = recs[order[i] as number] as Rec;
        return out;
    }

    /** A live (not deleted) record by 18-char id. */
    private lookup(id: Value): Rec | undefined {
        if (typeof id !== 'string') return undefined;
        const rec = this.org.get(id);
        return rec && rec['IsDeleted'] !== true ? rec : undefined;
    }

    /** A field's value at the end of a path: formulas are evaluated on every read; a compound address resolves to null. */
    resolve(rec: Rec, path: FieldPath): Value {
        let cur: Rec | undefined = rec;
        for (const hop of path.hops) {
            cur = this.lookup(cur[hop.name] ?? null);
            if (!cur) return null;
        }
        const fd = path.field;
        if (path.viaName) return this.nameValue(cur, fd.name);
        return fd.compute ? fd.compute(cur) : (cur[fd.name] ?? null);
    }

    /**
     * A Name-object field of the record a polymorphic relationship points at: Type is the record's object (a queue's
     * Group gives its own Type, 'Queue'), NameOrAlias its name, the others the record's field of the same name (null
     * when that object has none: a queue has no Alias).
     */
    private nameValue(rec: Rec, field: string): Value {
        const type = this.org.typeOf(rec['Id'] as string)?.name ?? null;
        if (field === 'Type') return type === 'Group' ? (rec['Type'] ?? 'Group') : type;
        if (field === 'NameOrAlias') return rec['Name'] ?? null;
        // "Contains a value only if the related record is a user": false for a queue, a contact…
        if (field === 'IsActive') return rec['IsActive'] ?? false;
        return rec[field] ?? null;
    }

    private attributes(rec: Rec, version: string, typeHint?: string): { type: string; url: string } {
        const type = typeHint ?? this.org.typeOf(rec['Id'] as string)?.name ?? 'sObject';
        return { type, url: `/services/data/v${version}/sobjects/${type}/${String(rec['Id'])}` };
    }

    private project(rec: Rec, plan: QueryPlan, version: string, cursor: Cursor): Record<string, unknown> {
        const out: Record<string, unknown> = { attributes: this.attributes(rec, version, plan.object.name) };
        for (const sel of plan.selections) {
            if (sel.kind === 'child') {
                const children = this.childIndex(cursor, sel).get(rec['Id'] as string);
                out[sel.relationship.relationshipName as string] =
                    children && children.length > 0
                        ? { totalSize: children.length, done: true, records: children.map((c) => this.project(c, sel.plan, version, cursor)) }
                        : null;
                continue;
            }
            let target = out;
            let cur: Rec | undefined = rec;
            let dead = false;
            for (const hop of sel.path.hops) {
                const rel = hop.relationshipName as string;
                const existing = target[rel];
                if (existing === null) {
                    dead = true;
                    break;
                }
                const parent = this.lookup(cur[hop.name] ?? null);
                if (!parent) {
                    target[rel] = null;
                    dead = true;
                    break;
                }
                if (existing === undefined) {
                    // Through a polymorphic relationship the nested record is a Name: recorded as
                    // "Owner":{"attributes":{"type":"Name","url":"/services/data/v66.0/sobjects/User/005…"},"Name":"…"}.
                    const attributes = this.attributes(parent, version);
                    target[rel] = { attributes: hop.referenceTo.length > 1 ? { type: 'Name', url: attributes.url } : attributes };
                }
                target = target[rel] as Record<string, unknown>;
                cur = parent;
            }
            if (dead) continue;
            const fd = sel.path.field;
            if (fd.type === 'address') {
                target[fd.name] = compoundAddress(fd, cur, this.org.schema.traits.stateCountryPicklists);
                continue;
            }
            if (fd.type === 'base64') {
                // Queries return the blob's URL, not its content (REST API "Get Blob Data").
                const owner = this.org.typeOf(cur['Id'] as string)?.name ?? plan.object.name;
                target[fd.name] = cur[fd.name] === null || cur[fd.name] === undefined ? null : `/services/data/v${version}/sobjects/${owner}/${String(cur['Id'])}/${fd.name}`;
                continue;
            }
            const v = sel.path.viaName ? this.nameValue(cur, fd.name) : fd.compute ? fd.compute(cur) : (cur[fd.name] ?? null);
            target[fd.name] = fd.type === 'datetime' && typeof v === 'number' ? formatDateTime(v) : v;
        }
        return out;
    }

    /** parent id → child records for one subquery, built once per cursor with one pass over the child table. */
    private childIndex(cursor: Cursor, sel: ChildSelection): Map<string, Rec[]> {
        const cached = cursor.children.get(sel);
        if (cached) return cached;
        const fk = sel.relationship.field;
        const all = this.select({ ...sel.plan, limit: undefined, offset: undefined }, cursor.includeDeleted);
        const index = new Map<string, Rec[]>();
        for (const child of all) {
            const parentId = child[fk];
            if (typeof parentId !== 'string') continue;
            const list = index.get(parentId);
            if (list) list.push(child);
            else index.set(parentId, [child]);
        }
        if (sel.plan.limit !== undefined || sel.plan.offset !== undefined) {
            const off = sel.plan.offset ?? 0;
            for (const [k, list] of index) index.set(k, list.slice(off, sel.plan.limit === undefined ? undefined : off + sel.plan.limit));
        }
        cursor.children.set(sel, index);
        return index;
    }
}
