// From an agent: the official MCP client against Nango's MCP server, one tool per deployed action.
// Nango Cloud: NANGO_HOSTPORT=https://api.nango.dev, your environment's secret key and a real connection id.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const host = process.env['NANGO_HOSTPORT'] ?? 'https://api.nango.dev';
const headers = {
    Authorization: `Bearer ${process.env['NANGO_SECRET_KEY_DEV'] ?? ''}`,
    'connection-id': process.env['SALESFORCE_CONNECTION_ID'] ?? 'salesforce-emulator',
    'provider-config-key': 'salesforce'
};
const client = new Client({ name: 'my-agent', version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', host), { requestInit: { headers } }));

// what a model is given: name, description and JSON Schema of every action
const { tools } = await client.listTools();
const describe = tools.find((t) => t.name === 'describe-sobject');
console.log(`${tools.length} tools, e.g. describe-sobject: ${describe?.description?.slice(0, 70)}…`);

// what a model's tool call does
const result = await client.callTool({ name: 'query-records', arguments: { query: 'SELECT Id, Name FROM Account ORDER BY Name LIMIT 2' } });
const text = (result.content as Array<{ type: string; text: string }>)[0]?.text ?? '';
console.log('query-records:', (JSON.parse(text) as { records: Array<{ Name: string }> }).records.map((r) => r.Name).join(', '));
await client.close();
