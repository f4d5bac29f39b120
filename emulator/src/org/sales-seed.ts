/**
 * Seed data of the calendar and product objects and of field history beyond accounts (see schema.ts, "calendar and
 * products", and HISTORY_TRACKING): events, products, price books and entries, opportunity line items, and the
 * history rows of opportunities, cases, contacts and leads. Drawn from a generator of its own and seeded after every
 * other object, so records seeded before keep their values and ids.
 */
import { HISTORY_TRACKING } from './schema.js';
import type { Org } from './store.js';
import { formatDate, type Rec } from './values.js';

const DAY = 86_400_000;

/** mulberry32, as seed.ts uses: small, fast, deterministic. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export interface SalesSeedContext {
    seed: number;
    now: number;
    users: readonly string[];
    accounts: readonly string[];
    contacts: readonly string[];
    leads: readonly string[];
    opps: readonly string[];
    cases: readonly string[];
    /** --volume keys Event, Product2, OpportunityLineItem. */
    events: number;
    products: number;
    lineItems: number;
}

/**
 * Events: timed ones of 30 to 120 minutes, some all-day, some private or free, a few recurring series (a master with
 * IsRecurrence and weekly occurrences pointing at it through RecurrenceActivityId). Products: each with a standard
 * price and, for half, a partner price. Line items on random opportunities.
 */
export function seedSales(org: Org, ctx: SalesSeedContext): void {
    const rnd = prng((ctx.seed ^ 0x0e7e_5a1e) >>> 0);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
    const admin = ctx.users[0] ?? null;
    const owner = (): string | null => (ctx.users.length > 1 ? pick(ctx.users.slice(1)) : admin);
    const stamps = (after: number): Rec => {
        const from = Math.max(after, ctx.now - 365 * DAY);
        const created = Math.floor((from + rnd() * (ctx.now - 1000 - from)) / 1000) * 1000;
        const modified = Math.min(ctx.now - 1000, created + Math.floor((rnd() * (ctx.now - created)) / 1000) * 1000);
        return { CreatedDate: created, LastModifiedDate: modified, SystemModstamp: modified, CreatedById: admin, LastModifiedById: admin };
    };
    const setup = ctx.now - 400 * DAY;
    if (org.tables.has('Event')) {
        let made = 0;
        while (made < ctx.events) {
            const st = stamps(0);
            const start = Math.floor(((st['CreatedDate'] as number) + int(-5, 40) * DAY) / 900_000) * 900_000;
            const allDay = rnd() < 0.15;
            const whoPool = rnd() < 0.8 ? ctx.contacts : ctx.leads;
            const whatPool = rnd() < 0.5 ? ctx.accounts : rnd() < 0.5 ? ctx.opps : ctx.cases;
            const base: Rec = {
                Subject: pick(['Meeting', 'Demo', 'Lunch', 'Quarterly review', 'Onboarding call', 'Site visit']) + (rnd() < 0.5 ? ` with ${pick(['Acme', 'Globex', 'Initech', 'Hooli'])}` : ''),
                Location: rnd() < 0.6 ? pick(['Zoom', 'Head office', 'Client site', 'Café Müller', 'Room 4B']) : null,
                WhoId: whoPool.length > 0 && rnd() < 0.7 ? pick(whoPool) : null,
                WhatId: whatPool.length > 0 && rnd() < 0.7 ? pick(whatPool) : null,
                OwnerId: owner(),
                IsAllDayEvent: allDay,
                ShowAs: pick(['Busy', 'Busy', 'Busy', 'OutOfOffice', 'Free']),
                IsPrivate: rnd() < 0.1,
                Type: pick(['Call', 'Meeting', 'Meeting', 'Other', null]),
                EventSubtype: 'Event',
                Description: rnd() < 0.3 ? 'Seeded event' : null,
                ...(allDay ? { ActivityDate: formatDate(start), DurationInMinutes: 1_440 * int(1, 2) } : { StartDateTime: start, EndDateTime: start + int(2, 8) * 900_000 }),
                ...st
            };
            const master = org.insertRaw('Event', base);
            made++;
            if (!allDay && rnd() < 0.05 && made + 2 <= ctx.events) {
                Object.assign(master, { IsRecurrence: true, RecurrenceType: 'RecursWeekly', RecurrenceInterval: 1, RecurrenceStartDateTime: start, RecurrenceEndDateOnly: formatDate(start + 14 * DAY) });
                for (let w = 1; w <= 2; w++) {
                    org.insertRaw('Event', { ...base, StartDateTime: start + w * 7 * DAY, EndDateTime: (base['EndDateTime'] as number) + w * 7 * DAY, RecurrenceActivityId: master['Id'] as string });
                    made++;
                }
            }
        }
    }
    if (org.tables.has('Product2') && org.tables.has('PricebookEntry') && org.tables.has('OpportunityLineItem')) {
        const audit: Rec = { CreatedDate: setup, LastModifiedDate: setup, SystemModstamp: setup, CreatedById: admin, LastModifiedById: admin };
        const standard = org.insertRaw('Pricebook2', { Name: 'Standard Price Book', IsActive: true, IsStandard: true, ...audit });
        const partner = org.insertRaw('Pricebook2', { Name: 'Partner Price Book', Description: 'Resellers', IsActive: true, IsStandard: false, ...audit });
        const entries: string[] = [];
        for (let i = 0; i < ctx.products; i++) {
            const family = pick(['Hardware', 'Software', 'Services']);
            const product = org.insertRaw('Product2', {
                Name: `${pick(['Gen', 'Pro', 'Edge', 'Core', 'Flex'])} ${family === 'Services' ? pick(['Installation', 'Training', 'Support']) : pick(['Router', 'Suite', 'Sensor', 'License', 'Gateway'])} ${i + 1}`,
                ProductCode: `PRD-${String(i + 1).padStart(4, '0')}`,
                Family: family,
                IsActive: rnd() < 0.9,
                QuantityUnitOfMeasure: family === 'Services' ? 'Hours' : 'Each',
                ...audit
            });
            const price = int(1, 400) * 25;
            const id = product['Id'] as string;
            entries.push(org.insertRaw('PricebookEntry', { Pricebook2Id: standard['Id'] as string, Product2Id: id, UnitPrice: price, IsActive: true, ...audit })['Id'] as string);
            if (rnd() < 0.5) org.insertRaw('PricebookEntry', { Pricebook2Id: partner['Id'] as string, Product2Id: id, UnitPrice: Math.round(price * 90) / 100, IsActive: true, ...audit });
        }
        const sortOrder = new Map<string, number>();
        for (let i = 0; i < ctx.lineItems && entries.length > 0 && ctx.opps.length > 0; i++) {
            const opportunityId = pick(ctx.opps);
            const opportunity = org.get(opportunityId);
            const n = (sortOrder.get(opportunityId) ?? 0) + 1;
            sortOrder.set(opportunityId, n);
            org.insertRaw('OpportunityLineItem', {
                OpportunityId: opportunityId,
                PricebookEntryId: pick(entries),
                Quantity: rnd() < 0.8 ? int(1, 20) : int(1, 40) / 4,
                Discount: rnd() < 0.3 ? pick([5, 10, 12.5, 20]) : null,
                ServiceDate: rnd() < 0.5 ? ((opportunity?.['CloseDate'] as string | undefined) ?? null) : null,
                Description: rnd() < 0.3 ? pick(['Year one', 'Pilot', 'Add-on seats']) : null,
                SortOrder: n,
                ...stamps((opportunity?.['CreatedDate'] as number | undefined) ?? 0)
            });
        }
    }
    seedHistory(org, ctx, rnd);
}

