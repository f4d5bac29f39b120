/**
 * The in-memory org: one table per object, records keyed by 18-char id, soft deletes (Recycle Bin),
 * audit fields maintained on every write, and the same validation the REST API applies.
 * Routes (and tests) call insert/update/delete; errors are thrown as SfError.
 */
import { SfError, entityIsDeleted, invalidField, notFound } from '../errors.js';
import { normalizeAddressRaw, reconcileAddressWrite } from './addresses.js';
import { afterCampaignInsert, beforeMemberInsert, beforeMemberUpdate, recountCampaigns } from './campaigns.js';
import { IdGenerator, keyPrefixOf, to18 } from './ids.js';
import { HISTORY_TRACKING, Schema, type FieldDef, type ObjectDef, type OpportunityStageDef, type SchemaOptions } from './schema.js';
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

/** Options of Org.insert / Org.update. */
export interface ApiWriteOptions {
    /**
     * Write as the system rather than as the API user: field-level security does not apply (lead conversion maps the
     * lead's fields into the account, contact and opportunity it creates whatever the converting user can see).
     */
    system?: boolean;
}

/** A transaction savepoint returned by Org.begin(); pass it to commit() or rollback(). */
export interface Savepoint {
    readonly depth: number;
}

interface JournalEntry {
    table: Table;
    /** Copy of the record before the transaction first touched it; null when the transaction created it. */
    before: Rec | null;
}

const DAY = 86_400_000;

/** A committed write as an after-trigger sees it (the change notifier of issue 13 is built on these). */
export interface RecordChange {
    /** The object as the schema spells it. */
    object: string;
    id: string;
    change: 'created' | 'updated' | 'deleted' | 'undeleted';
    /** SystemModstamp after the write (epoch ms). */
    systemModstamp: number;
    /**
     * Updates only: the fields whose value changed, as the schema spells them. The audit fields every write moves
     * (SystemModstamp, LastModifiedDate, LastModifiedById) are left out: they tell nothing.
     */
    changedFields: string[];
}

/** Who gets the committed changes (the emulator's change notifier). */
export interface ChangeObserver {
    /** Whether changes of this object are wanted; asked on every write, so it must be cheap. */
    wants(object: string): boolean;
    /** One call per committed unit of work, with its changes in the order they were made. */
    committed(changes: RecordChange[]): void;
}

/** Audit fields every write moves: not reported as changed fields. */
const AUDIT_FIELDS = new Set(['SystemModstamp', 'LastModifiedDate', 'LastModifiedById']);

/** Options of one write staged in a long transaction. */
export interface LongWriteOptions {
    /** When the DML happened: the SystemModstamp (and LastModifiedDate) the write carries once committed; default now. */
    at?: Date | string | number;
}

/**
 * A long-running transaction (an Apex batch, a Bulk ingest, a data migration): its writes are stamped when their DML
 * runs but nobody sees them until it commits, possibly much later. Until then SOQL, Bulk, record GETs and /updated
 * show the rows as they were (new ones not at all), the rows it changed are locked (UNABLE_TO_LOCK_ROW for other
 * writers), and sObject Get Updated / Get Deleted report a latestDateCovered before its start.
 */
export interface LongTransaction {
    /** When it began (epoch ms): /updated's latestDateCovered stays before it while it is open. */
    readonly startedAt: number;
    /** When it commits by itself (checked on every Salesforce request); undefined: only commit() ends it. */
    commitsAt: number | undefined;
    readonly open: boolean;
    /** Ids it writes (new records get theirs when staged), in order. */
    readonly ids: readonly string[];
    /** Stages a new record (raw values, as insertRaw takes them); returns the id it will have. */
    insert(type: string, values?: Rec, opts?: LongWriteOptions): string;
    /** Stages a change of a live record (raw values; SystemModstamp and LastModifiedDate move to the DML time). */
    update(id: string, values?: Rec, opts?: LongWriteOptions): void;
    /** Stages a delete (to the Recycle Bin, deletedDate = the DML time). */
    delete(id: string, opts?: LongWriteOptions): void;
    /** Makes every staged write visible at once, each with the stamp of its DML. */
    commit(): void;
    /** Drops every staged write and releases the locks. */
    rollback(): void;
}

/** Options of Org.lateCommit. */
export interface LateCommitOptions {
    /** The object of the new records (and of `ids`). */
    type: string;
    /** New records to create (raw field values). */
    records?: Rec[];
    /** Existing records the transaction touches (their SystemModstamp moves to stampedAt), with `values` applied. */
    ids?: string[];
    values?: Rec;
    /** When the DML happened (the writes' SystemModstamp); default now. */
    stampedAt?: Date | string | number;
    /** The commit comes this long after stampedAt: the writes are visible once the clock reaches stampedAt + visibleAfterMs. */
    visibleAfterMs: number;
}

interface StagedWrite {
    kind: 'insert' | 'update' | 'delete';
    type: string;
    id: string;
    values: Rec;
    at: number;
}

/** Objects whose records never show up in /recent (as in Salesforce: activities, knowledge). */
const NOT_RECENT = new Set(['Task', 'Event', 'KnowledgeArticleVersion', 'Knowledge__kav', 'LeadStatus', 'OpportunityStage', 'Profile', 'UserRole', 'RecordType', 'Group', 'QueueSobject', 'AccountHistory', 'CurrencyType', 'OpportunityFieldHistory', 'CaseHistory', 'ContactHistory', 'LeadHistory', 'PricebookEntry', 'OpportunityLineItem']);

