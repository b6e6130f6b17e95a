import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TurnGate, yieldToLoop } from '../../server/realtime/turn-gate.js';

test('a job under the per-turn limit runs at once', () => {
  const gate = new TurnGate(4);
  const ran: number[] = [];
  for (let i = 0; i < 4; i++) gate.admit(() => ran.push(i));
  assert.deepEqual(ran, [0, 1, 2, 3]);
  assert.equal(gate.queued, 0);
});

test('past the limit, jobs run in order over later turns, with other callbacks in between', async () => {
  const gate = new TurnGate(3);
  const log: string[] = [];
  for (let i = 0; i < 8; i++) gate.admit(() => log.push(`job${i}`));
  assert.deepEqual(log, ['job0', 'job1', 'job2']);
  assert.equal(gate.queued, 5);
  // Another callback queued now (as an HTTP request would be) runs before the next chunk ends.
  setImmediate(() => log.push('other'));
  while (gate.queued > 0) await yieldToLoop();
  await yieldToLoop();
  assert.deepEqual(log, ['job0', 'job1', 'job2', 'job3', 'job4', 'job5', 'other', 'job6', 'job7']);
});

test('a job never overtakes one that waits, even when a new turn has room', async () => {
  const gate = new TurnGate(1);
  const log: number[] = [];
  gate.admit(() => log.push(1));
  gate.admit(() => log.push(2));
  const third = gate.turn().then(() => log.push(3));
  await third;
  assert.deepEqual(log, [1, 2, 3]);
  // Once the queue is empty and a turn has passed, jobs run at once again.
  await yieldToLoop();
  await yieldToLoop();
  gate.admit(() => log.push(4));
  assert.deepEqual(log, [1, 2, 3, 4]);
});
