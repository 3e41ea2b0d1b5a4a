// @ts-check
// Every example workflow inside ONE real n8n (version from SIXTYFOUR_E2E_N8N_VERSION, default
// 2.41.0) against the emulator. Run by scripts/e2e.mjs for each tested version; by hand:
//   SIXTYFOUR_E2E_N8N_VERSION=1.123.x node --test-reporter=spec test/e2e/inside-n8n.test.mjs
import { after, before, describe } from 'node:test';
import { activatedTrigger } from './activated-trigger.mjs';
import { aiAgentToolTests } from './ai-agent-tool.mjs';
import { cancelLongRunsTests } from './cancel-long-runs.mjs';
import { credentialTests } from './credential-test.mjs';
import { crmRoundTripTests } from './crm-round-trip.mjs';
import { enrichCompaniesTests } from './enrich-companies.mjs';
import { nodeVersionsTests } from './node-versions.mjs';
import { savedBy010Tests } from './saved-by-0.1.0.mjs';
import { startSession } from './session.mjs';
import { startRunAndTriggerTests } from './start-run-and-trigger.mjs';
import { triggerCompletenessTests } from './trigger-completeness.mjs';
import { twoInstancesTests } from './two-instances.mjs';
import { webhookRestartTests } from './webhook-restart.mjs';
import { webhookTriggerTests } from './webhook-trigger.mjs';
import { webhookTestUrlTests } from './webhook-test-url.mjs';
import { workflowPickerTests } from './workflow-picker.mjs';

const version = process.env.SIXTYFOUR_E2E_N8N_VERSION || '2.41.0';

describe(`inside n8n ${version}`, () => {
	/** @type {import('./session.mjs').Session | undefined} */
	let current;
	const session = () => {
		if (!current) throw new Error('n8n did not start');
		return current;
	};
	/** Runs the examples completed after the trigger was activated. */
	const completedRuns = /** @type {string[]} */ ([]);
	const trigger = activatedTrigger(session);

	// n8n and the emulator must stop however the tests end.
	before(async () => (current = await startSession(version)), { timeout: 600_000 });
	after(async () => await current?.stop());

	credentialTests(session);
	trigger.activateTest();
	enrichCompaniesTests(session, (jobId) => completedRuns.push(jobId));
	crmRoundTripTests(session, (jobId) => completedRuns.push(jobId));
	startRunAndTriggerTests(session, (jobId) => completedRuns.push(jobId));
	cancelLongRunsTests(session);
	trigger.firedTest(() => completedRuns);
	// After the polling trigger is deactivated: it watches all workflows and would fire on these runs too.
	webhookTriggerTests(session);
	aiAgentToolTests(session);
	// After the agent test: it restarts n8n twice (SIGTERM, SIGKILL).
	webhookRestartTests(session);
	triggerCompletenessTests(session);
	nodeVersionsTests(session);
	webhookTestUrlTests(session);
	// After the triggers are gone: its runs complete when none of them can fire on them.
	savedBy010Tests(session);
	// After the triggers are gone, like the one before: its run would be theirs to fire on.
	workflowPickerTests(session);
	// Last: its runs would otherwise be seen by the activated triggers above.
	twoInstancesTests(session);
});
