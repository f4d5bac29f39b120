/**
 * The in-memory org: one table per object, records keyed by 18-char id, soft deletes (Recycle Bin),
 * audit fields maintained on every write, and the same validation the REST API applies.
 * Routes (and tests) call insert/update/delete; errors are thrown as SfError.
 */
import { SfError, entityIsDeleted, invalidField, notFound } from '../errors.js';
import { IdGenerator, keyPrefixOf, to18 } from './ids.js';
import { OPPORTUNITY_STAGES, Schema, type FieldDef, type ObjectDef } from './schema.js';
import { formatDateTime, isValidDate, parseDateTime, type Rec, type Value } from './values.js';

export type { Rec, Value } from './values.js';

export interface Table {
    def: ObjectDef;
    /** id → record, in insertion order (Map keeps it). Deleted records stay here with IsDeleted = true. */
    records: Map<string, Rec>;
    autoNumber: number;
}

export interface WriteOptions {
    /** Skip validation and derived-field bookkeeping (seeding). */
    raw?: boolean;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const STAGES = new Map(OPPORTUNITY_STAGES.map((s) => [s.name.toLowerCase(), s]));

export class Org {
    readonly schema: Schema;
    readonly ids: IdGenerator;
    readonly orgId: string;
    readonly tables = new Map<string, Table>();
    /** The user the API token belongs to (set by the seeder). */
    apiUserId = '';
    /** Monotonic change counter, bumped on every write (useful to tests). */
    version = 0;
    private readonly clock: () => number;

    constructor(opts: { clock?: () => number; now?: Date } = {}) {
        this.clock = opts.clock ?? (() => Date.now());
        this.schema = new Schema(opts.now);
        this.ids = new IdGenerator();
        this.orgId = this.ids.next('00D');
        for (const def of this.schema.objects) {
            this.tables.set(def.name, { def, records: new Map(), autoNumber: 0 });
        }
    }

    now(): number {
        return this.clock();
    }

    /** The table for an object name (case-insensitive), or undefined. */
    table(type: string): Table | undefined {
        const def = this.schema.get(type);
        return def ? this.tables.get(def.name) : undefined;
    }

    private mustTable(type: string): Table {
        const t = this.table(type);
        if (!t) throw notFound();
        return t;
    }

    /** Records of a type, by default without deleted ones. */
    list(type: string, opts: { includeDeleted?: boolean } = {}): Rec[] {
        const out: Rec[] = [];
        for (const rec of this.mustTable(type).records.values()) {
            if (opts.includeDeleted || rec['IsDeleted'] !== true) out.push(rec);
        }
        return out;
    }

    count(type: string, opts: { includeDeleted?: boolean } = {}): number {
        return this.list(type, opts).length;
    }

    /** A record by 15/18-char id (deleted ones included), searching the object its key prefix names. */
    get(id: string): Rec | undefined {
        const id18 = to18(id);
        if (!id18) return undefined;
        const def = this.schema.byKeyPrefix(keyPrefixOf(id18));
        return def ? this.tables.get(def.name)?.records.get(id18) : undefined;
    }

    /** The object definition an id belongs to (by key prefix). */
    typeOf(id: string): ObjectDef | undefined {
        return this.schema.byKeyPrefix(keyPrefixOf(id));
    }

    /** Records whose external-id/idLookup field equals value (case-insensitive for text, like Salesforce). */
    findByField(type: string, field: FieldDef, value: string, opts: { includeDeleted?: boolean } = {}): Rec[] {
        const out: Rec[] = [];
        const want = field.type === 'id' || field.type === 'reference' ? to18(value) : value.toLowerCase();
        if (want === null) return out;
        for (const rec of this.mustTable(type).records.values()) {
            if (!opts.includeDeleted && rec['IsDeleted'] === true) continue;
            const v = rec[field.name];
            if (v === null || v === undefined) continue;
            if (field.type === 'id' || field.type === 'reference' ? v === want : String(v).toLowerCase() === want) out.push(rec);
        }
        return out;
    }

