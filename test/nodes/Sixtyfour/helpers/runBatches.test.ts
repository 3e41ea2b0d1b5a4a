import { RunPlan } from '../../../../nodes/Sixtyfour/helpers/runBatches';

describe('RunPlan', () => {
	const plan = (workflowIds: string[]) => {
		const runPlan = new RunPlan();
		workflowIds.forEach((workflowId, itemIndex) => runPlan.add(workflowId, { n: itemIndex }, itemIndex));
		return runPlan;
	};

	it('puts all items of a workflow into one run by default', () => {
		const batches = plan(['a', 'a', 'a']).batches(0);
		expect(batches).toEqual([
			{ workflowId: 'a', records: [{ n: 0 }, { n: 1 }, { n: 2 }], itemIndexes: [0, 1, 2], recordItems: [0, 1, 2], recordPlaces: [0, 0, 0] },
		]);
	});

	it('splits by records per run and keeps workflows apart, in first-seen order', () => {
		const batches = plan(['b', 'a', 'b', 'b', 'a']).batches(2);
		expect(batches.map((batch) => [batch.workflowId, batch.itemIndexes])).toEqual([
			['b', [0, 2]],
			['b', [3]],
			['a', [1, 4]],
		]);
	});

	it('pairs a run with each input item once, however many records the item gave', () => {
		const runPlan = new RunPlan();
		runPlan.add('a', { n: 1 }, 0, 0);
		runPlan.add('a', { n: 2 }, 0, 1);
		runPlan.add('a', { n: 3 }, 1, 0);
		expect(runPlan.size).toBe(3);
		expect(runPlan.batches(0)[0].itemIndexes).toEqual([0, 1]);
		expect(runPlan.batches(0)[0].recordItems).toEqual([0, 0, 1]);
		expect(runPlan.batches(0)[0].recordPlaces).toEqual([0, 1, 0]);
	});

	it('splits 10,000 records into runs of 2,500 with nothing lost', () => {
		const batches = plan(new Array(10_000).fill('a')).batches(2500);
		expect(batches.map((batch) => batch.records.length)).toEqual([2500, 2500, 2500, 2500]);
		expect(batches.flatMap((batch) => batch.itemIndexes)).toEqual([...Array(10_000).keys()]);
	});

	it('is empty until something is added', () => {
		expect(new RunPlan().size).toBe(0);
		expect(new RunPlan().batches(10)).toEqual([]);
	});
});
