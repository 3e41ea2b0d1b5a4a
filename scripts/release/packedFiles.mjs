// @ts-check
// What the published tarball may and must hold: what a user needs (the compiled package, its
// manifest, README, LICENSE and CHANGELOG), nothing from test/, bench/ or scripts/.

/** Files allowed at the tarball's root besides dist/. */
export const ROOT_FILES = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];

/**
 * The problems with a packed file list, none when it is right.
 * @param {string[]} files paths inside the tarball, as `npm pack --json` lists them
 * @param {{ name: string, version: string, main: string, n8n: { nodes: string[], credentials: string[] } }} manifest
 * @returns {string[]}
 */
export function packedFileProblems(files, manifest) {
	const problems = [];
	const present = new Set(files);
	for (const file of files) {
		if (!ROOT_FILES.includes(file) && !file.startsWith('dist/')) problems.push(`${file} is not for users (only dist/ and ${ROOT_FILES.join(', ')})`);
		if (/^dist\/(test|bench|scripts)\//.test(file)) problems.push(`${file} is compiled from outside the package code`);
	}
	const required = [...ROOT_FILES, manifest.main, ...manifest.n8n.nodes, ...manifest.n8n.credentials];
	for (const file of required) if (!present.has(file)) problems.push(`${file} is missing`);
	for (const node of manifest.n8n.nodes) {
		const dir = node.slice(0, node.lastIndexOf('/') + 1);
		const codex = node.replace(/\.js$/, '.json');
		if (!present.has(codex)) problems.push(`${codex} (the node's codex file) is missing`);
		if (!files.some((file) => file.startsWith(dir) && file.endsWith('.svg'))) problems.push(`${dir} has no icon`);
	}
	return problems;
}

/** @param {string} name @param {string} version */
export const tarballName = (name, version) => `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
