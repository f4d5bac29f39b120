/**
 * Bulk API 2.0 query jobs, for the first load of a large object: one job reads the whole object, its CSV results come
 * back in pages (Sforce-Locator), and each page costs one API call of up to `maxRecords` rows instead of 2,000.
 */
import { DATA_PATH, request, type NangoClient } from '../http/api.js';
import { csvToRecords } from './csv.js';
import { assertSObjectName } from '../input/names.js';
import type { SalesforceRecord } from '../http/pager.js';

/** Rows per result page requested from Salesforce. */
export const BULK_PAGE_SIZE = 10_000;
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 15_000;
/** Longest a job may take before the run gives up (the next run asks again). */
const MAX_WAIT_MS = 20 * 60_000;

const jobsPath = `${DATA_PATH}/jobs/query`;

function jobPath(jobId: string): string {
    if (!/^[A-Za-z0-9]{15,18}$/.test(jobId)) {
        throw new Error(`"${jobId}" is not a Bulk API job id`);
    }
    return `${jobsPath}/${jobId}`;
}

/** Approximate record count of an object (Salesforce refreshes it periodically). */
export async function recordCount(nango: NangoClient, sObject: string): Promise<number> {
    const response = await request<{ sObjects?: Array<{ name?: string; count?: number }> }>(nango, {
        method: 'GET',
        endpoint: `${DATA_PATH}/limits/recordCount`,
        params: { sObjects: assertSObjectName(sObject) },
        context: `count ${sObject} records`
    });
    const entry = (response.data.sObjects ?? []).find((o) => o.name?.toLowerCase() === sObject.toLowerCase());
    return typeof entry?.count === 'number' ? entry.count : 0;
}

export async function createQueryJob(nango: NangoClient, soql: string, operation: 'query' | 'queryAll' = 'query'): Promise<string> {
    const response = await request<{ id?: string }>(nango, {
        method: 'POST',
        endpoint: jobsPath,
        data: { operation, query: soql, contentType: 'CSV', columnDelimiter: 'COMMA', lineEnding: 'LF' },
        idempotent: false,
        context: 'create a Bulk API query job'
    });
    if (!response.data.id) {
        throw new Error('Salesforce created a Bulk API job without an id');
    }
    return response.data.id;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls a job with exponential backoff until it completes; a failed or aborted job throws with its message. */
export async function waitForJob(nango: NangoClient, jobId: string): Promise<void> {
    let delay = FIRST_POLL_MS;
    let waited = 0;
    for (;;) {
        const response = await request<{ state?: string; errorMessage?: string }>(nango, { method: 'GET', endpoint: jobPath(jobId), context: `check Bulk API job ${jobId}` });
        const state = response.data.state;
        if (state === 'JobComplete') return;
        if (state === 'Failed' || state === 'Aborted') {
            throw new Error(`Bulk API job ${jobId} ${state.toLowerCase()}: ${response.data.errorMessage ?? 'no reason given'}`);
        }
        if (waited >= MAX_WAIT_MS) {
            throw new Error(`Bulk API job ${jobId} is still ${state ?? 'pending'} after ${Math.round(waited / 60_000)} minutes; the next run checks it again.`);
        }
        await sleep(delay);
        waited += delay;
        delay = Math.min(delay * 2, MAX_POLL_MS);
    }
}

export interface ResultPage {
    records: SalesforceRecord[];
    /** Locator of the next page, or null after the last one. */
    nextLocator: string | null;
}

/**
 * One page of a completed job's CSV results, as records shaped like the REST API's with every value still text
 * (empty fields null): the sync types them from describe (`shapeRecord`), as it does REST records.
 */
export async function resultPage(nango: NangoClient, jobId: string, sObject: string, locator: string | null): Promise<ResultPage> {
    const response = await request<string>(nango, {
        method: 'GET',
        endpoint: `${jobPath(jobId)}/results`,
        params: { maxRecords: String(BULK_PAGE_SIZE), ...(locator ? { locator } : {}) },
        headers: { Accept: 'text/csv' },
        responseType: 'text',
        context: `read Bulk API results of job ${jobId}`
    });
    const next = response.headers['sforce-locator'];
    const text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
    return {
        records: csvToRecords(text, sObject) as SalesforceRecord[],
        nextLocator: next && next !== 'null' ? next : null
    };
}
