/**
 * The emulated org's reports and dashboards: their definitions (what the Reports and Dashboards REST API describes
 * and runs, see routes/analytics.ts) and the Report / Dashboard rows SOQL reads (`SELECT … FROM Report`).
 *
 * Column API names follow Salesforce's report-type names for the standard Opportunity and Account report types
 * (OPPORTUNITY_NAME, ACCOUNT_NAME, STAGE_NAME, AMOUNT, CLOSE_DATE, …). Each column says which field of the base object
 * it shows (`path`, a relationship path such as `Account.Name`) and, for lookups, which field holds the raw value
 * Salesforce puts in a data cell's `value` (`valuePath`: ACCOUNT_NAME's value is the account id, its label the name).
 *
 * Simplification: two report types (Opportunities, Accounts), one category of columns each; no bucket fields, custom
 * summary formulas, cross filters or historical snapshots.
 */
import type { Org } from './store.js';

export type ReportDataType = 'string' | 'picklist' | 'currency' | 'date' | 'datetime' | 'percent' | 'int' | 'double' | 'id' | 'boolean' | 'phone' | 'url' | 'textarea';

export interface ReportColumn {
    name: string;
    label: string;
    dataType: ReportDataType;
    /** Field path on the report type's base object that the cell shows. */
    path: string;
    /** Where the cell's raw value comes from when it differs from what it shows (a lookup's id). */
    valuePath?: string;
    filterable: boolean;
}

export interface ReportTypeDef {
    type: string;
    label: string;
    object: 'Opportunity' | 'Account';
    category: string;
    columns: ReportColumn[];
}

export interface ReportFilterDef {
    column: string;
    operator: string;
    value: string;
    isRunPageEditable?: boolean;
}

export interface ReportDef {
    developerName: string;
    name: string;
    description: string;
    folderName: string;
    format: 'TABULAR' | 'SUMMARY' | 'MATRIX';
    reportType: string;
    detailColumns: string[];
    groupingsDown: string[];
    groupingsAcross: string[];
    aggregates: string[];
    reportFilters: ReportFilterDef[];
    reportBooleanFilter: string | null;
    /**
     * The report type it was built on no longer exists (an admin disabled reports on the object): Salesforce still
     * lists and describes it, but a run answers 403 "The report definition is obsolete…" and an asynchronous run
     * ends with status Error.
     */
    obsolete?: boolean;
}

export interface DashboardFilterOptionDef {
    alias: string | null;
    operation: string;
    value: string;
}

export interface DashboardComponentDef {
    title: string;
    report: string;
    visualizationType: 'Bar' | 'Column' | 'Donut' | 'Funnel' | 'Gauge' | 'Line' | 'Metric' | 'Pie' | 'Table';
    aggregates: string[];
}

export interface DashboardDef {
    developerName: string;
    title: string;
    description: string;
    folderName: string;
    dashboardType: 'SpecifiedUser' | 'LoggedInUser' | 'MyTeamUser';
    components: DashboardComponentDef[];
    /** One dashboard filter over a column every component's report has. */
    filter?: { name: string; column: string; options: DashboardFilterOptionDef[] };
}

const col = (name: string, label: string, dataType: ReportDataType, path: string, valuePath?: string): ReportColumn => ({
    name,
    label,
    dataType,
    path,
    filterable: true,
    ...(valuePath ? { valuePath } : {})
});

