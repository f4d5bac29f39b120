/**
 * `npm run emulator` refuses what it cannot honour with one clear line and exit code 1, instead of starting with a
 * value it silently ignores or turns into NaN (a `--page-size big` once served pages of 0 records); and once it runs
 * it prints the variables to export, with the secret the README uses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface Outcome {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs the CLI; with `until`, stops it once stdout contains that text (by `stop`, or a SIGTERM to the child). */
function emulatorCli(args: string[], until?: string, stop?: (child: ChildProcess) => unknown): Promise<Outcome> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/src/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let stopped = false;
        child.stdout.on('data', (chunk: Buffer) => {
            stdout += chunk.toString();
            if (until !== undefined && !stopped && stdout.includes(until)) {
                stopped = true;
                if (stop) stop(child);
                else child.kill('SIGTERM');
            }
        });
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
}

// each case spawns the CLI (about 1 s of CPU); 13 at once took up to 10 s in the full suite on 2 cores
const CLI_TIMEOUT = 60_000;

describe('npm run emulator option checks', () => {
    it.concurrent.each([
        [['--page-size', 'big'], '--page-size expects a whole number from 1 to 2000 (records per query page), not "big"'],
        [['--page-size', '0'], '--page-size expects a whole number from 1 to 2000 (records per query page), not "0"'],
        [['--page-size', '5000'], '--page-size expects a whole number from 1 to 2000 (records per query page), not "5000"'],
        [['--port'], '--port needs a value: a whole number from 0 to 65535 (0 picks a free port)'],
        [['--seed', '-1'], '--seed expects a whole number from 0 to 2147483647, not "-1"'],
        [['--volume', 'Acount=5'], '--volume: "Acount" is not a seeded object (one of User, Account, Contact, Lead, Opportunity, Case, Task, Invoice__c, CaseComment, EmailMessage, Knowledge__kav, Event, Product2, OpportunityLineItem, Campaign, CampaignMember, default)'],
        [['--volume', '5000000'], '--volume expects at most 1000000 records per object, not 5000000'],
        [['--volumes', '5'], 'unknown option --volumes (npm run emulator -- --help lists them)'],
        [['500'], 'unexpected argument "500" (options start with --; npm run emulator -- --help lists them)'],
        [['--no-knowledge=yes'], '--no-knowledge takes no value'],
        [['--metadata', '[1]'], '--metadata must be a JSON object, e.g. {"lagSeconds":0}'],
        [['--api-budget', '1e3'], '--api-budget expects a whole number from 0 to 1000000000 (API requests per 24 hours), not "1e3"']
    ])('refuses %j', async (args, message) => {
        const outcome = await emulatorCli(args);
        expect(outcome).toEqual({ code: 1, stdout: '', stderr: `${message}\n` });
    }, CLI_TIMEOUT);

    it('starts with valid options, prints the exports, the README secret and the second-terminal note, and stops on a kill of the pid it wrote', async () => {
        const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-cli-')), 'emulator.pid');
        let pidWhileRunning = '';
        const outcome = await emulatorCli(['--port', '0', '--volume', 'Account=3,default=1', '--page-size', '200', '--seed', '7', '--pid-file', pidFile], 'second terminal', (child) => {
            pidWhileRunning = fs.readFileSync(pidFile, 'utf8').trim();
            // the pid written is the emulator's own process (under tsx), the one a kill must reach
            process.kill(Number(pidWhileRunning), 'SIGTERM');
            return child;
        });
        expect(outcome.stderr).toBe('');
        expect(outcome.stdout).toMatch(/^Salesforce emulator listening on http:\/\/127\.0\.0\.1:\d+ .*Account=3 /);
        expect(outcome.stdout).toContain('export NANGO_SECRET_KEY_DEV=emulator-secret-key\n');
        expect(outcome.stdout).toContain(`Running until Ctrl+C (or kill ${pidWhileRunning}): run the commands in a second terminal`);
        expect(outcome.code).toBe(0);
        expect(fs.existsSync(pidFile)).toBe(false);
    }, CLI_TIMEOUT);
});
