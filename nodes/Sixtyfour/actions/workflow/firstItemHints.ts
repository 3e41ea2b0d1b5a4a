import type { NodeHint } from 'n8n-workflow';

/**
 * Workflow → Run reads these settings once, for the first input item, and applies them to every
 * item (readRunSettings). An expression in one of them would silently use the first item's value,
 * so the node says so, as n8n's Google Sheets and Execute Workflow nodes do.
 */
const READ_ONCE: Array<[displayName: string, parameter: string, kind: 'field' | 'collection']> = [
	['Records', 'recordsSource', 'field'],
	['Wait for Completion', 'waitForCompletion', 'field'],
	['Output', 'resultOutput', 'field'],
	['Result File', 'resultFile', 'field'],
	['Block Number', 'blockNumber', 'field'],
	['Match Rows to Input', 'matchRows', 'field'],
	['Match Field', 'matchField', 'field'],
	['Wait Options', 'waitOptions', 'collection'],
	['Result Options', 'resultOptions', 'collection'],
	['Options', 'runOptions', 'collection'],
];

const isExpression = (parameter: string, kind: 'field' | 'collection') =>
	kind === 'field'
		? `String($rawParameter.${parameter}).startsWith("=")`
		: `Object.values($rawParameter.${parameter} || {}).some((value) => String(value).startsWith("="))`;

export const firstItemHints: NodeHint[] = READ_ONCE.map(([displayName, parameter, kind]) => ({
	type: 'info',
	message: `Note on using an expression for ${displayName}: It will be evaluated only once, so all items will use the <em>same</em> value. It will be calculated by evaluating the expression for the <strong>first input item</strong>.`,
	displayCondition: `={{ $parameter.resource === "workflow" && $parameter.operation === "run" && ${isExpression(parameter, kind)} && $input.all().length > 1 }}`,
	whenToDisplay: 'always',
	location: 'outputPane',
}));
