import type { Benchmark } from './support/benchmark.js'; const b: Benchmark = { name: 'advanced-statefulset', title: 'todo', budgetMs: 1000, async run() {} }; export default b;
