// Naming and shape of the Node that `ordinal node add` creates for the agents to adopt.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextNodeName, simulatedNode } from './node.js';

test('node add names the next free node-N and creates only the label the agents adopt by', () => {
  assert.equal(nextNodeName(['node-0', 'node-1', 'node-3']), 'node-2');
  assert.equal(nextNodeName([]), 'node-0');
  assert.deepEqual(simulatedNode('n'), { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels: { 'node.ordinal.dev/simulated': 'true' } } });
});