    /** Stores a record exactly as given (seeding): fills Id, audit fields and derived fields if absent. */
    insertRaw(type: string, values: Rec): Rec {
        const table = this.mustTable(type);
        const now = this.now();
        const rec = this.blank(table);
        for (const k in values) rec[k] = values[k] as Value;
        rec['Id'] = typeof values['Id'] === 'string' ? values['Id'] : this.ids.next(table.def.keyPrefix);
        rec['IsDeleted'] = values['IsDeleted'] === true;
        rec['CreatedDate'] ??= now;
        rec['LastModifiedDate'] ??= rec['CreatedDate'];
        rec['SystemModstamp'] ??= rec['LastModifiedDate'];
        rec['CreatedById'] ??= this.apiUserId || null;
        rec['LastModifiedById'] ??= rec['CreatedById'];
        if (table.def.byName.has('ownerid')) rec['OwnerId'] ??= this.apiUserId || null;
        this.derive(table, rec, null, now);
        table.records.set(rec['Id'] as string, rec);
        this.version++;
        return rec;
    }

    private readonly factories = new Map<Table, () => Rec>();
    /**
     * A new record with every field at its default, in describe order. Built by a generated object-literal
     * factory so all records of a type share one V8 shape: spreading a 40-key template makes dictionary-mode
     * objects and seeding 100k records ten times slower.
     */
    private blank(table: Table): Rec {
        let factory = this.factories.get(table);
        if (!factory) {
            const body = table.def.fields.map((fd) => `${JSON.stringify(fd.name)}: ${JSON.stringify(fd.defaultValue ?? null)}`).join(',');
            factory = new Function(`return {${body}};`) as () => Rec;
            this.factories.set(table, factory);
        }
        return factory();
    }

    /** Creates a record as POST /sobjects/{T} would. Returns the new record. */
    insert(type: string, body: Record<string, unknown>): Rec {
        const table = this.mustTable(type);
        const def = table.def;
        const values = this.convertBody(def, body, 'create');
        const missing = def.fields
            .filter((fd) => fd.createable && !fd.nillable && !fd.defaultedOnCreate && fd.type !== 'boolean')
            .filter((fd) => values[fd.name] === undefined || values[fd.name] === null || values[fd.name] === '')
            .map((fd) => fd.name);
        if (missing.length > 0) throw new SfError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
        const now = this.now();
        const rec = this.blank(table);
        for (const [k, v] of Object.entries(values)) rec[k] = v;
        this.checkUnique(table, rec, null);
        rec['Id'] = this.ids.next(def.keyPrefix);
        rec['IsDeleted'] = false;
        rec['CreatedDate'] = now;
        rec['LastModifiedDate'] = now;
        rec['SystemModstamp'] = now;
        rec['CreatedById'] = this.apiUserId;
        rec['LastModifiedById'] = this.apiUserId;
        if (def.byName.has('ownerid') && (rec['OwnerId'] === null || rec['OwnerId'] === undefined)) rec['OwnerId'] = this.apiUserId;
        this.derive(table, rec, null, now);
        table.records.set(rec['Id'] as string, rec);
        this.version++;
        return rec;
    }

