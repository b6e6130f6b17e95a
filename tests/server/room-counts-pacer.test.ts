import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnnouncePacer } from '../../server/realtime/room-counts.js';

/** Runs `ticks` timer ticks; `told(n)` says how many sockets the nth announcement reached. */
function announcingTicks(
  pacer: AnnouncePacer,
  ticks: number,
  told: (n: number) => number,
): number[] {
  const at: number[] = [];
  for (let tick = 1; tick <= ticks; tick++) {
    if (!pacer.due()) continue;
    at.push(tick);
    pacer.announced(told(at.length));
  }
  return at;
}

describe('room_counts pacing (the pacer alone: no sockets)', () => {
  it('announces every tick while announcements are small', () => {
    assert.deepEqual(
      announcingTicks(new AnnouncePacer(100, 5), 6, () => 100),
      [1, 2, 3, 4, 5, 6],
    );
  });

  it('spaces announcements 2, 4, then at most 5 ticks apart while each one is big (a storm)', () => {
    assert.deepEqual(
      announcingTicks(new AnnouncePacer(100, 5), 20, () => 101),
      [1, 3, 7, 12, 17],
    );
  });

  it('goes back to every tick after the first small announcement', () => {
    // Big, big, then small from the third announcement on.
    assert.deepEqual(
      announcingTicks(new AnnouncePacer(100, 5), 10, (n) => (n <= 2 ? 5_000 : 0)),
      [1, 3, 7, 8, 9, 10],
    );
  });
});
