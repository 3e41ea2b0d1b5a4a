// @ts-check
// What must agree before a version is published: the git tag, package.json, the lockfile and the
// CHANGELOG's dated section for that version.

/**
 * @param {{ tag?: string, manifest: { version: string }, lockfile: { version?: string, packages?: Record<string, { version?: string }> }, changelog: string }} input
 * @returns {string[]} the problems, none when the release is consistent
 */
export function releaseProblems({ tag, manifest, lockfile, changelog }) {
	const { version } = manifest;
	const problems = [];
	if (tag !== undefined && tag !== `v${version}`) problems.push(`tag ${tag} does not match package.json's version ${version} (expected v${version})`);
	for (const [where, found] of [
		['package-lock.json', lockfile.version],
		['package-lock.json packages[""]', lockfile.packages?.['']?.version],
	]) {
		if (found !== version) problems.push(`${where} says ${found}, package.json ${version}: run npm install to update the lockfile`);
	}
	const escaped = version.replace(/\./g, '\\.');
	if (!new RegExp(`^## \\[${escaped}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm').test(changelog)) {
		problems.push(`CHANGELOG.md has no dated section "## [${version}] - YYYY-MM-DD"`);
	}
	if (!new RegExp(`^\\[${escaped}\\]: https://\\S+v${escaped}$`, 'm').test(changelog)) {
		problems.push(`CHANGELOG.md has no link "[${version}]: https://…v${version}" for its heading`);
	}
	return problems;
}