/**
 * Field history of opportunities, cases, contacts and leads: a 'created' row and a change or two whose new value is
 * the record's current one (a lookup writes two rows: ids, then names). Capped at 2,000 parents per object.
 */
function seedHistory(org: Org, ctx: SalesSeedContext, rnd: () => number): void {
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const admin = ctx.users[0] ?? null;
    const OTHER: Record<string, readonly (string | number)[]> = {
        StageName: ['Prospecting', 'Qualification', 'Needs Analysis'],
        Amount: [5_000, 25_000, 120_000],
        CloseDate: ['2025-03-31', '2025-06-30', '2025-12-31'],
        Probability: [10, 20, 50],
        Status: ['New', 'Working', 'Open - Not Contacted', 'Working - Contacted'],
        Priority: ['High', 'Low'],
        Email: ['old.address@example.com', 'info@example.org'],
        Title: ['Manager', 'Analyst'],
        Phone: ['(415) 555-0100', '(212) 555-0199'],
        Rating: ['Hot', 'Warm', 'Cold']
    };
    const DATA_TYPES: Record<string, string> = { Amount: 'Currency', CloseDate: 'DateOnly', Probability: 'Percent', Email: 'Email', Phone: 'Phone', Title: 'Text' };
    const userName = (id: unknown): string | null => (typeof id === 'string' ? ((org.get(id)?.['Name'] as string | undefined) ?? null) : null);
    const parents: Record<string, readonly string[]> = { Opportunity: ctx.opps, Case: ctx.cases, Contact: ctx.contacts, Lead: ctx.leads };
    for (const [parent, ids] of Object.entries(parents)) {
        const tracking = HISTORY_TRACKING[parent];
        if (!tracking || !org.tables.has(tracking.history)) continue;
        const names = Object.keys(tracking.fields);
        for (const id of ids.slice(0, 2000)) {
            if (rnd() >= 0.5) continue;
            const rec = org.get(id);
            if (!rec) continue;
            const created = rec['CreatedDate'] as number;
            const modified = Math.max(created, rec['LastModifiedDate'] as number);
            const row = (Field: string, DataType: string | null, OldValue: Rec[string], NewValue: Rec[string], at: number): void => {
                org.insertRaw(tracking.history, { [tracking.parentField]: id, Field, DataType, OldValue, NewValue, CreatedById: admin, CreatedDate: at });
            };
            row('created', null, null, null, created);
            for (let i = 1 + Math.floor(rnd() * 2); i > 0; i--) {
                const at = created + Math.floor((rnd() * (modified - created)) / 1000) * 1000;
                const name = pick(names);
                const field = tracking.fields[name] as string;
                const current = rec[field] ?? null;
                if (field === 'OwnerId') {
                    const previous = pick(ctx.users);
                    if (previous === current) continue;
                    row(name, 'EntityId', previous, current, at);
                    row(name, 'Text', userName(previous), userName(current), at);
                    continue;
                }
                const previous = pick(OTHER[field] ?? [null]);
                if (previous === current) continue;
                row(name, DATA_TYPES[field] ?? 'DynamicEnum', previous, current, at);
            }
        }
    }
}
