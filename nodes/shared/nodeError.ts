import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

/** Errors leave the node as NodeApiError or NodeOperationError; anything else is wrapped, keeping its message. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}
