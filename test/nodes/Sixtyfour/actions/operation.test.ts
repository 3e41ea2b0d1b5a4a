import type { INodeProperties } from 'n8n-workflow';

import { operationProperty, type Operation } from '../../../../nodes/Sixtyfour/actions/operation';
import * as run from '../../../../nodes/Sixtyfour/actions/run/Run.resource';
import * as workflow from '../../../../nodes/Sixtyfour/actions/workflow/Workflow.resource';

const operation = (name: string, value: string): Operation => ({
	description: [],
	option: { name, value, description: `${name}.`, action: name },
	execute: async () => [],
});

describe('operationProperty', () => {
	it('lists the operations in the alphabetical order n8n\'s lint asks for, shown for their resource only', () => {
		const property = operationProperty('run', [operation('Get Status', 'getStatus'), operation('Cancel', 'cancel'), operation('Get Results', 'getResults'), operation('Get Result Links', 'getResultLinks')], 'getStatus');
		expect(property).toMatchObject({ name: 'operation', type: 'options', noDataExpression: true, default: 'getStatus', displayOptions: { show: { resource: ['run'] } } });
		expect(property.options?.map((option) => option.name)).toEqual(['Cancel', 'Get Result Links', 'Get Results', 'Get Status']);
	});
});

describe.each([
	['workflow', workflow],
	['run', run],
])('the %s resource', (resource, module) => {
	const operationList = module.description[0] as INodeProperties;

	it('offers each of its operations once, with its own parameters after the Operation list', () => {
		const values = module.operations.map((candidate) => candidate.option.value);
		expect(new Set(values).size).toBe(values.length);
		expect(operationList.options?.map((option) => (option as { value: string }).value).sort()).toEqual([...values].sort());
		expect(module.description.slice(1)).toEqual(module.operations.flatMap((candidate) => candidate.description));
	});

	it('shows each operation\'s parameters for that resource and operation only', () => {
		for (const candidate of module.operations) {
			for (const property of candidate.description) {
				expect(property.displayOptions?.show).toMatchObject({ resource: [resource], operation: [candidate.option.value] });
			}
		}
	});
});
