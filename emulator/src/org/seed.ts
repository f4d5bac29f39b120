/**
 * Deterministic org data from a seed, with a small PRNG and word lists of our own (no faker: seeding
 * 100k records per object must take seconds, and the data only has to look plausible).
 */
import type { Org } from './store.js';
import { ACCOUNT_TRACKED_FIELDS, CAMPAIGN_STATUSES, CAMPAIGN_TYPES, CASE_STATUSES, CURRENCY_OBJECTS, INVOICE_STATUSES } from './schema.js';
import { DEFAULT_MEMBER_STATUSES, settleSeededCounts } from './campaigns.js';
import { formatDate, type Rec } from './values.js';
import { seedSales } from './sales-seed.js';
import { seedAnalytics } from './analytics.js';
import { seedLeadProcesses } from './lead-processes.js';

export const SEEDED_OBJECTS = ['User', 'Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Task', 'Invoice__c', 'CaseComment', 'EmailMessage', 'Knowledge__kav', 'Event', 'Product2', 'OpportunityLineItem', 'Campaign', 'CampaignMember'] as const;
export type SeededObject = (typeof SEEDED_OBJECTS)[number];

export interface SeedOptions {
    seed: number;
    volume: number | Partial<Record<string, number>>;
    /** Seeded timestamps fall in the year before this instant. */
    now: number;
    /** Per object, how many records (oldest first) share one SystemModstamp, e.g. `{ Contact: 5000 }`. */
    tiedModstamps?: Partial<Record<string, number>>;
    /** How many of the seeded Tasks are old, closed and archived (IsArchived = true: queryAll only). Default 0. */
    archivedTasks?: number;
    /**
     * Objects (of LEAN_OBJECTS) seeded with a minimal field set by a faster generator, for volume tests: Account gets
     * Name, Contact FirstName, LastName, Email and AccountId, both their owner and audit fields; every other field stays
     * at its default. Their values differ from a full seed's.
     */
    lean?: readonly string[];
}

/** Objects the lean generator knows. */
export const LEAN_OBJECTS = ['Account', 'Contact'] as const;

/** mulberry32: tiny, fast, good enough for test data. */
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

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Chris', 'Karen', 'Daniel', 'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Sandra', 'Mark', 'Ashley', 'Paul', 'Emily', 'Steven', 'Donna', 'Andrew', 'Michelle', 'Kenji', 'Amélie', 'Zoë', "O'Brien", 'Søren', 'Priya'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', "O'Connor", 'Müller', 'Nakamura', 'Dubois', 'Kowalski'];
const CO_A = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Wonka', 'Cyberdyne', 'Soylent', 'Tyrell', 'Aperture', 'Gringotts', 'Oscorp', 'Massive', 'Blue Sun', 'Nakatomi', 'Duff', 'Pied Piper'];
const CO_B = ['Industries', 'Corp', 'Systems', 'Labs', 'Holdings', 'Group', 'Partners', 'Logistics', 'Dynamics', 'Solutions', '& Sons', 'Ventures', 'Networks', 'Analytics', 'Foods'];
const CITIES: Array<[string, string, string]> = [
    ['San Francisco', 'CA', 'USA'], ['New York', 'NY', 'USA'], ['Austin', 'TX', 'USA'], ['Chicago', 'IL', 'USA'], ['Seattle', 'WA', 'USA'],
    ['London', '', 'United Kingdom'], ['Paris', '', 'France'], ['Berlin', '', 'Germany'], ['Tokyo', '', 'Japan'], ['Toronto', 'ON', 'Canada']
];
const STREETS = ['Main St', 'Market St', 'Oak Ave', 'Pine Rd', 'Maple Dr', 'Elm St', 'Broadway', 'High St', 'Park Ave', 'Cedar Ln'];
const INDUSTRIES = ['Banking', 'Biotechnology', 'Communications', 'Consulting', 'Education', 'Energy', 'Finance', 'Healthcare', 'Insurance', 'Manufacturing', 'Media', 'Retail', 'Technology', null];
const TITLES = ['CEO', 'CTO', 'VP Sales', 'Director of Operations', 'Account Manager', 'Engineer', 'Buyer', 'Procurement Lead', 'Office Manager', null];
const SUBJECTS = ['Cannot log in', 'Invoice question', 'Shipment delayed', 'Feature request', 'Billing address change', 'Product defect', 'Password reset', 'Upgrade inquiry', 'Refund request', 'Integration error'];
const TASK_SUBJECTS = ['Call', 'Send quote', 'Follow up', 'Email', 'Demo', 'Send contract', 'Check in'];
const DOMAINS = ['example.com', 'example.org', 'example.net'];

const DAY = 86_400_000;

