// Checks the relative links of the documentation: every `](path)` and `](path#anchor)` in README.md,
// CONTRIBUTING.md, docs/*.md, BENCHMARKS.md and the READMEs of test/e2e, test/emulator and scripts/n8n must reach a file or folder of the repository,
// and an anchor must be a heading of the Markdown file it names (as GitHub spells heading anchors).
// Links to other sites (http:, https:, mailto:) are not followed. A repository path written as code
// (`nodes/…`, `test/…`, `scripts/…`, …) must exist too, so that a moved file cannot leave the layout
// map or a reference behind. Exits 1 on any broken link or path.
// Usage: node scripts/check-doc-links.mjs [file.md ...]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function defaultFiles() {
	const docs = readdirSync(path.join(root, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => path.join('docs', name));
	return ['README.md', 'CONTRIBUTING.md', ...docs, 'BENCHMARKS.md', ...['test/e2e', 'test/emulator', 'scripts/n8n'].map((folder) => path.join(folder, 'README.md'))];
}

/** Markdown without its fenced code blocks and inline code, where `](` is not a link. */
function withoutCode(text) {
	return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(file) {
	const anchors = new Set();
	const counts = new Map();
	const text = readFileSync(file, 'utf8').replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
	for (const match of text.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
		const base = match[1]
			.replace(/`/g, '')
			.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const seen = counts.get(base) ?? 0;
		counts.set(base, seen + 1);
		anchors.add(seen === 0 ? base : `${base}-${seen}`);
	}
	return anchors;
}

const files = process.argv.length > 2 ? process.argv.slice(2) : defaultFiles();
const anchorCache = new Map();
let links = 0;
const broken = [];

/** Inline code that names a path of this repository, without placeholders or globs. */
const REPO_PATH = /^(?:nodes|test|scripts|bench|docs|examples|credentials|\.ci|\.github)\/[\w./-]*$/;

function checkCodePaths(absolute) {
	const text = readFileSync(absolute, 'utf8').replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
	text.split('\n').forEach((line, index) => {
		for (const match of line.matchAll(/`([^`\n]+)`/g)) {
			const named = match[1];
			if (!REPO_PATH.test(named)) continue;
			links++;
			if (!existsSync(path.join(root, named))) broken.push(`${path.relative(root, absolute)}:${index + 1}: ${named}: no such file or folder`);
		}
	});
}

for (const file of files) {
	const absolute = path.resolve(root, file);
	checkCodePaths(absolute);
	const lines = withoutCode(readFileSync(absolute, 'utf8')).split('\n');
	lines.forEach((line, index) => {
		for (const match of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
			const target = match[1];
			if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
			links++;
			const [linkPath, anchor] = target.split('#', 2);
			const resolved = linkPath === '' ? absolute : path.resolve(path.dirname(absolute), decodeURI(linkPath));
			const where = `${path.relative(root, absolute)}:${index + 1}`;
			if (!existsSync(resolved)) {
				broken.push(`${where}: ${target}: no such file`);
				continue;
			}
			if (anchor === undefined || anchor === '') continue;
			if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) {
				broken.push(`${where}: ${target}: an anchor on a file that is not Markdown`);
				continue;
			}
			if (!anchorCache.has(resolved)) anchorCache.set(resolved, anchorsOf(resolved));
			if (!anchorCache.get(resolved).has(anchor)) broken.push(`${where}: ${target}: no heading with that anchor`);
		}
	});
}

for (const line of broken) console.log(line);
console.log(`check-doc-links: ${links} relative links and repository paths in ${files.length} files, ${broken.length} broken`);
process.exitCode = broken.length === 0 ? 0 : 1;
