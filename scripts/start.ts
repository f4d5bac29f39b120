/**
 * `npm start`: the offline demo. Compiles every function, starts the embedded Salesforce emulator on a free port,
 * runs a few functions through the real `nango dryrun` CLI against it (with --validate), prints what they returned,
 * and stops the emulator. Needs no .env, no Nango account and no network.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import 'dotenv/config';

import { startEmulator } from '../emulator/src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nangoWrapper = path.join(root, 'scripts', 'nango.mjs');

interface Run {
    title: string;
    args: string[];
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [nangoWrapper, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('close', (code) => resolve({ code: code ?? 1, out }));
    });
}

/** The part of dryrun's output worth showing: without the CLI's banner lines; a long one by its start and end. */
function readable(out: string): string {
    const noise = /^\s*(npm warn|Executing ->|Note: In Nango Cloud|✓ |Building \d+ file|Done$)/;
    const lines = out.split('\n').filter((l) => !noise.test(l));
    if (lines.length <= 60) return lines.join('\n').trim();
    return [...lines.slice(0, 45), `   … ${lines.length - 55} more lines …`, ...lines.slice(-10)].join('\n').trim();
}

async function main(): Promise<void> {
    process.stdout.write('Compiling the functions (nango compile)…\n');
    const compiled = await runCli(['compile'], process.env);
    if (compiled.code !== 0) {
        process.stdout.write(compiled.out);
        process.exit(compiled.code);
    }

    const emulator = await startEmulator({ seed: 1, volume: 25 });
    process.stdout.write(`Salesforce emulator listening on ${emulator.url} (connection id ${emulator.connectionId})\n\n`);
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        NANGO_HOSTPORT: emulator.url,
        NANGO_SECRET_KEY_DEV: 'emulator-secret-key',
        NANGO_DEPLOY_AUTO_CONFIRM: 'true'
    };
    const connection = emulator.connectionId;
    const runs: Run[] = [
        {
            title: 'query-records: five accounts by name',
            args: ['query-records', connection, '-e', 'dev', '--validate', '--auto-confirm', '--input', JSON.stringify({ query: 'SELECT Id, Name, Industry, Owner.Name FROM Account ORDER BY Name LIMIT 5' })]
        },
        {
            title: 'contacts sync: a full load of the emulated org (first records shown)',
            args: ['contacts', connection, '-e', 'dev', '--validate', '--auto-confirm', '--metadata', JSON.stringify({ lagSeconds: 0 })]
        },
        {
            title: 'upsert-record: create or update an invoice by its external id',
            args: [
                'upsert-record',
                connection,
                '-e',
                'dev',
                '--validate',
                '--auto-confirm',
                '--input',
                JSON.stringify({ sObject: 'Invoice__c', externalIdField: 'External_Id__c', externalId: 'DEMO-1', record: { Amount__c: 1250, Status__c: 'Sent' } })
            ]
        }
    ];
    let failures = 0;
    try {
        for (const run of runs) {
            process.stdout.write(`── ${run.title}\n   $ nango dryrun ${run.args.map((a) => (a.includes(' ') || a.startsWith('{') ? `'${a}'` : a)).join(' ')}\n`);
            const result = await runCli(['dryrun', ...run.args], env);
            process.stdout.write(`${readable(result.out)}\n\n`);
            if (result.code !== 0) failures++;
        }
    } finally {
        const stats = emulator.stats();
        await emulator.stop();
        process.stdout.write(`The emulator answered ${stats.calls} requests. Stopped.\n`);
    }
    if (failures > 0) {
        process.stdout.write(`${failures} demo run(s) failed.\n`);
        process.exit(1);
    }
    process.stdout.write('Next: `npm test` runs every test; the README shows how to run the same functions against your own Salesforce connection.\n');
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
});