export function seedOrg(org: Org, opts: SeedOptions): void {
    const rnd = prng(opts.seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
    const volume = (type: string): number => {
        if (typeof opts.volume === 'number') return opts.volume;
        return opts.volume[type] ?? opts.volume['default'] ?? 25;
    };

    // Timestamps: created within the past year, whole seconds; about one record in ten shares its
    // predecessor's SystemModstamp (ties happen in real orgs: bulk loads, workflow).
    let lastStamp = 0;
    const stamps = (): Rec => {
        const created = Math.floor((opts.now - int(1, 365) * DAY - int(0, DAY - 1)) / 1000) * 1000;
        const modified = Math.min(opts.now - 1000, created + Math.floor(rnd() * (opts.now - created) / 1000) * 1000);
        const system = lastStamp > created && rnd() < 0.1 ? lastStamp : modified;
        lastStamp = system;
        return { CreatedDate: created, LastModifiedDate: Math.min(modified, system), SystemModstamp: system };
    };
    const person = (): { FirstName: string; LastName: string } => ({ FirstName: pick(FIRST), LastName: pick(LAST) });
    const phone = (): string => `(${int(200, 989)}) 555-${String(int(0, 9999)).padStart(4, '0')}`;

    // Profiles and roles: fixed small sets.
    const profiles = ['System Administrator', 'Standard User', 'Sales User', 'Support User', 'Integration User'].map((Name) =>
        org.insertRaw('Profile', { Name, UserType: 'Standard', CreatedDate: opts.now - 400 * DAY, LastModifiedDate: opts.now - 400 * DAY, SystemModstamp: opts.now - 400 * DAY })
    );
    const ceo = org.insertRaw('UserRole', { Name: 'CEO', DeveloperName: 'CEO', CreatedDate: opts.now - 400 * DAY });
    const roles = [ceo, ...['VP Sales', 'Sales Rep', 'Support Manager', 'Support Agent'].map((Name) => org.insertRaw('UserRole', { Name, DeveloperName: Name.replace(/ /g, '_'), ParentRoleId: ceo['Id'] ?? null, CreatedDate: opts.now - 400 * DAY }))];

    // Picklist-master rows: LeadStatus and OpportunityStage (read-only, queryable).
    const setup = opts.now - 400 * DAY;
    org.schema.leadStatuses.forEach((ls, i) =>
        org.insertRaw('LeadStatus', { MasterLabel: ls.label ?? ls.name, ApiName: ls.name, SortOrder: i + 1, IsDefault: ls.isDefault === true, IsConverted: ls.isConverted, CreatedDate: setup })
    );
    seedLeadProcesses(org, org.schema.leadProcesses, setup);
    org.schema.opportunityStages.forEach((st, i) =>
        org.insertRaw('OpportunityStage', {
            MasterLabel: st.label ?? st.name,
            ApiName: st.name,
            IsActive: st.isActive !== false,
            SortOrder: i + 1,
            IsClosed: st.isClosed,
            IsWon: st.isWon,
            ForecastCategory: st.forecast === 'Best Case' ? 'BestCase' : st.forecast === 'Commit' ? 'Forecast' : st.forecast,
            ForecastCategoryName: st.forecast,
            DefaultProbability: st.probability,
            Description: null,
            CreatedDate: setup
        })
    );

    // Users: the first one is the API (integration) user the access token belongs to.
    const users: string[] = [];
    const nUsers = Math.max(1, volume('User'));
    for (let i = 0; i < nUsers; i++) {
        const p = i === 0 ? { FirstName: 'Integration', LastName: 'User' } : person();
        const alias = `${p.FirstName.slice(0, 1)}${p.LastName.slice(0, 4)}${i}`.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 8);
        const email = `${p.FirstName}.${p.LastName}.${i}@${pick(DOMAINS)}`.toLowerCase().replace(/[^a-z0-9.@]/g, '');
        const rec = org.insertRaw('User', {
            ...p,
            Username: i === 0 ? `integration@emulator.${org.orgId.slice(0, 15).toLowerCase()}.example.com` : `${email}.emulator`,
            Email: email,
            Alias: alias,
            CommunityNickname: alias + i,
            IsActive: i === 0 || rnd() > 0.1,
            UserType: 'Standard',
            Title: pick(TITLES),
            Department: pick(['Sales', 'Support', 'Marketing', 'Engineering', 'Finance']),
            Phone: phone(),
            ProfileId: (i === 0 ? profiles[4] : pick(profiles))?.['Id'] ?? null,
            UserRoleId: i === 0 ? null : pick(roles)['Id'] ?? null,
            ManagerId: i > 1 && rnd() < 0.7 ? (users[int(1, i - 1)] ?? null) : null,
            TimeZoneSidKey: pick(['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Europe/Paris', 'Asia/Tokyo']),
            LocaleSidKey: 'en_US',
            LanguageLocaleKey: 'en_US',
            EmailEncodingKey: 'UTF-8',
            LastLoginDate: opts.now - int(0, 30) * DAY,
            CreatedById: users[0] ?? null,
            ...stamps()
        });
        users.push(rec['Id'] as string);
        if (i === 0) {
            org.apiUserId = rec['Id'] as string;
            rec['CreatedById'] = rec['Id'] ?? null;
            rec['LastModifiedById'] = rec['Id'] ?? null;
        }
    }
    const owner = (): string => (users.length > 1 ? (users[int(1, users.length - 1)] as string) : (users[0] as string));
    const audit = (): Rec => ({ OwnerId: owner(), CreatedById: users[0] ?? null, LastModifiedById: users[0] ?? null, ...stamps() });

    const lean = new Set((opts.lean ?? []).map((t) => t.toLowerCase()));
    const accounts: string[] = [];
    const nAccounts = volume('Account');
    for (let i = 0; lean.has('account') && i < nAccounts; i++) {
        const rec = org.insertRaw('Account', { Name: `${pick(CO_A)} ${pick(CO_B)} ${i}`, ...audit() });
        accounts.push(rec['Id'] as string);
    }
    for (let i = 0; !lean.has('account') && i < nAccounts; i++) {
        const [city, state, country] = pick(CITIES);
        const name = `${pick(CO_A)} ${pick(CO_B)}${i >= CO_A.length * CO_B.length ? ` ${i}` : ''}`;
        const rec = org.insertRaw('Account', {
            Name: name,
            Type: pick(['Prospect', 'Customer - Direct', 'Customer - Channel', 'Technology Partner', null]),
            ParentId: i > 10 && rnd() < 0.05 ? (accounts[int(0, 9)] ?? null) : null,
            BillingStreet: `${int(1, 9999)} ${pick(STREETS)}`,
            BillingCity: city,
            BillingState: state || null,
            BillingPostalCode: String(int(10000, 99999)),
            BillingCountry: country,
            ShippingCity: rnd() < 0.5 ? city : null,
            ShippingCountry: rnd() < 0.5 ? country : null,
            Phone: phone(),
            AccountNumber: `CD${String(100000 + i)}`,
            Website: `https://www.${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example.com`,
            Industry: pick(INDUSTRIES),
            AnnualRevenue: rnd() < 0.8 ? int(1, 5000) * 10_000 : null,
            NumberOfEmployees: rnd() < 0.8 ? int(1, 50_000) : null,
            Rating: pick(['Hot', 'Warm', 'Cold', null]),
            Description: rnd() < 0.3 ? `Seeded account ${i}` : null,
            ...audit()
        });
        accounts.push(rec['Id'] as string);
    }
    const account = (p = 0.9): string | null => (accounts.length > 0 && rnd() < p ? (accounts[int(0, accounts.length - 1)] as string) : null);

    const contacts: string[] = [];
    const nContacts = volume('Contact');
    for (let i = 0; lean.has('contact') && i < nContacts; i++) {
        const first = pick(FIRST);
        const last = pick(LAST);
        const rec = org.insertRaw('Contact', { FirstName: first, LastName: last, AccountId: account(), Email: `c${i}@${pick(DOMAINS)}`, ...audit() });
        contacts.push(rec['Id'] as string);
    }
    for (let i = 0; !lean.has('contact') && i < nContacts; i++) {
        const p = person();
        const [city, state, country] = pick(CITIES);
        const rec = org.insertRaw('Contact', {
            FirstName: p.FirstName,
            LastName: p.LastName,
            AccountId: account(),
            Salutation: pick(['Mr.', 'Ms.', 'Dr.', null]),
            MailingCity: city,
            MailingState: state || null,
            MailingCountry: country,
            Phone: phone(),
            MobilePhone: rnd() < 0.5 ? phone() : null,
            Email: `${p.FirstName}.${p.LastName}.${i}@${pick(DOMAINS)}`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
            Title: pick(TITLES),
            Department: pick(['Sales', 'IT', 'Finance', 'Operations', null]),
            LeadSource: pick(['Web', 'Phone Inquiry', 'Partner Referral', 'Other', null]),
            Birthdate: rnd() < 0.3 ? formatDate(Date.UTC(int(1950, 2000), int(0, 11), int(1, 28))) : null,
            HasOptedOutOfEmail: rnd() < 0.1,
            ...audit()
        });
        contacts.push(rec['Id'] as string);
    }

    const leads: string[] = [];
    for (let i = 0; i < volume('Lead'); i++) {
        const p = person();
        const rec = org.insertRaw('Lead', {
            FirstName: p.FirstName,
            LastName: p.LastName,
            Company: `${pick(CO_A)} ${pick(CO_B)}`,
            Title: pick(TITLES),
            City: pick(CITIES)[0],
            Phone: phone(),
            Email: `${p.FirstName}.${p.LastName}.lead${i}@${pick(DOMAINS)}`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
            LeadSource: pick(['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']),
            Status: pick(org.schema.leadStatuses.filter((s) => !s.isConverted).map((s) => s.name)),
            Industry: pick(INDUSTRIES),
            Rating: pick(['Hot', 'Warm', 'Cold', null]),
            ...audit()
        });
        leads.push(rec['Id'] as string);
    }

    const opps: string[] = [];
    for (let i = 0; i < volume('Opportunity'); i++) {
        const stage = pick(org.schema.opportunityStages.filter((st) => st.isActive !== false));
        const st = audit();
        const rec = org.insertRaw('Opportunity', {
            AccountId: account(0.95),
            Name: `${pick(CO_A)} - ${pick(['New Business', 'Renewal', 'Upsell', 'Expansion'])} ${i + 1}`,
            StageName: stage.name,
            Amount: rnd() < 0.9 ? int(1, 2000) * 500 : null,
            CloseDate: formatDate((st['CreatedDate'] as number) + int(10, 200) * DAY),
            Type: pick(['Existing Customer - Upgrade', 'New Customer', null]),
            LeadSource: pick(['Web', 'Partner Referral', 'Other', null]),
            NextStep: rnd() < 0.4 ? pick(['Send proposal', 'Schedule demo', 'Legal review']) : null,
            ...st
        });
        opps.push(rec['Id'] as string);
    }

    const cases: string[] = [];
    for (let i = 0; i < volume('Case'); i++) {
        const st = audit();
        const status = pick(CASE_STATUSES);
        const contactId = contacts.length > 0 && rnd() < 0.8 ? (contacts[int(0, contacts.length - 1)] as string) : null;
        const contact = contactId ? org.get(contactId) : undefined;
        const rec = org.insertRaw('Case', {
            ContactId: contactId,
            AccountId: (contact?.['AccountId'] as string | null | undefined) ?? account(0.5),
            Subject: pick(SUBJECTS),
            Description: rnd() < 0.7 ? `Customer reports: ${pick(SUBJECTS).toLowerCase()}.` : null,
            Status: status,
            Priority: pick(['High', 'Medium', 'Low']),
            Origin: pick(['Phone', 'Email', 'Web']),
            Type: pick(['Mechanical', 'Electrical', 'Electronic', 'Other', null]),
            Reason: pick(['Installation', 'Performance', 'Breakdown', 'Feedback', null]),
            IsEscalated: status === 'Escalated',
            ClosedDate: status === 'Closed' ? st['LastModifiedDate'] ?? null : null,
            ...st
        });
        cases.push(rec['Id'] as string);
    }

    const tasks: string[] = [];
    for (let i = 0; i < volume('Task'); i++) {
        const st = audit();
        const status = pick(['Not Started', 'In Progress', 'Completed', 'Completed']);
        const whatPool = rnd() < 0.5 ? accounts : rnd() < 0.5 ? opps : cases;
        const whoPool = rnd() < 0.8 ? contacts : leads;
        const task = org.insertRaw('Task', {
            Subject: `${pick(TASK_SUBJECTS)}${rnd() < 0.5 ? ` ${pick(LAST)}` : ''}`,
            WhoId: whoPool.length > 0 && rnd() < 0.8 ? (whoPool[int(0, whoPool.length - 1)] as string) : null,
            WhatId: whatPool.length > 0 && rnd() < 0.8 ? (whatPool[int(0, whatPool.length - 1)] as string) : null,
            ActivityDate: formatDate((st['CreatedDate'] as number) + int(0, 30) * DAY),
            Status: status,
            Priority: pick(['High', 'Normal', 'Normal', 'Low']),
            TaskSubtype: pick(['Task', 'Call', 'Email']),
            Description: rnd() < 0.4 ? 'Seeded activity' : null,
            ...st
        });
        tasks.push(task['Id'] as string);
    }
    archiveSeededTasks(org, tasks, opts);

    for (let i = 0; i < volume('Invoice__c'); i++) {
        const st = audit();
        org.insertRaw('Invoice__c', {
            Amount__c: int(100, 1_000_000) / 100,
            Status__c: pick(INVOICE_STATUSES),
            Due_Date__c: formatDate((st['CreatedDate'] as number) + 30 * DAY),
            Account__c: account(0.95),
            External_Id__c: `INV-EXT-${String(i + 1).padStart(6, '0')}`,
            Paid__c: rnd() < 0.4,
            Description__c: rnd() < 0.3 ? 'Seeded invoice' : null,
            ...st
        });
    }

    // Case conversation: comments and emails. Children are created after their case and, as in Salesforce,
    // never touch the parent's SystemModstamp.
    const childStamps = (parentId: string): Rec => {
        const parent = org.get(parentId);
        const base = (parent?.['CreatedDate'] as number | undefined) ?? opts.now - 30 * DAY;
        const created = Math.min(opts.now - 1000, base + int(1, 30 * 24) * 3_600_000);
        return { CreatedDate: created, LastModifiedDate: created, SystemModstamp: created, CreatedById: users[int(0, users.length - 1)] ?? null, LastModifiedById: users[0] ?? null };
    };
    if (cases.length > 0) {
        for (let i = 0; i < volume('CaseComment'); i++) {
            const parent = cases[int(0, cases.length - 1)] as string;
            org.insertRaw('CaseComment', {
                ParentId: parent,
                CommentBody: pick(['Customer called back, still waiting on the fix.', 'Reproduced on our side.', 'Sent the workaround by email.', 'Escalated to tier 2.', 'Closing: confirmed resolved.']),
                IsPublished: rnd() < 0.5,
                ...childStamps(parent)
            });
        }
        for (let i = 0; i < volume('EmailMessage'); i++) {
            const parent = cases[int(0, cases.length - 1)] as string;
            const incoming = rnd() < 0.6;
            const st = childStamps(parent);
            const subject = `${pick(SUBJECTS)} [ ref:_${parent.slice(0, 10)}:ref ]`;
            const text = incoming ? 'Hello, we still see the problem this morning. Regards' : 'Hi, thanks for reaching out. We are looking into it.';
            org.insertRaw('EmailMessage', {
                ParentId: parent,
                RelatedToId: parent,
                Subject: subject,
                TextBody: text,
                HtmlBody: `<p>${text}</p>`,
                FromAddress: incoming ? `customer${i}@example.com` : 'support@emulator.example.com',
                FromName: incoming ? `${pick(FIRST)} ${pick(LAST)}` : 'Support',
                ToAddress: incoming ? 'support@emulator.example.com' : `customer${i}@example.com`,
                Incoming: incoming,
                MessageDate: st['CreatedDate'] ?? null,
                Status: incoming ? pick(['0', '1', '2']) : '3',
                IsExternallyVisible: true,
                ...st
            });
        }
    }

    // Knowledge: articles with several versions (one latest per article) and some translations.
    if (org.schema.knowledge) {
        const TOPICS = ['Reset your password', 'Update billing details', 'Configure single sign-on', 'Export your data', 'Troubleshoot sync errors', 'Invite team members', 'Change your plan', 'Set up two-factor authentication'];
        const nArticles = volume('Knowledge__kav');
        for (let i = 0; i < nArticles; i++) {
            const title = `${pick(TOPICS)}${i >= TOPICS.length ? ` (${i + 1})` : ''}`;
            const articleId = org.ids.next('kA0');
            const number = String(1000 + i).padStart(9, '0');
            const versions = int(1, 3);
            const st = audit();
            for (let v = 1; v <= versions; v++) {
                const latest = v === versions;
                const status = latest ? pick(['Online', 'Online', 'Online', 'Draft', 'Archived']) : 'Archived';
                const stamp = (st['SystemModstamp'] as number) - (versions - v) * DAY;
                const languages = latest && status === 'Online' && rnd() < 0.3 ? ['en_US', 'fr'] : ['en_US'];
                for (const language of languages) {
                    org.insertRaw('Knowledge__kav', {
                        KnowledgeArticleId: articleId,
                        ArticleNumber: number,
                        Title: language === 'fr' ? `[FR] ${title}` : title,
                        Summary: `How to ${title.toLowerCase()}.`,
                        UrlName: `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-+$/, '')}-${i + 1}${language === 'en_US' ? '' : `-${language}`}`,
                        PublishStatus: status,
                        Language: language,
                        IsLatestVersion: latest,
                        IsMasterLanguage: language === 'en_US',
                        IsVisibleInPkb: rnd() < 0.5,
                        VersionNumber: v,
                        FirstPublishedDate: st['CreatedDate'] ?? null,
                        LastPublishedDate: status === 'Draft' ? null : stamp,
                        ArchivedDate: status === 'Archived' ? stamp : null,
                        Answer__c: `<p>To ${title.toLowerCase()}, open <b>Settings</b> and follow the steps.</p>`,
                        CreatedDate: st['CreatedDate'] ?? null,
                        LastModifiedDate: stamp,
                        SystemModstamp: stamp,
                        CreatedById: users[0] ?? null,
                        LastModifiedById: users[0] ?? null
                    });
                }
            }
        }
    }

    seedProductionData(org, { seed: opts.seed, now: opts.now, users, accounts, leads, cases });
    seedCampaigns(org, { seed: opts.seed, now: opts.now, users, leads, contacts, campaigns: volume('Campaign'), members: volume('CampaignMember') });
    seedSales(org, { seed: opts.seed, now: opts.now, users, accounts, contacts, leads, opps, cases, events: volume('Event'), products: volume('Product2'), lineItems: volume('OpportunityLineItem') });
    seedAnalytics(org, opts.now);

    for (const [type, count] of Object.entries(opts.tiedModstamps ?? {})) {
        if (count !== undefined && count > 0) org.tieSystemModstamps(type, count);
    }

    // A few recently viewed records, so /recent is not empty in a fresh org.
    for (const type of ['Account', 'Contact', 'Lead', 'Opportunity', 'Case']) {
        for (const rec of org.list(type).slice(-2)) org.touchRecent(rec['Id'] as string);
    }
}

