import { sourceExists, testFiles } from './layoutFiles';

// Tests mirror the source (CONTRIBUTING.md): the tests of nodes/<path>/<name>.ts are in
// test/nodes/<path>/<name>.test.ts, or in <name>.<aspect>.test.ts when they are many or of distinct kinds.
// The icons' tests cover every node's icons, and this file the layout itself: neither names a source file.
const EXEMPT = ['icons.test.ts', 'layout.test.ts'];

/** The source files a test file may name: nodes/<path>/<name>.ts, with or without an aspect after <name>. */
function namedSources(testFile: string): string[] {
	const name = testFile.slice(0, -'.test.ts'.length);
	const withoutAspect = name.replace(/\.[^./]+$/, '');
	return [...new Set([`nodes/${name}.ts`, `nodes/${withoutAspect}.ts`])];
}

const files = testFiles().filter((file) => !EXEMPT.includes(file));

test.each(files)('%s is next to the source file it names', (file) => {
	expect(namedSources(file).filter(sourceExists)).not.toEqual([]);
});
