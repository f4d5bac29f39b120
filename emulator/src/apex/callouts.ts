/** Apex callouts of the emulated org: which endpoints the Remote Site Settings let them reach. */
import type { SalesforceState } from '../state.js';

/**
 * Why an Apex callout to `url` fails, or undefined when it may go: a notifier installed by a deployment calls out only
 * to hosts of an active Remote Site Setting ("Unauthorized endpoint…", System.CalloutException). A notifier set
 * through EmulatorHandle.notifier.install() stands for a whole install, its Remote Site Setting included.
 */
export function calloutRefusal(s: SalesforceState, url: string): string | undefined {
    if (s.notifier === undefined || s.notifier !== s.apex.deployedNotifier) return undefined;
    let origin: string;
    try {
        origin = new URL(url).origin;
    } catch {
        return `System.CalloutException: Invalid endpoint: ${url}`;
    }
    for (const site of s.apex.remoteSites.values()) {
        try {
            if (site.isActive && new URL(site.url).origin === origin) return undefined;
        } catch {
            // a site whose url does not parse allows nothing
        }
    }
    return `System.CalloutException: Unauthorized endpoint, please check Setup->Security->Remote site settings. endpoint = ${url}`;
}
