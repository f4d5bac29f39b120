/**
 * Lead record types and their lead processes.
 *
 * What Salesforce does (Salesforce Help "Lead Processes", Object Reference RecordType/BusinessProcess, SOAP API
 * convertLead): a lead process (a BusinessProcess with TableEnumOrId 'Lead') lists the Lead Status values its leads
 * may use; each lead record type belongs to one process (RecordType.BusinessProcessId); Lead.RecordTypeId exists only
 * in orgs with lead record types. convertLead refuses a convertedStatus the lead's process does not offer with the
 * per-record error INVALID_STATUS "invalid convertedStatus: <status>" (the same error as for a status that is not a
 * converted one). The UI API gives the Status values of one record type
 * (/ui-api/object-info/Lead/picklist-values/{recordTypeId}/Status, routes/uiapi.ts).
 *
 * Simplified here: processes are given when the org starts (`leadProcesses`) and never change; BusinessProcess is not
 * a queryable object (RecordType.BusinessProcessId holds a 019 id that nothing else names); a lead created without
 * RecordTypeId keeps none (Salesforce would give it the creating user's default record type), and such a lead uses
 * the master picklist, every status; Lead.Status values are not checked against the process on insert or update.
 */
import type { Org } from './store.js';

export interface LeadProcessDef {
    /** The lead process's name, e.g. "Partner Lead Process". */
    name: string;
    /** DeveloperName of the lead record type that uses it, e.g. "Partner"; its label is `recordTypeLabel` or this. */
    recordType: string;
    recordTypeLabel?: string;
    /** Lead Status API values (LeadStatus.ApiName) the process offers, in picklist order. */
    statuses: string[];
}

/** Inserts one RecordType row per lead process (SobjectType Lead, active, BusinessProcessId a 019 id). */
export function seedLeadProcesses(org: Org, defs: readonly LeadProcessDef[], at: number): void {
    for (const def of defs) {
        const known = new Set(org.schema.leadStatuses.map((s) => s.name));
        const unknown = def.statuses.filter((s) => !known.has(s));
        if (unknown.length > 0) throw new Error(`lead process ${def.name}: unknown lead statuses ${unknown.join(', ')}`);
        org.insertRaw('RecordType', {
            Name: def.recordTypeLabel ?? def.recordType,
            DeveloperName: def.recordType,
            SobjectType: 'Lead',
            IsActive: true,
            Description: `${def.name} leads`,
            NamespacePrefix: null,
            BusinessProcessId: org.ids.next('019'),
            CreatedDate: at,
            LastModifiedDate: at,
            SystemModstamp: at
        });
    }
}

/** The process of a lead record type id, or undefined (no record type, the master one, or not a lead record type). */
export function leadProcessOf(org: Org, recordTypeId: unknown): LeadProcessDef | undefined {
    if (typeof recordTypeId !== 'string' || recordTypeId.length === 0) return undefined;
    const rt = org.get(recordTypeId);
    if (!rt || rt['SobjectType'] !== 'Lead') return undefined;
    return org.schema.leadProcesses.find((p) => p.recordType === rt['DeveloperName']);
}

/** The Lead Status API values a lead of this record type may have; every status for none or the master record type. */
export function leadStatusesFor(org: Org, recordTypeId: unknown): string[] {
    const process = leadProcessOf(org, recordTypeId);
    return process ? [...process.statuses] : org.schema.leadStatuses.map((s) => s.name);
}
