// The verification scanner's lint gate (@n8n/scan-community-package), run the way it runs on a
// published package: once on the source folder, once on the unpacked `npm pack` tarball.
// Needs `npm run build` first, since the tarball holds dist/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function report(leg, result) {
	console.log(`scan ${leg}: ${result.passed ? 'passed' : `FAILED (${result.message})`}`);
	if (result.details) console.log(result.details);
	return result.passed;
}

const workDir = mkdtempSync(path.join(tmpdir(), 'sixtyfour-scan-'));
try {
	const sourcePassed = report('source', await analyzePackage(root, SOURCE_FILE_PATTERNS));

	const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', workDir], {
		cwd: root,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['-xzf', path.join(workDir, packed), '-C', workDir]);
	const tarballPassed = report(
		`tarball ${packed}`,
		await analyzePackage(path.join(workDir, 'package'), ['**/*.js', 'package.json']),
	);
	process.exitCode = sourcePassed && tarballPassed ? 0 : 1;
} finally {
	rmSync(workDir, { recursive: true, force: true });
}
