import { spawnCli } from './spawn-cli';
import { wait } from './http-util';

it('starts on its own with the default catalogue on a fast real clock, prints where it is, and stops on SIGTERM', async () => {
	const cli = await spawnCli(['--port', '0', '--speed', '600', '--api-key', 'sk_cli', '--link-ttl', '120']);
	const { baseUrl, storageUrl, apiKey } = cli.info;
	expect([baseUrl, storageUrl, apiKey]).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), 'sk_cli']);
	expect(cli.output()).toContain(`Sixtyfour emulator: API ${baseUrl}, storage ${storageUrl}, API key sk_cli, clock x600`);
	const headers = { 'x-api-key': apiKey, 'content-type': 'application/json' };
	const start = async (workflowId: string) => {
		const response = await fetch(`${baseUrl}/workflows/run?workflow_id=${workflowId}`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ webhook_payload: [{ company_name: 'Acme Corp', website: 'acme.com' }, { company_name: 'TechStart', website: 'techstart.io' }, { company_name: 'Globex' }] }),
		});
		return { status: response.status, body: (await response.json()) as { job_id?: string; error?: string; message?: string } };
	};
	expect(await start('wf_csv_import')).toEqual({
		status: 400,
		body: { error: 'invalid_workflow', message: 'Workflows starting with read_csv cannot be triggered via API. Use workflows that start with a webhook block.' },
	});
	const lead = (await start('wf_lead_enrichment')).body.job_id;
	const company = (await start('wf_company_enrichment')).body.job_id;

	let runs: Array<{ job_id: string; status: string; completed_at: string }> = [];
	for (let polls = 0; polls < 100; polls++) {
		runs = (await (await fetch(`${baseUrl}/workflows/runs`, { headers })).json()) as typeof runs;
		if (runs.every((run) => run.status === 'completed')) break;
		await wait(50);
	}
	expect(runs.map((run) => [run.job_id, run.status])).toEqual([[company, 'completed'], [lead, 'completed']]);
	const [companyRun, leadRun] = runs;
	expect(Date.parse(companyRun.completed_at)).toBeLessThan(Date.parse(leadRun.completed_at));
	const links = (await (await fetch(`${baseUrl}/workflows/runs/${lead}/results/download-links`, { headers })).json()) as Array<{ download_expires_in_seconds: number }>;
	expect(links.map((link) => link.download_expires_in_seconds)).toEqual([120, 120, 120]);
	expect(await cli.stop()).toBe(0);
});

it('serves the workflow endpoints by default; --workflows-endpoint missing or forbidden switches them off; another value stops it', async () => {
	const get = async (baseUrl: string, path: string) => {
		const response = await fetch(`${baseUrl}${path}`, { headers: { 'x-api-key': 'sk_test_emulator' } });
		return { status: response.status, body: (await response.json()) as unknown };
	};
	const served = await spawnCli(['--port', '0']);
	try {
		const list = await get(served.info.baseUrl, '/workflows');
		expect([list.status, (list.body as Array<{ id: string }>).map((workflow) => workflow.id)]).toEqual([
			200,
			['wf_lead_enrichment', 'wf_company_enrichment', 'wf_csv_import', 'wf_draft_prospects'],
		]);
	} finally {
		await served.stop();
	}
	for (const [mode, status] of [['missing', 404], ['forbidden', 403]] as const) {
		const cli = await spawnCli(['--port', '0', '--workflows-endpoint', mode]);
		try {
			expect((await get(cli.info.baseUrl, '/workflows/wf_lead_enrichment')).status).toBe(status);
		} finally {
			await cli.stop();
		}
	}
	await expect(spawnCli(['--port', '0', '--workflows-endpoint', 'gone'])).rejects.toThrow('workflowsEndpoint must be "served", "missing" or "forbidden", got "gone"');
});