    /** Updates a record as PATCH /sobjects/{T}/{id} would. */
    update(type: string, id: string, body: Record<string, unknown>): Rec {
        const table = this.mustTable(type);
        const rec = this.liveRecord(table, id);
        const values = this.convertBody(table.def, body, 'update', rec['Id'] as string);
        const cleared = table.def.fields.filter((fd) => !fd.nillable && fd.type !== 'boolean' && fd.name in values && (values[fd.name] === null || values[fd.name] === '')).map((fd) => fd.name);
        if (cleared.length > 0) throw new SfError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${cleared.join(', ')}]`, cleared);
        const next: Rec = { ...rec, ...values };
        this.checkUnique(table, next, rec['Id'] as string);
        const before = { ...rec };
        Object.assign(rec, values);
        const now = this.now();
        rec['LastModifiedDate'] = now;
        rec['SystemModstamp'] = now;
        rec['LastModifiedById'] = this.apiUserId;
        this.derive(table, rec, before, now);
        this.version++;
        return rec;
    }

    /** Soft-deletes (Recycle Bin) as DELETE /sobjects/{T}/{id} would; cascades to Contacts/Opportunities of an Account. */
    delete(type: string, id: string): void {
        const table = this.mustTable(type);
        const rec = this.liveRecord(table, id);
        if (!table.def.deletable) throw new SfError(400, 'INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id', []);
        const now = this.now();
        this.softDelete(rec, now);
        if (table.def.name === 'Account') {
            for (const child of ['Contact', 'Opportunity']) {
                for (const c of this.tables.get(child)?.records.values() ?? []) {
                    if (c['AccountId'] === rec['Id'] && c['IsDeleted'] !== true) this.softDelete(c, now);
                }
            }
        }
        this.version++;
    }

    /** Restores a record from the Recycle Bin. */
    undelete(id: string): void {
        const rec = this.get(id);
        if (!rec) throw notFound();
        rec['IsDeleted'] = false;
        rec['SystemModstamp'] = this.now();
        this.version++;
    }

    /** Sets SystemModstamp (and optionally LastModifiedDate) directly, for tie and boundary tests. */
    setSystemModstamp(id: string, when: Date | string | number, alsoLastModified = false): void {
        const rec = this.get(id);
        if (!rec) throw notFound();
        const ms = typeof when === 'number' ? when : typeof when === 'string' ? parseDateTime(when) ?? Date.parse(when) : when.getTime();
        rec['SystemModstamp'] = ms;
        if (alsoLastModified) rec['LastModifiedDate'] = ms;
        this.version++;
    }

    /** Removes a record for good (as if purged from the Recycle Bin). */
    hardDelete(id: string): void {
        const id18 = to18(id);
        const def = id18 ? this.typeOf(id18) : undefined;
        if (id18 && def) this.tables.get(def.name)?.records.delete(id18);
        this.version++;
    }

    private softDelete(rec: Rec, now: number): void {
        rec['IsDeleted'] = true;
        rec['SystemModstamp'] = now;
        rec['LastModifiedDate'] = now;
        rec['LastModifiedById'] = this.apiUserId;
    }

    /** The record for a path id: malformed/wrong-type → NOT_FOUND style errors, deleted → ENTITY_IS_DELETED. */
    liveRecord(table: Table, id: string): Rec {
        const id18 = to18(id);
        if (!id18 || keyPrefixOf(id18) !== table.def.keyPrefix) {
            throw notFound(`Provided external ID field does not exist or is not accessible: ${id}`);
        }
        const rec = table.records.get(id18);
        if (!rec) throw notFound(`Provided external ID field does not exist or is not accessible: ${id}`);
        if (rec['IsDeleted'] === true) throw entityIsDeleted();
        return rec;
    }

    private checkUnique(table: Table, rec: Rec, selfId: string | null): void {
        for (const fd of table.def.fields) {
            if (!fd.unique || fd.type === 'id') continue;
            const v = rec[fd.name];
            if (v === null || v === undefined || v === '') continue;
            const dup = this.findByField(table.def.name, fd, String(v)).find((r) => r['Id'] !== selfId);
            if (dup) {
                throw new SfError(400, 'DUPLICATE_VALUE', `duplicate value found: ${fd.name} duplicates value on record with id: ${String(dup['Id'])}`, []);
            }
        }
    }

    /** Validates and converts a JSON body to stored values. */
    private convertBody(def: ObjectDef, body: Record<string, unknown>, mode: 'create' | 'update', selfId?: string): Rec {
        const out: Rec = {};
        const readOnly: string[] = [];
        for (const [key, raw] of Object.entries(body)) {
            if (key === 'attributes') continue;
            const fd = def.byName.get(key.toLowerCase());
            if (!fd) throw invalidField(key, def.name);
            if (fd.name === 'Id' && mode === 'update' && typeof raw === 'string' && to18(raw) === selfId) continue;
            if (mode === 'create' ? !fd.createable : !fd.updateable) {
                readOnly.push(fd.name);
                continue;
            }
            out[fd.name] = this.convertValue(def, fd, raw);
        }
        if (readOnly.length > 0) {
            throw new SfError(
                400,
                'INVALID_FIELD_FOR_INSERT_UPDATE',
                `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
                readOnly
            );
        }
        return out;
    }

    private convertValue(def: ObjectDef, fd: FieldDef, raw: unknown): Value {
        const parseErr = (kind: string): SfError =>
            new SfError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of ${kind} from ${typeof raw === 'string' ? 'VALUE_STRING' : 'VALUE'} value ${String(raw)} or request may be missing a required field`);
        if (raw === null) return fd.type === 'boolean' ? false : null;
        switch (fd.type) {
            case 'boolean':
                if (typeof raw === 'boolean') return raw;
                if (raw === 'true' || raw === 'false') return raw === 'true';
                throw parseErr('boolean');
            case 'int':
            case 'double':
            case 'currency':
            case 'percent': {
                const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
                if (!Number.isFinite(n)) throw parseErr(fd.type === 'int' ? 'int' : 'double');
                if (fd.type === 'int' && !Number.isInteger(n)) throw parseErr('int');
                return n;
            }
            case 'date': {
                if (typeof raw !== 'string') throw parseErr('date');
                const s = raw.length > 10 && raw[10] === 'T' ? raw.slice(0, 10) : raw;
                if (!isValidDate(s)) throw parseErr('date');
                return s;
            }
            case 'datetime': {
                const ms = typeof raw === 'string' ? parseDateTime(raw) : null;
                if (ms === null) throw parseErr('datetime');
                return ms;
            }
            case 'reference':
            case 'id': {
                if (typeof raw !== 'string') throw parseErr('id');
                if (raw === '') return null;
                const id18 = to18(raw);
                const target = id18 ? this.typeOf(id18) : undefined;
                if (!id18 || !target || !fd.referenceTo.includes(target.name)) {
                    throw new SfError(400, 'MALFORMED_ID', `${fd.label}: id value of incorrect type: ${raw}`, [fd.name]);
                }
                const parent = this.tables.get(target.name)?.records.get(id18);
                if (!parent) throw new SfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, []);
                if (parent['IsDeleted'] === true) throw new SfError(400, 'ENTITY_IS_DELETED', 'entity is deleted', [fd.name]);
                return id18;
            }
            default: {
                if (typeof raw === 'object') throw parseErr('string');
                const s = String(raw);
                if (s.length > fd.length) {
                    throw new SfError(400, 'STRING_TOO_LONG', `${fd.label}: data value too large: ${s.slice(0, 40)} (max length=${fd.length})`, [fd.name]);
                }
                if (fd.type === 'email' && s !== '' && !EMAIL_RE.test(s)) {
                    throw new SfError(400, 'INVALID_EMAIL_ADDRESS', `${fd.label}: invalid email address: ${s}`, [fd.name]);
                }
                if (fd.type === 'picklist' && fd.restrictedPicklist && s !== '' && !fd.picklistValues.some((p) => p.value === s)) {
                    throw new SfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${fd.label}: bad value for restricted picklist field: ${s}`, [fd.name]);
                }
                void def;
                return s === '' ? null : s;
            }
        }
    }

    /** Fields Salesforce computes: names, auto numbers, Opportunity/Case/Task closed flags. */
    private derive(table: Table, rec: Rec, before: Rec | null, now: number): void {
        const def = table.def;
        if (def.autoNumberFormat && before === null) {
            const field = def.name === 'Case' ? 'CaseNumber' : 'Name';
            if (rec[field] === null || rec[field] === undefined) {
                table.autoNumber++;
                rec[field] = def.autoNumberFormat.prefix + String(table.autoNumber).padStart(def.autoNumberFormat.width, '0');
            } else {
                table.autoNumber++;
            }
        }
        switch (def.name) {
            case 'Contact':
            case 'Lead':
            case 'User':
                rec['Name'] = [rec['FirstName'], rec['LastName']].filter((v) => typeof v === 'string' && v !== '').join(' ');
                break;
            case 'Opportunity': {
                const stage = STAGES.get(String(rec['StageName'] ?? '').toLowerCase());
                rec['IsClosed'] = stage?.isClosed ?? false;
                rec['IsWon'] = stage?.isWon ?? false;
                const stageChanged = before === null || before['StageName'] !== rec['StageName'];
                if (stage && stageChanged) {
                    if (before === null ? rec['Probability'] === null : before['Probability'] === rec['Probability']) rec['Probability'] = stage.probability;
                    if (before === null ? rec['ForecastCategoryName'] === null : before['ForecastCategoryName'] === rec['ForecastCategoryName']) rec['ForecastCategoryName'] = stage.forecast;
                }
                break;
            }
            case 'Case': {
                const closed = rec['Status'] === 'Closed';
                if (closed && rec['IsClosed'] !== true) rec['ClosedDate'] ??= now;
                if (!closed) rec['ClosedDate'] = null;
                rec['IsClosed'] = closed;
                break;
            }
            case 'Task':
                rec['IsClosed'] = rec['Status'] === 'Completed';
                break;
        }
    }

    /** The API user record. */
    apiUser(): Rec | undefined {
        return this.get(this.apiUserId);
    }

    /** `2024-01-01T00:00:00.000+0000` of a stored datetime. */
    static formatDateTime(ms: number): string {
        return formatDateTime(ms);
    }
}
