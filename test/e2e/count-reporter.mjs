// @ts-check
// A node:test reporter that writes only the counts, `{"passed":N,"failed":M}`, so scripts/e2e.mjs
// can close with one plain summary line next to the spec reporter's output.
/**
 * @param {AsyncIterable<{ type: string, data: { nesting: number } }>} source
 */
export default async function* countReporter(source) {
	const counts = { passed: 0, failed: 0 };
	for await (const event of source) {
		// Nesting 0 is the suite around the tests.
		if (event.type === 'test:pass' && event.data.nesting > 0) counts.passed++;
		if (event.type === 'test:fail' && event.data.nesting > 0) counts.failed++;
	}
	yield JSON.stringify(counts);
}