/** Children deleted (and purged) with their parent. */
export const CASCADES: Record<string, Array<[string, string]>> = {
    Account: [['Contact', 'AccountId'], ['Opportunity', 'AccountId'], ['AccountHistory', 'AccountId']],
    Case: [['CaseComment', 'ParentId'], ['EmailMessage', 'ParentId'], ['CaseHistory', 'CaseId']],
    // a deleted opportunity takes its line items and field history; a contact's or lead's history goes with it
    Opportunity: [['OpportunityLineItem', 'OpportunityId'], ['OpportunityFieldHistory', 'OpportunityId']],
    Contact: [['ContactHistory', 'ContactId']],
    Lead: [['LeadHistory', 'LeadId']],
    Campaign: [['CampaignMember', 'CampaignId'], ['CampaignMemberStatus', 'CampaignId']]
};

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** AccountHistory.DataType of a changed field, by its describe type. */
const HISTORY_DATA_TYPE: Partial<Record<string, string>> = {
    string: 'Text',
    textarea: 'MultiLineText',
    picklist: 'DynamicEnum',
    multipicklist: 'MultiEnum',
    currency: 'Currency',
    double: 'Double',
    int: 'Double',
    percent: 'Percent',
    date: 'DateOnly',
    datetime: 'DateTime',
    boolean: 'Boolean',
    email: 'Email',
    phone: 'Phone',
    url: 'Url'
};

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

    /** Open transactions, innermost last: each maps record id → state before the transaction touched it. */
    private readonly journals: Array<Map<string, JournalEntry>> = [];
    /** Ids the API user read or wrote through REST, least recent first (Map keeps insertion order). */
    private readonly recentIds = new Map<string, true>();
    private readonly stages: Map<string, OpportunityStageDef>;
    /** Long transactions still open, oldest first. */
    private readonly longTransactions: LongTransaction[] = [];
    /** Record id → the open long transaction that holds its row lock. */
    private readonly locks = new Map<string, LongTransaction>();
    /** Object name → delete-log entries deleted before this instant are gone (Recycle Bin purges, hard deletes). */
    private readonly deleteLogFloors = new Map<string, number>();
    /** The delete log the org starts with reaches back 15 days (as far as Get Deleted looks). */
    private readonly initialDeleteLogFloor: number;

    /** Receives committed changes (see observeChanges). */
    private observer: ChangeObserver | undefined;
    /** Changes made inside each open transaction, parallel to `journals`: a rollback drops them, a commit passes them on. */
    private readonly pendingChanges: RecordChange[][] = [];
    /** Open units of work (see unitOfWork), innermost last. */
    private readonly units: RecordChange[][] = [];
    /** Committed changes made outside any unit of work: delivered together once the current synchronous work ends. */
    private looseChanges: RecordChange[] = [];
    private looseScheduled = false;

    constructor(opts: { clock?: () => number; now?: Date } & SchemaOptions = {}) {
        this.clock = opts.clock ?? (() => Date.now());
        this.schema = new Schema(opts.now, opts);
        this.stages = new Map(this.schema.opportunityStages.map((st) => [st.name.toLowerCase(), st]));
        this.ids = new IdGenerator();
        this.orgId = this.ids.next('00D');
        this.initialDeleteLogFloor = this.clock() - 15 * DAY;
        // Tables hold every field: field-level security only shapes the API user's view (schema.get).
        for (const def of this.schema.definitions) {
            if (!def.sharesTableWith) this.tables.set(def.name, { def, records: new Map(), autoNumber: 0 });
        }
        // Views over another object's rows (KnowledgeArticleVersion over Knowledge__kav) share its table.
        for (const def of this.schema.definitions) {
            const shared = def.sharesTableWith ? this.tables.get(def.sharesTableWith) : undefined;
            if (shared) this.tables.set(def.name, shared);
        }
    }

    // ------------------------------------------------------------------------------------ transactions

    /** Opens a (possibly nested) transaction: every write until commit/rollback can be undone. */
    begin(): Savepoint {
        this.journals.push(new Map());
        this.pendingChanges.push([]);
        return { depth: this.journals.length };
    }

    /** Keeps the writes made since begin() (they stay undoable by an enclosing transaction). */
    commit(sp: Savepoint): void {
        if (this.journals.length !== sp.depth) throw new Error('commit of a transaction that is not the innermost one');
        this.journals.pop();
        const changes = this.pendingChanges.pop() ?? [];
        const enclosing = this.pendingChanges[this.pendingChanges.length - 1];
        if (enclosing) enclosing.push(...changes);
        else this.deliver(changes);
    }

    /** Undoes every write made since begin(): created records vanish, changed/deleted ones get their old values back. */
    rollback(sp: Savepoint): void {
        if (this.journals.length !== sp.depth) throw new Error('rollback of a transaction that is not the innermost one');
        const journal = this.journals.pop() as Map<string, JournalEntry>;
        // what was rolled back never happened: no trigger reports it
        this.pendingChanges.pop();
        for (const [id, { table, before }] of journal) {
            if (before === null) {
                table.records.delete(id);
                this.recentIds.delete(id);
                continue;
            }
            const current = table.records.get(id);
            if (current) Object.assign(current, before);
            else table.records.set(id, before);
        }
        this.version++;
    }

    /** Runs fn in a transaction: committed when it returns, rolled back when it throws. */
    atomically<T>(fn: () => T): T {
        const sp = this.begin();
        try {
            const out = fn();
            this.commit(sp);
            return out;
        } catch (err) {
            this.rollback(sp);
            throw err;
        }
    }

    /** Records the state of a record before a write, in every open transaction that has not seen it yet. */
    private journal(table: Table, id: string, current: Rec | undefined): void {
        for (const j of this.journals) {
            if (!j.has(id)) j.set(id, { table, before: current ? { ...current } : null });
        }
    }

    // ------------------------------------------------------------------------------------ committed changes

    /** Sets (or, with undefined, removes) the observer of committed changes. */
    observeChanges(observer: ChangeObserver | undefined): void {
        this.observer = observer;
    }

    /**
     * Runs fn as one unit of work: every change it commits reaches the observer in one call when it ends, as the records
     * of one API request reach its after-triggers together. Writes outside any unit are grouped by the synchronous work
     * they are part of (a test's loop of org.update calls is one unit) and delivered just after it.
     */
    unitOfWork<T>(fn: () => T): T {
        this.units.push([]);
        try {
            return fn();
        } finally {
            const changes = this.units.pop() ?? [];
            if (changes.length > 0) this.observer?.committed(changes);
        }
    }

    /** Records a change for the observer: held by the open transaction, else handed to the current unit of work. */
    private noteChange(object: string, rec: Rec, change: RecordChange['change'], changedFields: string[] = []): void {
        if (!this.observer?.wants(object)) return;
        const stamp = rec['SystemModstamp'];
        const noted: RecordChange = { object, id: rec['Id'] as string, change, systemModstamp: typeof stamp === 'number' ? stamp : this.now(), changedFields };
        const open = this.pendingChanges[this.pendingChanges.length - 1];
        if (open) open.push(noted);
        else this.deliver([noted]);
    }

    /** Committed changes go to the innermost unit of work, or wait for the end of the current synchronous work. */
    private deliver(changes: RecordChange[]): void {
        if (changes.length === 0) return;
        const unit = this.units[this.units.length - 1];
        if (unit) {
            unit.push(...changes);
            return;
        }
        this.looseChanges.push(...changes);
        if (this.looseScheduled) return;
        this.looseScheduled = true;
        setImmediate(() => {
            this.looseScheduled = false;
            const batch = this.looseChanges;
            this.looseChanges = [];
            if (batch.length > 0) this.observer?.committed(batch);
        });
    }

    /** The fields an update changed (audit fields left out), for an observer that wants the object. */
    private changedFields(def: ObjectDef, before: Rec, after: Rec): string[] {
        return def.fields.filter((fd) => !AUDIT_FIELDS.has(fd.name) && (before[fd.name] ?? null) !== (after[fd.name] ?? null)).map((fd) => fd.name);
    }

    /** Notes an update made straight to the stored values (updateRaw): a restore or a delete when IsDeleted moved. */
    private noteRawUpdate(def: ObjectDef, before: Rec, rec: Rec): void {
        if (!this.observer?.wants(def.name)) return;
        const wasDeleted = before['IsDeleted'] === true;
        const isDeleted = rec['IsDeleted'] === true;
        if (wasDeleted && isDeleted) return;
        if (wasDeleted) this.noteChange(def.name, rec, 'undeleted');
        else if (isDeleted) this.noteChange(def.name, rec, 'deleted');
        else this.noteChange(def.name, rec, 'updated', this.changedFields(def, before, rec));
    }

    // ------------------------------------------------------------------------------------ recent items

    /** Marks a record as viewed/edited by the API user (what /recent and recentItems list). */
    touchRecent(id: string): void {
        const id18 = to18(id);
        const def = id18 ? this.typeOf(id18) : undefined;
        if (!id18 || !def || NOT_RECENT.has(def.name)) return;
        this.recentIds.delete(id18);
        this.recentIds.set(id18, true);
        if (this.recentIds.size > 200) {
            const oldest = this.recentIds.keys().next().value;
            if (oldest !== undefined) this.recentIds.delete(oldest);
        }
    }

    /** Live records the API user touched, most recent first (at most `limit`, optionally of one type). */
    recent(limit = 200, type?: string): Rec[] {
        const out: Rec[] = [];
        const wanted = type ? this.schema.get(type)?.name : undefined;
        for (const id of [...this.recentIds.keys()].reverse()) {
            if (out.length >= limit) break;
            const rec = this.get(id);
            if (!rec || rec['IsDeleted'] === true) continue;
            if (wanted && this.typeOf(id)?.name !== wanted) continue;
            out.push(rec);
        }
        return out;
    }

    /** The OpportunityStage definition of a stage name (case-insensitive). */
    stage(name: string): OpportunityStageDef | undefined {
        return this.stages.get(name.toLowerCase());
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
        if (id.length === 18) {
            // Fast path for canonical ids (query paging resolves one or more per row).
            const def = this.schema.byKeyPrefix(id.slice(0, 3));
            const hit = def ? this.tables.get(def.name)?.records.get(id) : undefined;
            if (hit) return hit;
        }
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
        this.journal(table, rec['Id'] as string, table.records.get(rec['Id'] as string));
        table.records.set(rec['Id'] as string, rec);
        if (rec['IsDeleted'] !== true) this.noteChange(table.def.name, rec, 'created');
        this.version++;
        return rec;
    }

    /**
     * Writes field values directly, bypassing validation and read-only checks (tests and seeding: publish an
     * article, convert a lead by hand…). SystemModstamp moves to now unless the values set it.
     */
    updateRaw(id: string, values: Rec): Rec {
        const rec = this.get(id);
        const def = this.typeOf(id);
        const table = def ? this.tables.get(def.name) : undefined;
        if (!rec || !table) throw notFound();
        this.journal(table, rec['Id'] as string, rec);
        const before = { ...rec };
        Object.assign(rec, values);
        if (values['SystemModstamp'] === undefined) rec['SystemModstamp'] = this.now();
        this.derive(table, rec, before, this.now());
        this.noteRawUpdate(table.def, before, rec);
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

    /**
     * Creates a record as POST /sobjects/{T} would, as the API user (its field-level security applies unless
     * `system`). Returns the new record.
     */
    insert(type: string, body: Record<string, unknown>, opts: ApiWriteOptions = {}): Rec {
        const table = this.mustTable(type);
        // A view sharing another object's rows (KnowledgeArticleVersion) keeps its own rules.
        const def = (opts.system ? this.schema.definition(type) : this.schema.get(type)) ?? table.def;
        if (!def.createable) throw new SfError(400, 'INVALID_TYPE_FOR_OPERATION', `entity type cannot be inserted: ${def.name}`, []);
        const values = this.convertBody(def, body, 'create');
        if (this.schema.traits.stateCountryPicklists) reconcileAddressWrite(table.def, values, null);
        const missing = def.fields
            .filter((fd) => fd.createable && !fd.nillable && !fd.defaultedOnCreate && fd.type !== 'boolean')
            .filter((fd) => values[fd.name] === undefined || values[fd.name] === null || values[fd.name] === '')
            .map((fd) => fd.name);
        if (missing.length > 0) throw new SfError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
        const now = this.now();
        const rec = this.blank(table);
        for (const [k, v] of Object.entries(table.def.name === 'CampaignMember' ? beforeMemberInsert(this, values) : values)) rec[k] = v;
        this.checkUnique(table, rec, null);
        rec['Id'] = this.ids.next(def.keyPrefix);
        rec['IsDeleted'] = false;
        rec['CreatedDate'] = now;
        rec['LastModifiedDate'] = now;
        rec['SystemModstamp'] = now;
        rec['CreatedById'] = this.apiUserId;
        rec['LastModifiedById'] = this.apiUserId;
        if (def.byName.has('ownerid') && (rec['OwnerId'] === null || rec['OwnerId'] === undefined)) rec['OwnerId'] = this.apiUserId;
        // Multi-currency: a record created without a currency gets the creating user's default currency.
        if (table.def.byName.has('currencyisocode') && values['CurrencyIsoCode'] === undefined) {
            const userCurrency = this.apiUser()?.['DefaultCurrencyIsoCode'];
            if (typeof userCurrency === 'string') rec['CurrencyIsoCode'] = userCurrency;
        }
        this.derive(table, rec, null, now);
        this.journal(table, rec['Id'] as string, undefined);
        table.records.set(rec['Id'] as string, rec);
        this.trackHistory(table, null, rec, now);
        this.noteChange(table.def.name, rec, 'created');
        if (table.def.name === 'Campaign') afterCampaignInsert(this, rec);
        if (table.def.name === 'CampaignMember') recountCampaigns(this, [rec['CampaignId']]);
        this.version++;
        return rec;
    }

    /** Updates a record as PATCH /sobjects/{T}/{id} would, as the API user (field-level security applies unless `system`). */
    update(type: string, id: string, body: Record<string, unknown>, opts: ApiWriteOptions = {}): Rec {
        const table = this.mustTable(type);
        const rec = this.liveRecord(table, id);
        this.checkLock(rec);
        const view = this.schema.get(type) ?? table.def;
        if (!view.updateable) throw new SfError(400, 'INVALID_TYPE_FOR_OPERATION', `entity type cannot be updated: ${view.name}`, []);
        if (table.def.name === 'Lead' && rec['IsConverted'] === true) throw new SfError(400, 'CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', []);
        const writable = (opts.system ? this.schema.definition(table.def.name) : this.schema.get(table.def.name)) ?? table.def;
        const converted = this.convertBody(writable, body, 'update', rec['Id'] as string);
        const values = table.def.name === 'CampaignMember' ? beforeMemberUpdate(this, rec, converted) : converted;
        if (this.schema.traits.stateCountryPicklists) reconcileAddressWrite(table.def, values, rec);
        const cleared = table.def.fields.filter((fd) => !fd.nillable && fd.type !== 'boolean' && fd.name in values && (values[fd.name] === null || values[fd.name] === '')).map((fd) => fd.name);
        if (cleared.length > 0) throw new SfError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${cleared.join(', ')}]`, cleared);
        const next: Rec = { ...rec, ...values };
        this.checkUnique(table, next, rec['Id'] as string);
        const before = { ...rec };
        this.journal(table, rec['Id'] as string, rec);
        Object.assign(rec, values);
        const now = this.now();
        rec['LastModifiedDate'] = now;
        rec['SystemModstamp'] = now;
        rec['LastModifiedById'] = this.apiUserId;
        this.derive(table, rec, before, now);
        this.trackHistory(table, before, rec, now);
        if (this.observer?.wants(table.def.name)) this.noteChange(table.def.name, rec, 'updated', this.changedFields(table.def, before, rec));
        if (table.def.name === 'CampaignMember') recountCampaigns(this, [rec['CampaignId']]);
        this.version++;
        return rec;
    }

    /**
     * Field history tracking (Account): a 'created' row when a record is created through the API, and one row per
     * tracked field that changed on an update, with the old and new values. A lookup (Owner) change writes two rows,
     * one with the ids (DataType EntityId) and one with the names shown in the UI (Object Reference, EntityHistory:
     * "Two rows are added to this object when foreign key fields change"). Rows go through insertRaw, so a rolled-back
     * transaction takes them with it.
     */
    private trackHistory(table: Table, before: Rec | null, after: Rec, now: number): void {
        const tracking = HISTORY_TRACKING[table.def.name];
        if (!tracking || !this.tables.has(tracking.history)) return;
        const row = (field: string, dataType: string | null, oldValue: Value, newValue: Value): void => {
            this.insertRaw(tracking.history, { [tracking.parentField]: after['Id'] ?? null, Field: field, DataType: dataType, OldValue: oldValue, NewValue: newValue, CreatedById: this.apiUserId, CreatedDate: now });
        };
        if (before === null) {
            row('created', null, null, null);
            return;
        }
        for (const [historyName, fieldName] of Object.entries(tracking.fields)) {
            const fd = table.def.byName.get(fieldName.toLowerCase());
            const oldValue = before[fieldName] ?? null;
            const newValue = after[fieldName] ?? null;
            if (!fd || oldValue === newValue) continue;
            if (fd.type === 'reference') {
                const nameOf = (id: Value): Value => (typeof id === 'string' ? (this.get(id)?.['Name'] ?? null) : null);
                row(historyName, 'EntityId', oldValue, newValue);
                row(historyName, 'Text', nameOf(oldValue), nameOf(newValue));
                continue;
            }
            row(historyName, HISTORY_DATA_TYPE[fd.type] ?? 'Text', oldValue, newValue);
        }
    }

    /**
     * Soft-deletes (Recycle Bin) as DELETE /sobjects/{T}/{id} would; cascades to Contacts/Opportunities of an
     * Account and to CaseComments/EmailMessages of a Case. `at` backdates the deletion (SystemModstamp), to
     * simulate deletes spread over time.
     */
    delete(type: string, id: string, opts: { at?: Date | string | number } = {}): void {
        const table = this.mustTable(type);
        const rec = this.liveRecord(table, id);
        this.checkLock(rec);
        if (!(this.schema.get(type) ?? table.def).deletable) throw new SfError(400, 'INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id', []);
        const now = opts.at === undefined ? this.now() : toMillis(opts.at);
        this.softDelete(table, rec, now);
        // only the record the delete was asked for: "Cascading delete operations. Records that did not initiate a
        // delete don't cause trigger evaluation." (Apex Developer Guide, "Operations That Don't Invoke Triggers")
        this.noteChange(table.def.name, rec, 'deleted');
        for (const [child, fk] of CASCADES[table.def.name] ?? []) {
            const childTable = this.tables.get(child);
            for (const c of childTable?.records.values() ?? []) {
                if (childTable && c[fk] === rec['Id'] && c['IsDeleted'] !== true) this.softDelete(childTable, c, now);
            }
        }
        if (table.def.name === 'CampaignMember') recountCampaigns(this, [rec['CampaignId']]);
        this.version++;
    }

    /**
     * Deletes of records undeleted since, by object: getDeleted still lists them. Salesforce's docs do not say whether
     * an undelete takes a record out of the delete log; the emulator keeps it there, the harder case for a replica (a
     * record listed as deleted that is live).
     */
    readonly undeletedLog = new Map<string, Array<{ id: string; deletedAt: number }>>();

    /** Restores a record from the Recycle Bin. */
    undelete(id: string): void {
        const rec = this.get(id);
        const def = this.typeOf(id);
        const table = def ? this.tables.get(def.name) : undefined;
        if (!rec || !table) throw notFound();
        this.journal(table, rec['Id'] as string, rec);
        const wasDeleted = rec['IsDeleted'] === true;
        const deletedAt = rec['SystemModstamp'];
        if (wasDeleted && typeof deletedAt === 'number') {
            const log = this.undeletedLog.get(table.def.name) ?? [];
            log.push({ id: rec['Id'] as string, deletedAt });
            this.undeletedLog.set(table.def.name, log);
        }
        rec['IsDeleted'] = false;
        rec['SystemModstamp'] = this.now();
        if (wasDeleted) this.noteChange(table.def.name, rec, 'undeleted');
        this.version++;
    }

    /** Sets SystemModstamp (and optionally LastModifiedDate) directly, for tie and boundary tests. */
    setSystemModstamp(id: string, when: Date | string | number, alsoLastModified = false): void {
        const rec = this.get(id);
        const def = this.typeOf(id);
        const table = def ? this.tables.get(def.name) : undefined;
        if (!rec || !table) throw notFound();
        const ms = toMillis(when);
        this.journal(table, rec['Id'] as string, rec);
        rec['SystemModstamp'] = ms;
        if (alsoLastModified) rec['LastModifiedDate'] = ms;
        this.version++;
    }

    /**
     * Gives `count` records of a type (oldest first, deleted ones excluded) one shared SystemModstamp, as a bulk
     * load or a workflow does; returns their ids. Default instant: one second before now.
     */
    tieSystemModstamps(type: string, count: number, at?: Date | string | number): string[] {
        const ms = at === undefined ? Math.floor(this.now() / 1000) * 1000 - 1000 : toMillis(at);
        const recs = this.list(type).slice(0, count);
        for (const rec of recs) this.setSystemModstamp(rec['Id'] as string, ms);
        return recs.map((r) => r['Id'] as string);
    }

    /**
     * Removes a record for good (a hard delete, or a purge from the Recycle Bin): it vanishes from query, queryAll
     * (no IsDeleted row), GET by id and getDeleted. A live record is deleted first (with the usual cascade), and
     * cascade-deleted children in the Recycle Bin go with it. Returns the number of rows purged (0 when unknown).
     */
    hardDelete(id: string): number {
        const id18 = to18(id);
        const def = id18 ? this.typeOf(id18) : undefined;
        const table = def ? this.tables.get(def.name) : undefined;
        const rec = id18 && table ? table.records.get(id18) : undefined;
        if (!id18 || !table || !rec) return 0;
        // A live record goes through delete() first for its cascade (objects the API can't delete are just purged).
        if (rec['IsDeleted'] !== true && table.def.deletable) this.delete(table.def.name, id18);
        let purged = this.purge(table, id18);
        for (const [child, fk] of CASCADES[table.def.name] ?? []) {
            const childTable = this.tables.get(child);
            if (!childTable) continue;
            for (const c of [...childTable.records.values()]) {
                if (c[fk] === id18 && c['IsDeleted'] === true) purged += this.purge(childTable, c['Id'] as string);
            }
        }
        this.version++;
        return purged;
    }

    /** Purges the Recycle Bin (every soft-deleted record, or those of one object). Returns the number of rows purged. */
    emptyRecycleBin(type?: string): number {
        const tables = type === undefined ? [...new Set(this.tables.values())] : [this.mustTable(type)];
        let purged = 0;
        for (const table of tables) {
            for (const rec of [...table.records.values()]) {
                if (rec['IsDeleted'] === true) purged += this.purge(table, rec['Id'] as string);
            }
        }
        this.version++;
        return purged;
    }

    private purge(table: Table, id18: string): number {
        const rec = table.records.get(id18);
        if (!rec) return 0;
        // Its delete-log entry goes too: Get Deleted can no longer vouch for deletes up to its deletion.
        if (rec['IsDeleted'] === true && typeof rec['SystemModstamp'] === 'number') this.raiseDeleteLogFloor(table.def.name, rec['SystemModstamp']);
        this.journal(table, id18, rec);
        table.records.delete(id18);
        this.recentIds.delete(id18);
        return 1;
    }

    // ------------------------------------------------------------------------------------ delete log

    /**
     * Purges the delete log that sObject Get Deleted reads: entries of records deleted before `before` are gone (of one
     * object, or of all), as the background purge of a large delete log or a Recycle Bin purge does ("Deleted records
     * are written to a delete log … A background process that runs every two hours purges records … Starting with the
     * oldest records", REST API "sObject Get Deleted"). Its earliestDateAvailable moves up to `before`; the records
     * themselves stay in the Recycle Bin (queryAll still shows them).
     */
    purgeDeleteLog(before: Date | string | number, type?: string): void {
        const ms = toMillis(before);
        const names = type === undefined ? [...new Set([...this.tables.values()].map((t) => t.def.name))] : [this.mustTable(type).def.name];
        for (const name of names) this.raiseDeleteLogFloor(name, ms);
    }

    /** Epoch ms before which the delete log of an object may be incomplete (Get Deleted's earliestDateAvailable). */
    deleteLogStart(type: string): number {
        const name = this.mustTable(type).def.name;
        return Math.max(this.initialDeleteLogFloor, this.deleteLogFloors.get(name) ?? -Infinity);
    }

    private raiseDeleteLogFloor(name: string, ms: number): void {
        this.deleteLogFloors.set(name, Math.max(this.deleteLogFloors.get(name) ?? -Infinity, ms));
    }

    // ------------------------------------------------------------------------------------ archived activities

    /**
     * Archives activities, as Salesforce's archival background process does with tasks and events over a year old
     * (SOAP API Developer Guide, "Archived Activities": query() "automatically filters out all records where isArchived
     * is set to true"; queryAll() returns them; they can still be updated or deleted; IsArchived itself can't be
     * written). Archiving touches SystemModstamp (issue 12; the docs don't say) unless `touch` is false. Returns the
     * 18-char ids. Throws for records of objects without IsArchived.
     */
    archive(ids: string | readonly string[], opts: { at?: Date | string | number; touch?: boolean } = {}): string[] {
        const at = opts.at === undefined ? this.now() : toMillis(opts.at);
        const out: string[] = [];
        for (const raw of typeof ids === 'string' ? [ids] : ids) {
            const rec = this.get(raw);
            const def = rec ? this.typeOf(rec['Id'] as string) : undefined;
            const table = def ? this.tables.get(def.name) : undefined;
            if (!rec || !def || !table) throw notFound(`No record with id ${raw}`);
            if (!def.byName.has('isarchived')) throw new Error(`${def.name} records can't be archived: only activities (Task) have IsArchived`);
            this.journal(table, rec['Id'] as string, rec);
            rec['IsArchived'] = true;
            if (opts.touch !== false) rec['SystemModstamp'] = at;
            out.push(rec['Id'] as string);
        }
        this.version++;
        return out;
    }

    // ------------------------------------------------------------------------------------ long transactions

    /**
     * Opens a long-running transaction (see LongTransaction): writes staged through it carry the time of their DML but
     * stay invisible, and their rows locked, until commit(). SystemModstamp is set when the DML runs, not at commit, so
     * a sync whose high-water mark passed that time while the transaction ran never sees them through
     * `SystemModstamp > hwm`; Get Updated's latestDateCovered warns of that ("If Salesforce executes a long-running
     * transaction on your instance, the value in this field is the start time of that long-running transaction until it
     * completes", SOAP API "GetUpdatedResult").
     */
    beginLongTransaction(opts: { at?: Date | string | number } = {}): LongTransaction {
        const startedAt = opts.at === undefined ? this.now() : toMillis(opts.at);
        const staged: StagedWrite[] = [];
        const ids: string[] = [];
        let open = true;
        const stampOf = (w?: LongWriteOptions): number => (w?.at === undefined ? Math.max(startedAt, this.now()) : toMillis(w.at));
        const mustBeOpen = (): void => {
            if (!open) throw new Error('the long transaction is already committed or rolled back');
        };
        const lockLive = (id: string): { type: string; id: string } => {
            const id18 = to18(id);
            const def = id18 ? this.typeOf(id18) : undefined;
            const table = def ? this.tables.get(def.name) : undefined;
            if (!id18 || !def || !table) throw notFound(`No record with id ${id}`);
            const rec = this.liveRecord(table, id18);
            const holder = this.locks.get(id18);
            if (holder && holder !== tx) this.checkLock(rec);
            this.locks.set(id18, tx);
            return { type: def.name, id: id18 };
        };
        const finish = (): void => {
            open = false;
            const i = this.longTransactions.indexOf(tx);
            if (i >= 0) this.longTransactions.splice(i, 1);
            for (const [id, holder] of [...this.locks]) if (holder === tx) this.locks.delete(id);
        };
        const tx: LongTransaction = {
            startedAt,
            commitsAt: undefined,
            get open() {
                return open;
            },
            ids,
            insert: (type, values = {}, w) => {
                mustBeOpen();
                const table = this.mustTable(type);
                const id = typeof values['Id'] === 'string' ? (to18(values['Id']) ?? values['Id']) : this.ids.next(table.def.keyPrefix);
                staged.push({ kind: 'insert', type: table.def.name, id, values: { ...values }, at: stampOf(w) });
                ids.push(id);
                return id;
            },
            update: (id, values = {}, w) => {
                mustBeOpen();
                const row = lockLive(id);
                staged.push({ kind: 'update', ...row, values: { ...values }, at: stampOf(w) });
                ids.push(row.id);
            },
            delete: (id, w) => {
                mustBeOpen();
                const row = lockLive(id);
                staged.push({ kind: 'delete', ...row, values: {}, at: stampOf(w) });
                ids.push(row.id);
            },
            commit: () => {
                mustBeOpen();
                finish();
                // its own unit of work: its triggers run when it commits, apart from the request that happens to settle it
                this.unitOfWork(() => {
                    for (const w of staged) this.applyStaged(w);
                });
                this.version++;
            },
            rollback: () => {
                mustBeOpen();
                finish();
            }
        };
        this.longTransactions.push(tx);
        return tx;
    }

    /** Commits a long transaction (or every open one). */
    commitLongTransaction(tx?: LongTransaction): void {
        for (const t of tx ? [tx] : [...this.longTransactions]) t.commit();
    }

    /**
     * A transaction that commits late, in one call: the records are created (or the ids touched, with `values`) with
     * SystemModstamp = stampedAt, and appear only once the clock reaches stampedAt + visibleAfterMs (committed on the
     * first Salesforce request from then on, or by settle()). Returns the ids written and the transaction (commit() it
     * to end it early).
     */
    lateCommit(opts: LateCommitOptions): { ids: string[]; transaction: LongTransaction } {
        const at = opts.stampedAt === undefined ? this.now() : toMillis(opts.stampedAt);
        const def = this.mustTable(opts.type).def;
        const tx = this.beginLongTransaction({ at });
        try {
            for (const rec of opts.records ?? []) tx.insert(def.name, rec, { at });
            for (const id of opts.ids ?? []) {
                const of = this.typeOf(to18(id) ?? id);
                if (of?.name !== def.name) throw new Error(`lateCommit: ${id} is not a ${def.name} id`);
                tx.update(id, opts.values ?? {}, { at });
            }
        } catch (err) {
            tx.rollback();
            throw err;
        }
        tx.commitsAt = at + opts.visibleAfterMs;
        this.settle();
        return { ids: [...tx.ids], transaction: tx };
    }

    /** Commits the long transactions whose commitsAt has come (the server calls this before every Salesforce request). */
    settle(): void {
        if (this.longTransactions.length === 0) return;
        const now = this.now();
        for (const tx of [...this.longTransactions]) if (tx.commitsAt !== undefined && tx.commitsAt <= now) tx.commit();
    }

    /** Long transactions still open, oldest first. */
    openLongTransactions(): LongTransaction[] {
        this.settle();
        return [...this.longTransactions];
    }

    /** Start of the oldest open long transaction (epoch ms), or undefined. */
    oldestOpenTransactionStart(): number | undefined {
        let min: number | undefined;
        for (const tx of this.longTransactions) if (min === undefined || tx.startedAt < min) min = tx.startedAt;
        return min;
    }

    private applyStaged(w: StagedWrite): void {
        const def = this.schema.definition(w.type);
        if (!def) return;
        const has = (f: string): boolean => def.byName.has(f.toLowerCase());
        if (w.kind === 'insert') {
            this.insertRaw(w.type, { ...w.values, Id: w.id, CreatedDate: w.values['CreatedDate'] ?? w.at, LastModifiedDate: w.values['LastModifiedDate'] ?? w.at, SystemModstamp: w.values['SystemModstamp'] ?? w.at });
            return;
        }
        const rec = this.get(w.id);
        // Gone (purged by a test) or deleted meanwhile by the system: nothing to apply.
        if (!rec || rec['IsDeleted'] === true) return;
        if (w.kind === 'delete') {
            this.delete(w.type, w.id, { at: w.at });
            return;
        }
        const stamps: Rec = { SystemModstamp: w.at };
        if (has('LastModifiedDate')) stamps['LastModifiedDate'] = w.at;
        if (has('LastModifiedById')) stamps['LastModifiedById'] = this.apiUserId || null;
        this.updateRaw(w.id, { ...w.values, ...stamps });
    }

    /** A row held by an open long transaction can't be written: UNABLE_TO_LOCK_ROW (400), as Salesforce answers. */
    private checkLock(rec: Rec): void {
        if (this.locks.size === 0) return;
        const id = rec['Id'] as string;
        if (this.locks.has(id)) throw new SfError(400, 'UNABLE_TO_LOCK_ROW', `unable to obtain exclusive access to this record or 1 records: ${id}`, []);
    }

    private softDelete(table: Table, rec: Rec, now: number): void {
        this.journal(table, rec['Id'] as string, rec);
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
                // Not an id at all → MALFORMED_ID; a well-formed id of another object (an Account owned by a queue,
                // a Contact id in AccountId) → FIELD_INTEGRITY_EXCEPTION; the right type but no such record →
                // INVALID_CROSS_REFERENCE_KEY.
                if (!id18) throw new SfError(400, 'MALFORMED_ID', `${fd.label}: id value of incorrect type: ${raw}`, [fd.name]);
                if (!target || !fd.referenceTo.includes(target.name)) {
                    throw new SfError(400, 'FIELD_INTEGRITY_EXCEPTION', `${fd.label}: id value of incorrect type: ${raw}`, [fd.name]);
                }
                const parent = this.tables.get(target.name)?.records.get(id18);
                if (!parent) throw new SfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, []);
                if (parent['IsDeleted'] === true) throw new SfError(400, 'ENTITY_IS_DELETED', 'entity is deleted', [fd.name]);
                // A queue owns only the objects listed in its QueueSobject rows ("Supported Objects").
                if (target.name === 'Group' && fd.name === 'OwnerId' && !this.queueSupports(id18, def.name)) {
                    throw new SfError(400, 'INVALID_OPERATION', 'Queue not associated with this SObject type', [fd.name]);
                }
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
                return s === '' ? null : s;
            }
        }
    }

    /** Fields Salesforce computes: names, auto numbers, Opportunity/Case/Task closed flags. */
    /**
     * Event: a timed event's ActivityDateTime is its StartDateTime, ActivityDate that instant's UTC date, and
     * DurationInMinutes the span to EndDateTime (or EndDateTime follows from the duration); an all-day event starts at
     * midnight UTC of ActivityDate and lasts whole days. AccountId follows WhatId (an account, or the account of an
     * opportunity or case), else the Who contact's account.
     */
    private deriveEvent(rec: Rec): void {
        const MINUTE = 60_000;
        const DAY_MS = 86_400_000;
        if (rec['IsAllDayEvent'] === true) {
            const day = typeof rec['ActivityDate'] === 'string' ? Date.parse(`${rec['ActivityDate']}T00:00:00Z`) : typeof rec['StartDateTime'] === 'number' ? Math.floor(rec['StartDateTime'] / DAY_MS) * DAY_MS : NaN;
            if (!Number.isNaN(day)) {
                const minutes = Math.max(1_440, Math.ceil((typeof rec['DurationInMinutes'] === 'number' ? rec['DurationInMinutes'] : 1_440) / 1_440) * 1_440);
                rec['ActivityDate'] = new Date(day).toISOString().slice(0, 10);
                rec['StartDateTime'] = day;
                rec['EndDateTime'] = day + minutes * MINUTE - DAY_MS;
                rec['DurationInMinutes'] = minutes;
                rec['ActivityDateTime'] = null;
            }
        } else if (typeof rec['StartDateTime'] === 'number' || typeof rec['ActivityDateTime'] === 'number') {
            const start = (typeof rec['StartDateTime'] === 'number' ? rec['StartDateTime'] : rec['ActivityDateTime']) as number;
            let end = typeof rec['EndDateTime'] === 'number' ? rec['EndDateTime'] : null;
            if (end === null && typeof rec['DurationInMinutes'] === 'number') end = start + rec['DurationInMinutes'] * MINUTE;
            end ??= start;
            rec['StartDateTime'] = start;
            rec['ActivityDateTime'] = start;
            rec['EndDateTime'] = end;
            rec['DurationInMinutes'] = Math.round((end - start) / MINUTE);
            rec['ActivityDate'] = new Date(start).toISOString().slice(0, 10);
        }
        rec['EndDate'] = typeof rec['EndDateTime'] === 'number' ? new Date(rec['EndDateTime']).toISOString().slice(0, 10) : null;
        const what = typeof rec['WhatId'] === 'string' ? this.get(rec['WhatId']) : undefined;
        const who = typeof rec['WhoId'] === 'string' ? this.get(rec['WhoId']) : undefined;
        const whatType = typeof rec['WhatId'] === 'string' ? this.typeOf(rec['WhatId'])?.name : undefined;
        rec['AccountId'] = whatType === 'Account' ? (rec['WhatId'] as string) : ((what?.['AccountId'] as string | undefined) ?? (who?.['AccountId'] as string | undefined) ?? null);
    }

    /** OpportunityLineItem: product, code and list price from the price book entry; Subtotal and TotalPrice from quantity, price and discount. */
    private deriveLineItem(rec: Rec, before: Rec | null): void {
        const entry = typeof rec['PricebookEntryId'] === 'string' ? this.get(rec['PricebookEntryId']) : undefined;
        if (entry) {
            rec['Product2Id'] = entry['Product2Id'] ?? null;
            rec['ProductCode'] = entry['ProductCode'] ?? null;
            rec['ListPrice'] = entry['UnitPrice'] ?? null;
            rec['UnitPrice'] ??= entry['UnitPrice'] ?? null;
        }
        if (before === null) {
            const opportunity = typeof rec['OpportunityId'] === 'string' ? this.get(rec['OpportunityId']) : undefined;
            rec['Name'] = [opportunity?.['Name'], entry?.['Name']].filter((v) => typeof v === 'string').join(' ') || null;
        }
        const quantity = typeof rec['Quantity'] === 'number' ? rec['Quantity'] : 0;
        const price = typeof rec['UnitPrice'] === 'number' ? rec['UnitPrice'] : 0;
        const subtotal = Math.round(quantity * price * 100) / 100;
        rec['Subtotal'] = subtotal;
        rec['TotalPrice'] = Math.round(subtotal * (1 - (typeof rec['Discount'] === 'number' ? rec['Discount'] : 0) / 100) * 100) / 100;
    }

    private derive(table: Table, rec: Rec, before: Rec | null, now: number): void {
        const def = table.def;
        if (this.schema.traits.stateCountryPicklists) normalizeAddressRaw(def, rec);
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
                const stage = this.stage(String(rec['StageName'] ?? ''));
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
            case 'Event':
                this.deriveEvent(rec);
                break;
            case 'PricebookEntry': {
                const product = typeof rec['Product2Id'] === 'string' ? this.get(rec['Product2Id']) : undefined;
                rec['Name'] = product?.['Name'] ?? null;
                rec['ProductCode'] = product?.['ProductCode'] ?? null;
                break;
            }
            case 'OpportunityLineItem':
                this.deriveLineItem(rec, before);
                break;
            case 'Attachment':
                rec['BodyLength'] = typeof rec['Body'] === 'string' ? Buffer.from(rec['Body'], 'base64').length : null;
                break;
            case 'Knowledge__kav':
                if (before === null) {
                    table.autoNumber++;
                    if (rec['KnowledgeArticleId'] === null || rec['KnowledgeArticleId'] === undefined) rec['KnowledgeArticleId'] = this.ids.next('kA0');
                    if (rec['ArticleNumber'] === null || rec['ArticleNumber'] === undefined) rec['ArticleNumber'] = String(100000 + table.autoNumber).padStart(9, '0');
                    if (rec['VersionNumber'] === null || rec['VersionNumber'] === undefined) rec['VersionNumber'] = 1;
                }
                if (rec['PublishStatus'] === 'Online' && (before === null || before['PublishStatus'] !== 'Online') && rec['LastPublishedDate'] === null) {
                    rec['LastPublishedDate'] = now;
                    rec['FirstPublishedDate'] ??= now;
                }
                break;
        }
    }

    /** Whether a Group is a queue that may own records of an object (a QueueSobject row links them). */
    queueSupports(groupId: string, objectName: string): boolean {
        const group = this.get(groupId);
        if (!group || group['Type'] !== 'Queue') return false;
        for (const qs of this.tables.get('QueueSobject')?.records.values() ?? []) {
            if (qs['QueueId'] === group['Id'] && qs['SobjectType'] === objectName) return true;
        }
        return false;
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

/** Epoch ms of a Date, an ISO string or a number. */
export function toMillis(when: Date | string | number): number {
    if (typeof when === 'number') return when;
    if (typeof when === 'string') {
        const ms = parseDateTime(when) ?? Date.parse(when);
        if (Number.isNaN(ms)) throw new Error(`Not a date: ${when}`);
        return ms;
    }
    return when.getTime();
}
