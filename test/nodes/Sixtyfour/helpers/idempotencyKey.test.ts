import { runIdempotencyKey, startDigest } from '../../../../nodes/Sixtyfour/helpers/idempotencyKey';

describe('runIdempotencyKey', () => {
	const content = (records: unknown[], qs = {}) => ({ workflowId: 'wf_a', body: { webhook_payload: records } as never, qs });
	const scope = { instanceId: '4f1c0a9e2b7d68e13c5a0f9d2e8b7c61aa00bb11cc22dd33ee44ff5566778899', executionId: '17', nodeId: 'node-1', runIndex: 0 };
	const records = [{ id: 1, website: 'acme.com' }];

	it('by default names the instance, execution, node, run index, run number and the digest of what is started', () => {
		const digest = startDigest(content(records), 'as sent');
		expect(digest).toMatch(/^[0-9a-f]{16}$/);
		// Within one execution the records are built the same way every time: their key order counts.
		expect(startDigest(content([{ website: 'acme.com', id: 1 }]), 'as sent')).not.toBe(digest);
		expect(runIdempotencyKey(scope, 0, content(records))).toBe(`n8n-4f1c0a9e2b7d68e1-17-node-1-0-1-${digest}`);
		expect(runIdempotencyKey({ ...scope, runIndex: 2 }, 1, content(records))).toBe(`n8n-4f1c0a9e2b7d68e1-17-node-1-2-2-${digest}`);
		// Another instance with the same execution and node ids (a second n8n, an imported template) differs.
		expect(runIdempotencyKey({ ...scope, instanceId: '9b2e' }, 0, content(records))).toBe(`n8n-9b2e-17-node-1-0-1-${digest}`);
		// So do other records under the same ids (a restored backup reusing execution ids).
		expect(runIdempotencyKey(scope, 0, content([{ id: 2 }]))).not.toBe(runIdempotencyKey(scope, 0, content(records)));
		// An n8n without an instance id still gets a well-formed key.
		expect(runIdempotencyKey({ ...scope, instanceId: '' }, 0, content(records))).toBe(`n8n-none-17-node-1-0-1-${digest}`);
	});

	it('joins a user key, the run number and the digest of exactly what is started', () => {
		const digest = startDigest(content(records));
		expect(digest).toMatch(/^[0-9a-f]{16}$/);
		expect(runIdempotencyKey(scope, 2, content(records), 'crm-42')).toBe(`crm-42-3-${digest}`);
		// Key order does not matter; any other record, workflow, specs or query does.
		expect(startDigest(content([{ website: 'acme.com', id: 1 }]))).toBe(digest);
		expect(startDigest(content([{ id: 2, website: 'acme.com' }]))).not.toBe(digest);
		expect(startDigest({ ...content(records), workflowId: 'wf_b' })).not.toBe(digest);
		expect(startDigest(content(records, { save_json: true }))).not.toBe(digest);
	});
});
