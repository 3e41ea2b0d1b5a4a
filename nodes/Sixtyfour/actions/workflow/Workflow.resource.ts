import type { INodeProperties } from 'n8n-workflow';

import { operationProperty, type Operation } from '../operation';
import * as run from './run.operation';

/** The Sixtyfour Workflow resource: starting runs of a workflow. */
export const operations: Operation[] = [run];

export const description: INodeProperties[] = [
	operationProperty('workflow', operations, 'run'),
	...operations.flatMap((operation) => operation.description),
];