export const REPORT_TYPES: ReportTypeDef[] = [
    {
        type: 'Opportunity',
        label: 'Opportunities',
        object: 'Opportunity',
        category: 'Opportunity Information',
        columns: [
            col('OPPORTUNITY_NAME', 'Opportunity Name', 'string', 'Name', 'Id'),
            col('OPPORTUNITY_ID', 'Opportunity ID', 'id', 'Id'),
            col('ACCOUNT_NAME', 'Account Name', 'string', 'Account.Name', 'AccountId'),
            col('ACCOUNT_ID', 'Account ID', 'id', 'AccountId'),
            col('STAGE_NAME', 'Stage', 'picklist', 'StageName'),
            col('TYPE', 'Type', 'picklist', 'Type'),
            col('LEAD_SOURCE', 'Lead Source', 'picklist', 'LeadSource'),
            col('AMOUNT', 'Amount', 'currency', 'Amount'),
            col('PROBABILITY', 'Probability (%)', 'percent', 'Probability'),
            col('CLOSE_DATE', 'Close Date', 'date', 'CloseDate'),
            col('CREATED_DATE', 'Created Date', 'datetime', 'CreatedDate'),
            col('FULL_NAME', 'Opportunity Owner', 'string', 'Owner.Name', 'OwnerId'),
            col('NEXT_STEP', 'Next Step', 'string', 'NextStep'),
            { ...col('DESCRIPTION', 'Description', 'textarea', 'Description'), filterable: false }
        ]
    },
    {
        type: 'AccountList',
        label: 'Accounts',
        object: 'Account',
        category: 'Account: General',
        columns: [
            col('ACCOUNT_NAME', 'Account Name', 'string', 'Name', 'Id'),
            col('ACCOUNT_ID', 'Account ID', 'id', 'Id'),
            col('TYPE', 'Type', 'picklist', 'Type'),
            col('INDUSTRY', 'Industry', 'picklist', 'Industry'),
            col('BILLING_CITY', 'Billing City', 'string', 'BillingCity'),
            col('BILLING_COUNTRY', 'Billing Country', 'string', 'BillingCountry'),
            col('PHONE1', 'Phone', 'phone', 'Phone'),
            col('EMPLOYEES', 'Employees', 'int', 'NumberOfEmployees'),
            col('USERS.NAME', 'Account Owner', 'string', 'Owner.Name', 'OwnerId'),
            col('CREATED_DATE', 'Created Date', 'datetime', 'CreatedDate')
        ]
    }
];

export const REPORTS: ReportDef[] = [
    {
        developerName: 'Open_Pipeline',
        name: 'Open Pipeline',
        description: 'Every open opportunity with its account, stage, amount and close date.',
        folderName: 'Sales Reports',
        format: 'TABULAR',
        reportType: 'Opportunity',
        detailColumns: ['OPPORTUNITY_NAME', 'ACCOUNT_NAME', 'STAGE_NAME', 'AMOUNT', 'PROBABILITY', 'CLOSE_DATE', 'FULL_NAME'],
        groupingsDown: [],
        groupingsAcross: [],
        aggregates: ['s!AMOUNT', 'RowCount'],
        reportFilters: [{ column: 'STAGE_NAME', operator: 'notEqual', value: 'Closed Won,Closed Lost', isRunPageEditable: true }],
        reportBooleanFilter: null
    },
    {
        developerName: 'Opportunities_by_Stage',
        name: 'Opportunities by Stage',
        description: 'Opportunities grouped by stage, with the sum and average of their amounts.',
        folderName: 'Sales Reports',
        format: 'SUMMARY',
        reportType: 'Opportunity',
        detailColumns: ['OPPORTUNITY_NAME', 'ACCOUNT_NAME', 'AMOUNT', 'CLOSE_DATE'],
        groupingsDown: ['STAGE_NAME'],
        groupingsAcross: [],
        aggregates: ['s!AMOUNT', 'a!AMOUNT', 'RowCount'],
        reportFilters: [],
        reportBooleanFilter: null
    },
    {
        developerName: 'Pipeline_by_Stage_and_Type',
        name: 'Pipeline by Stage and Type',
        description: 'Opportunity amounts by stage (rows) and type (columns).',
        folderName: 'Sales Reports',
        format: 'MATRIX',
        reportType: 'Opportunity',
        detailColumns: ['OPPORTUNITY_NAME', 'AMOUNT'],
        groupingsDown: ['STAGE_NAME'],
        groupingsAcross: ['TYPE'],
        aggregates: ['s!AMOUNT', 'RowCount'],
        reportFilters: [],
        reportBooleanFilter: null
    },
    {
        developerName: 'All_Accounts',
        name: 'All Accounts',
        description: 'Every account with its industry, city and owner.',
        folderName: 'Account Reports',
        format: 'TABULAR',
        reportType: 'AccountList',
        detailColumns: ['ACCOUNT_NAME', 'TYPE', 'INDUSTRY', 'BILLING_CITY', 'EMPLOYEES', 'USERS.NAME'],
        groupingsDown: [],
        groupingsAcross: [],
        aggregates: ['RowCount'],
        reportFilters: [],
        reportBooleanFilter: null
    },
    {
        developerName: 'Accounts_by_Industry',
        name: 'Accounts by Industry',
        description: 'Accounts grouped by industry, then type.',
        folderName: 'Account Reports',
        format: 'SUMMARY',
        reportType: 'AccountList',
        detailColumns: ['ACCOUNT_NAME', 'BILLING_CITY', 'EMPLOYEES'],
        groupingsDown: ['INDUSTRY', 'TYPE'],
        groupingsAcross: [],
        aggregates: ['s!EMPLOYEES', 'RowCount'],
        reportFilters: [],
        reportBooleanFilter: null
    },
    {
        developerName: 'Legacy_Territory_Report',
        name: 'Legacy Territory Report',
        description: 'Built on a report type an administrator has since disabled.',
        folderName: 'Account Reports',
        format: 'TABULAR',
        reportType: 'AccountList',
        detailColumns: ['ACCOUNT_NAME', 'BILLING_COUNTRY'],
        groupingsDown: [],
        groupingsAcross: [],
        aggregates: ['RowCount'],
        reportFilters: [],
        reportBooleanFilter: null,
        obsolete: true
    }
];

