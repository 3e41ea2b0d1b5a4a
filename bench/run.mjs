// `npm run bench [-- section ...]`: compiles the TypeScript the benchmarks drive, runs each section in
// its own Node process, prints the targets and, when every section ran, writes BENCHMARKS.md (the
// polling section alone is spliced into it).
// Sections: polling, trigger, webhook, runBuilding, ingestion (the default is all of them).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { runChild } = require('./childProcess.js');
const { describeMachine } = require('./machine.js');
const { renderConsole, renderMarkdown, splicePollingSection } = require('./report.js');
const { closingNotes, pollingNotes } = require('./notes.js');

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoDir = path.dirname(benchDir);
const SECTIONS = ['polling', 'trigger', 'webhook', 'runBuilding', 'ingestion'];

const chosen = process.argv.slice(2);
for (const name of chosen) {
	if (!SECTIONS.includes(name)) throw new Error(`unknown section "${name}"; sections: ${SECTIONS.join(', ')}`);
}
const sections = chosen.length ? chosen : SECTIONS;

const started = Date.now();
const machine = describeMachine();
console.log('Compiling nodes, credentials and the test harness into bench/out/build ...');
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(benchDir, 'tsconfig.json')], { stdio: 'inherit', cwd: repoDir });

const results = { machine };
for (const name of sections) {
	console.log(`Running ${name} ...`);
	const sectionStarted = Date.now();
	results[name] = await runChild(path.join(benchDir, `${name}.js`), [], { nodeOptions: ['--expose-gc'] });
	console.log(`  ${name} took ${((Date.now() - sectionStarted) / 1000).toFixed(0)} s`);
}
rmSync(path.join(benchDir, 'out', 'binary-data'), { recursive: true, force: true });
results.totalSeconds = (Date.now() - started) / 1000;
// Queue-mode figures come from the queue-mode leg of `npm run test:e2e`, which needs PostgreSQL,
// Redis and three n8n processes; the bench keeps the ones that leg wrote last.
const queueModeFile = path.join(benchDir, 'queue-mode.json');
if (existsSync(queueModeFile)) results.queueMode = JSON.parse(readFileSync(queueModeFile, 'utf8'));

console.log(`\n${renderConsole(results)}`);
const benchmarksFile = path.join(repoDir, 'BENCHMARKS.md');
if (sections.length === SECTIONS.length) {
	writeFileSync(benchmarksFile, renderMarkdown(results, closingNotes(results)));
	console.log('\nWrote BENCHMARKS.md');
} else if (sections.length === 1 && sections[0] === 'polling' && existsSync(benchmarksFile)) {
	// The polling section alone (it takes seconds; ingestion takes minutes): spliced into the last full run's file.
	writeFileSync(benchmarksFile, splicePollingSection(readFileSync(benchmarksFile, 'utf8'), results, pollingNotes(results.polling)));
	console.log('\nUpdated the polling section of BENCHMARKS.md');
}
writeFileSync(path.join(benchDir, 'out', 'results.json'), `${JSON.stringify(results, null, '\t')}\n`);