/**
 * Turns the first `archivedTasks` seeded Tasks into archived ones, as Salesforce's archival process leaves them
 * ("Archived Activities": tasks with IsClosed true and an ActivityDate 365 days old or more are archived): completed,
 * created 400–700 days ago, and archived — SystemModstamp then — a year after their due date. Drawn from a generator
 * of its own, so the other seeded records keep their values.
 */
function archiveSeededTasks(org: Org, tasks: readonly string[], opts: SeedOptions): void {
    const n = Math.min(opts.archivedTasks ?? 0, tasks.length);
    if (n <= 0) return;
    const rnd = prng((opts.seed ^ 0x0a5c_41fe) >>> 0);
    const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
    for (let i = 0; i < n; i++) {
        const rec = org.get(tasks[i] as string);
        if (!rec) continue;
        const created = Math.floor((opts.now - int(400, 700) * DAY) / 1000) * 1000;
        const due = created + int(0, 30) * DAY;
        const archivedAt = Math.min(opts.now - 1000, due + 365 * DAY + int(1, 23) * 3_600_000);
        Object.assign(rec, {
            Status: 'Completed',
            IsClosed: true,
            ActivityDate: formatDate(due),
            CreatedDate: created,
            LastModifiedDate: Math.min(archivedAt, due + int(0, 5) * DAY),
            SystemModstamp: archivedAt,
            IsArchived: true
        });
    }
}