export const DASHBOARDS: DashboardDef[] = [
    {
        developerName: 'Sales_Overview',
        title: 'Sales Overview',
        description: 'Pipeline by stage, open pipeline total and accounts by industry.',
        folderName: 'Sales Dashboards',
        dashboardType: 'SpecifiedUser',
        components: [
            { title: 'Pipeline by Stage', report: 'Opportunities_by_Stage', visualizationType: 'Bar', aggregates: ['s!AMOUNT'] },
            { title: 'Open Pipeline', report: 'Open_Pipeline', visualizationType: 'Metric', aggregates: ['s!AMOUNT'] },
            { title: 'Accounts by Industry', report: 'Accounts_by_Industry', visualizationType: 'Donut', aggregates: ['RowCount'] },
            { title: 'Territories', report: 'Legacy_Territory_Report', visualizationType: 'Table', aggregates: ['RowCount'] }
        ]
    },
    {
        developerName: 'My_Pipeline',
        title: 'My Pipeline',
        description: 'The viewer’s own pipeline by stage (a dynamic dashboard), with a stage filter.',
        folderName: 'Sales Dashboards',
        dashboardType: 'LoggedInUser',
        components: [{ title: 'Pipeline by Stage', report: 'Opportunities_by_Stage', visualizationType: 'Column', aggregates: ['s!AMOUNT', 'RowCount'] }],
        filter: {
            name: 'Stage',
            column: 'STAGE_NAME',
            options: [
                { alias: 'Won', operation: 'equals', value: 'Closed Won' },
                { alias: 'Open', operation: 'notEqual', value: 'Closed Won,Closed Lost' }
            ]
        }
    }
];

export function reportTypeOf(def: ReportDef): ReportTypeDef {
    const type = REPORT_TYPES.find((t) => t.type === def.reportType);
    if (!type) throw new Error(`report type ${def.reportType} is not defined`);
    return type;
}

const FORMAT_LABEL: Record<ReportDef['format'], string> = { TABULAR: 'Tabular', SUMMARY: 'Summary', MATRIX: 'Matrix' };

/**
 * Inserts one Report row per definition and one Dashboard row per dashboard (no random numbers are drawn, so the rest
 * of the seeded data is the same with or without them).
 */
export function seedAnalytics(org: Org, now: number): void {
    const DAY = 86_400_000;
    REPORTS.forEach((r, i) => {
        org.insertRaw('Report', {
            Name: r.name,
            DeveloperName: r.developerName,
            FolderName: r.folderName,
            Format: FORMAT_LABEL[r.format],
            Description: r.description,
            NamespacePrefix: null,
            LastRunDate: now - (i + 1) * DAY,
            LastViewedDate: now - (i + 1) * DAY,
            CreatedDate: now - 200 * DAY,
            LastModifiedDate: now - (30 + i) * DAY,
            SystemModstamp: now - (30 + i) * DAY
        });
    });
    DASHBOARDS.forEach((d, i) => {
        org.insertRaw('Dashboard', {
            Title: d.title,
            DeveloperName: d.developerName,
            FolderName: d.folderName,
            Description: d.description,
            Type: d.dashboardType,
            RunningUserId: org.apiUserId || null,
            NamespacePrefix: null,
            LastViewedDate: now - (i + 1) * DAY,
            CreatedDate: now - 200 * DAY,
            LastModifiedDate: now - (20 + i) * DAY,
            SystemModstamp: now - (20 + i) * DAY
        });
    });
}
