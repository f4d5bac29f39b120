// From your backend: the official Node SDK against the deployed functions.
// Nango Cloud: leave NANGO_HOSTPORT unset (https://api.nango.dev), use your environment's secret key and a real connection id.
import { Nango } from '@nangohq/node';

const nango = new Nango({ host: process.env['NANGO_HOSTPORT'] ?? 'https://api.nango.dev', secretKey: process.env['NANGO_SECRET_KEY_DEV'] ?? '' });
const connectionId = process.env['SALESFORCE_CONNECTION_ID'] ?? 'salesforce-emulator';

// an action: POST /action/trigger, answered with its output
const page = (await nango.triggerAction('salesforce', connectionId, 'query-records', { query: 'SELECT Id, Name FROM Account ORDER BY Name LIMIT 3' })) as { records: Array<{ Name: string }> };
console.log('accounts:', page.records.map((r) => r.Name).join(', '));

// a failed action answers 500 with the function's typed error under error.payload
try {
    await nango.triggerAction('salesforce', connectionId, 'get-contact', { recordId: '003000000000000AAA' });
} catch (error) {
    const payload = (error as { response?: { data?: { error?: { payload?: { type?: string; message?: string } } } } }).response?.data?.error?.payload;
    console.log('error:', payload?.type, '-', payload?.message);
}

// a sync: run it now, wait for the run to end, then read the records it saved
await nango.triggerSync('salesforce', ['contacts'], connectionId);
for (let status = 'RUNNING'; status === 'RUNNING'; await new Promise((r) => setTimeout(r, 500))) {
    const { syncs } = (await nango.syncStatus('salesforce', ['contacts'], connectionId)) as { syncs: Array<{ status: string }> };
    status = syncs[0]?.status ?? 'RUNNING';
}
const { records, next_cursor } = await nango.listRecords({ providerConfigKey: 'salesforce', connectionId, model: 'SalesforceContact', limit: 3 });
console.log('contacts:', records.map((r) => `${String(r['last_name'])} (${r._nango_metadata.last_action})`).join(', '), next_cursor ? '…' : '');