/**
 * What a production org has besides the records themselves (issue 11): record types, queues (and the objects they may
 * own) owning a share of Leads, Cases and Invoices, field history of accounts, and in a multi-currency org the
 * currencies and a spread of records over them. Drawn from a second generator, so the records seeded above keep the
 * values they had before these traits existed.
 */
function seedProductionData(org: Org, ctx: { seed: number; now: number; users: string[]; accounts: string[]; leads: string[]; cases: string[] }): void {
    const rnd = prng((ctx.seed ^ 0x51ed_7ab1) >>> 0);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const setup = ctx.now - 400 * DAY;
    const admin = ctx.users[0] ?? null;
    const audit: Rec = { CreatedDate: setup, LastModifiedDate: setup, SystemModstamp: setup, CreatedById: admin, LastModifiedById: admin };

    // Record types: two per object (one Case record type inactive), as an org with several business processes has.
    const recordTypes: Array<[string, string, string, boolean]> = [
        ['Account', 'Customer', 'Customer', true],
        ['Account', 'Partner', 'Partner', true],
        ['Opportunity', 'New Business', 'New_Business', true],
        ['Opportunity', 'Renewal', 'Renewal', true],
        ['Case', 'Support', 'Support', true],
        ['Case', 'Billing', 'Billing', false]
    ];
    for (const [SobjectType, Name, DeveloperName, IsActive] of recordTypes) {
        org.insertRaw('RecordType', { Name, DeveloperName, SobjectType, IsActive, Description: `${Name} ${SobjectType.toLowerCase()}s`, NamespacePrefix: null, BusinessProcessId: null, ...audit });
    }

    // Groups: a public group, and queues with the objects each may own (QueueSobject rows).
    org.insertRaw('Group', { Name: 'All Sales', DeveloperName: 'All_Sales', Type: 'Regular', OwnerId: admin, DoesIncludeBosses: true, ...audit });
    const queue = (Name: string, DeveloperName: string, Email: string, objects: string[]): string => {
        const g = org.insertRaw('Group', { Name, DeveloperName, Type: 'Queue', Email, OwnerId: admin, DoesSendEmailToMembers: true, DoesIncludeBosses: false, ...audit });
        for (const SobjectType of objects) org.insertRaw('QueueSobject', { QueueId: g['Id'] ?? null, SobjectType, CreatedById: admin, CreatedDate: setup, SystemModstamp: setup });
        return g['Id'] as string;
    };
    const supportQueue = queue('Support Queue', 'Support_Queue', 'support-queue@emulator.example.com', ['Case']);
    const leadQueue = queue('Lead Queue', 'Lead_Queue', 'lead-queue@emulator.example.com', ['Lead']);
    const billingQueue = queue('Billing Queue', 'Billing_Queue', 'billing-queue@emulator.example.com', ['Case', 'Invoice__c']);

    if (org.schema.traits.queueOwners) {
        const own = (ids: readonly string[], share: number, queues: string[]): void => {
            for (const id of ids) {
                const rec = org.get(id);
                if (rec && rnd() < share) rec['OwnerId'] = pick(queues);
            }
        };
        own(ctx.leads, 0.2, [leadQueue]);
        own(ctx.cases, 0.25, [supportQueue, supportQueue, billingQueue]);
        own(org.list('Invoice__c').map((r) => r['Id'] as string), 0.1, [billingQueue]);
    }

    // Field history of accounts (tracked: ACCOUNT_TRACKED_FIELDS): a 'created' row and a change or two, the new value
    // being the account's current one. Capped, so seeding 100k accounts stays fast.
    const userName = (id: unknown): string | null => (typeof id === 'string' ? ((org.get(id)?.['Name'] as string | undefined) ?? null) : null);
    const OTHER: Record<string, readonly (string | number)[]> = {
        Industry: ['Banking', 'Retail', 'Energy', 'Media', 'Technology'],
        Rating: ['Hot', 'Warm', 'Cold'],
        Type: ['Prospect', 'Customer - Direct', 'Other'],
        AnnualRevenue: [250_000, 1_000_000, 7_500_000]
    };
    for (const id of ctx.accounts.slice(0, 2000)) {
        if (rnd() >= 0.5) continue;
        const acct = org.get(id);
        if (!acct) continue;
        const created = acct['CreatedDate'] as number;
        const modified = Math.max(created, acct['LastModifiedDate'] as number);
        const row = (Field: string, DataType: string | null, OldValue: Rec[string], NewValue: Rec[string], at: number): void => {
            org.insertRaw('AccountHistory', { AccountId: id, Field, DataType, OldValue, NewValue, CreatedById: admin, CreatedDate: at });
        };
        row('created', null, null, null, created);
        const changes = 1 + Math.floor(rnd() * 2);
        for (let i = 0; i < changes; i++) {
            const at = created + Math.floor((rnd() * (modified - created)) / 1000) * 1000;
            const historyName = pick(['Industry', 'Rating', 'Type', 'AnnualRevenue', 'Owner']);
            const field = ACCOUNT_TRACKED_FIELDS[historyName] as string;
            const current = acct[field] ?? null;
            if (field === 'OwnerId') {
                const previous = pick(ctx.users);
                if (previous === current) continue;
                row('Owner', 'EntityId', previous, current, at);
                row('Owner', 'Text', userName(previous), userName(current), at);
                continue;
            }
            const previous = pick(OTHER[field] ?? [null]);
            if (previous === current) continue;
            row(historyName, field === 'AnnualRevenue' ? 'Currency' : 'DynamicEnum', previous, current, at);
        }
    }

    if (org.schema.multiCurrency) {
        for (const c of org.schema.currencies) {
            org.insertRaw('CurrencyType', { IsoCode: c.isoCode, ConversionRate: c.conversionRate, DecimalPlaces: c.decimalPlaces, IsActive: true, IsCorporate: c.isCorporate, ...audit });
        }
        // Most records in the corporate currency, the rest spread over the others; the API user works in USD.
        const weighted = ['USD', 'USD', 'USD', 'USD', 'USD', 'EUR', 'EUR', 'GBP', 'GBP', 'JPY'];
        for (const type of CURRENCY_OBJECTS) {
            for (const rec of org.list(type, { includeDeleted: true })) {
                const code = rec['Id'] === org.apiUserId ? 'USD' : pick(weighted);
                rec['CurrencyIsoCode'] = code;
                if (type === 'User') rec['DefaultCurrencyIsoCode'] = code;
                // JPY has no decimals.
                if (code === 'JPY' && typeof rec['Amount__c'] === 'number') rec['Amount__c'] = Math.round(rec['Amount__c']);
            }
        }
    }
}

/**
 * Campaigns (issue 16): campaigns with their member statuses (the two defaults; webinars add Registered and Attended,
 * Attended counting as responded), some children of an earlier campaign, and members drawn from the seeded leads and
 * contacts, each person at most once per campaign. The counts are settled at the end without moving SystemModstamp.
 * Drawn from a generator of its own, after everything else, so the other seeded records keep their values.
 */
function seedCampaigns(org: Org, ctx: { seed: number; now: number; users: string[]; leads: string[]; contacts: string[]; campaigns: number; members: number }): void {
    if (!org.schema.get('Campaign') || !org.schema.get('CampaignMember')) return;
    const rnd = prng((ctx.seed ^ 0x00ca_3a16) >>> 0);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
    const THEMES = ['Spring Launch', 'Customer Summit', 'Product Webinar', 'Partner Days', 'Holiday Promo', 'Renewal Drive', 'Trade Show', 'Newsletter'];
    const campaigns: string[] = [];
    const statuses = new Map<string, string[]>();
    for (let i = 0; i < ctx.campaigns; i++) {
        const created = Math.floor((ctx.now - int(30, 365) * DAY - int(0, DAY - 1)) / 1000) * 1000;
        const modified = Math.min(ctx.now - 1000, created + Math.floor((rnd() * (ctx.now - created)) / 1000) * 1000);
        const type = pick(CAMPAIGN_TYPES);
        const start = created + int(0, 30) * DAY;
        const budget = rnd() < 0.8 ? int(1, 200) * 500 : null;
        const rec = org.insertRaw('Campaign', {
            Name: `${pick(THEMES)} ${2025 + (i % 2)} #${i + 1}`,
            Type: type,
            Status: pick(CAMPAIGN_STATUSES),
            StartDate: formatDate(start),
            EndDate: rnd() < 0.8 ? formatDate(start + int(1, 90) * DAY) : null,
            IsActive: rnd() < 0.6,
            ParentId: i > 3 && rnd() < 0.2 ? (campaigns[int(0, 3)] ?? null) : null,
            Description: rnd() < 0.3 ? `Seeded campaign ${i + 1}` : null,
            BudgetedCost: budget,
            ExpectedRevenue: budget === null ? null : budget * int(2, 10),
            ActualCost: budget === null || rnd() < 0.3 ? null : Math.round(budget * (0.5 + rnd())),
            ExpectedResponse: rnd() < 0.7 ? int(1, 40) : null,
            NumberSent: rnd() < 0.5 ? int(100, 5000) : null,
            OwnerId: ctx.users.length > 1 ? pick(ctx.users.slice(1)) : (ctx.users[0] ?? null),
            CreatedById: ctx.users[0] ?? null,
            LastModifiedById: ctx.users[0] ?? null,
            CreatedDate: created,
            LastModifiedDate: modified,
            SystemModstamp: modified
        });
        const id = rec['Id'] as string;
        campaigns.push(id);
        const rows = [...DEFAULT_MEMBER_STATUSES, ...(type === 'Webinar' ? [{ Label: 'Registered', IsDefault: false, HasResponded: false, SortOrder: 3 }, { Label: 'Attended', IsDefault: false, HasResponded: true, SortOrder: 4 }] : [])];
        for (const row of rows) org.insertRaw('CampaignMemberStatus', { CampaignId: id, ...row, CreatedDate: created, LastModifiedDate: created, SystemModstamp: created, CreatedById: ctx.users[0] ?? null });
        statuses.set(id, rows.map((r) => r.Label));
    }
    const people = [...ctx.leads.map((id) => ['LeadId', id] as const), ...ctx.contacts.map((id) => ['ContactId', id] as const)];
    if (campaigns.length === 0 || people.length === 0) return;
    const taken = new Set<string>();
    const wanted = Math.min(ctx.members, campaigns.length * people.length);
    for (let n = 0, tries = 0; n < wanted && tries < wanted * 20; tries++) {
        const campaignId = pick(campaigns);
        const [field, personId] = pick(people);
        if (taken.has(`${campaignId}:${personId}`)) continue;
        taken.add(`${campaignId}:${personId}`);
        n++;
        const campaign = org.get(campaignId);
        const person = org.get(personId);
        const created = Math.max((campaign?.['CreatedDate'] as number | undefined) ?? 0, (person?.['CreatedDate'] as number | undefined) ?? 0) + int(1, 20 * 24) * 3_600_000;
        const at = Math.min(ctx.now - 1000, created);
        const status = pick(statuses.get(campaignId) ?? ['Sent']);
        const responded = status === 'Responded' || status === 'Attended';
        const account = person?.['AccountId'];
        org.insertRaw('CampaignMember', {
            CampaignId: campaignId,
            [field]: personId,
            Status: status,
            HasResponded: responded,
            FirstRespondedDate: responded ? formatDate(at) : null,
            Type: field === 'LeadId' ? 'Lead' : 'Contact',
            LeadOrContactId: personId,
            LeadOrContactOwnerId: person?.['OwnerId'] ?? null,
            FirstName: person?.['FirstName'] ?? null,
            LastName: person?.['LastName'] ?? null,
            Name: person?.['Name'] ?? null,
            Title: person?.['Title'] ?? null,
            Email: person?.['Email'] ?? null,
            Phone: person?.['Phone'] ?? null,
            CompanyOrAccount: field === 'LeadId' ? (person?.['Company'] ?? null) : typeof account === 'string' ? (org.get(account)?.['Name'] ?? null) : null,
            City: (field === 'LeadId' ? person?.['City'] : person?.['MailingCity']) ?? null,
            Country: (field === 'LeadId' ? person?.['Country'] : person?.['MailingCountry']) ?? null,
            HasOptedOutOfEmail: person?.['HasOptedOutOfEmail'] === true,
            CreatedById: ctx.users[0] ?? null,
            LastModifiedById: ctx.users[0] ?? null,
            CreatedDate: at,
            LastModifiedDate: at,
            SystemModstamp: at
        });
    }
    settleSeededCounts(org);
}
