/** The page's turn scheduler (core/turns.ts): shares, priorities, caps, off-screen tiles, tiles coming and going. */
import { expect, test } from '@playwright/test';
import { tileWeight, TurnScheduler, type TileView } from '../../src/core/turns.js';

const TILE: TileView = { priority: 1, visible: true, area: 320 * 240, maxFps: 0 };

/**
 * Runs one slot for `ms` of simulated time: every tile in `busy` asks again as soon as its turn
 * ends; each inference costs `cost` ms. Returns the order of the turns.
 */
function run(s: TurnScheduler, busy: number[], ms: number, cost = 100, start = 0): { order: number[]; now: number } {
  const order: number[] = [];
  let now = start;
  while (now < start + ms) {
    for (const id of busy) s.request(id, now);
    const [id] = s.grant(now);
    if (id === undefined) {
      now += 10; // all capped: time passes
      continue;
    }
    order.push(id);
    now += cost;
    s.done(id, cost);
  }
  return { order, now };
}

const count = (order: number[], id: number): number => order.filter((x) => x === id).length;

test('equal tiles share the turns equally, and one waits at most one round (16 tiles: 16 turns)', () => {
  const s = new TurnScheduler();
  const ids = Array.from({ length: 16 }, (_, i) => i);
  for (const id of ids) s.add(id, TILE);
  const { order } = run(s, ids, 160_000);
  for (const id of ids) expect(count(order, id)).toBe(100);
  // Between two turns of a tile, every other tile has exactly one.
  for (const id of ids) {
    const at = order.flatMap((x, i) => (x === id ? [i] : []));
    for (let k = 1; k < at.length; k++) expect(at[k]! - at[k - 1]!).toBe(16);
  }
  expect(s.state(3, 0)).toMatchObject({ weight: 1, turns: 100 });
});

test('priority and size on screen weigh the share: 3:1 by priority, 4:1 by size (sqrt of the area, 0.5 to 2)', () => {
  const s = new TurnScheduler();
  s.add(1, { ...TILE, priority: 3 });
  s.add(2, TILE);
  const byPriority = run(s, [1, 2], 40_000).order;
  expect(count(byPriority, 1)).toBe(300);
  expect(count(byPriority, 2)).toBe(100);
  s.request(1, 40_000);
  s.request(2, 40_000);
  expect(s.state(1, 40_000).share).toBeCloseTo(0.75);

  expect(tileWeight({ ...TILE, area: 1920 * 1080 })).toBe(2);
  expect(tileWeight({ ...TILE, area: 80 * 60 })).toBe(0.5);
  expect(tileWeight({ ...TILE, area: 640 * 480 })).toBe(2);
  expect(tileWeight({ ...TILE, area: 0, priority: 4 })).toBe(2);
  const sized = new TurnScheduler();
  sized.add(1, { ...TILE, area: 640 * 480 });
  sized.add(2, { ...TILE, area: 80 * 60 });
  const bySize = run(sized, [1, 2], 50_000).order;
  expect(count(bySize, 1) / count(bySize, 2)).toBeCloseTo(4, 1);
});

test('no starvation: a low-priority tile still gets its share, and a tile back from idle does not take a burst', () => {
  const s = new TurnScheduler();
  s.add(1, { ...TILE, priority: 10 });
  s.add(2, { ...TILE, priority: 0.5 });
  const { order } = run(s, [1, 2], 21_000);
  // 1/21 of the turns, spread out: never more than 21 turns apart.
  expect(count(order, 2)).toBe(10);
  const at = order.flatMap((x, i) => (x === 2 ? [i] : []));
  for (let k = 1; k < at.length; k++) expect(at[k]! - at[k - 1]!).toBeLessThanOrEqual(21);

  // Tile 3 idles while 4 runs 50 turns, then both want turns: they alternate from there.
  const t = new TurnScheduler();
  t.add(3, TILE);
  t.add(4, TILE);
  const first = run(t, [4], 5000);
  expect(count(first.order, 4)).toBe(50);
  const after = run(t, [3, 4], 2000, 100, first.now).order;
  expect(count(after, 3)).toBe(10);
  expect(count(after, 4)).toBe(10);
});

test('maxFps caps a tile; its share goes to the others; the next due time is known for a timer', () => {
  const s = new TurnScheduler();
  s.add(1, { ...TILE, maxFps: 2 });
  s.add(2, TILE);
  const { order } = run(s, [1, 2], 10_000);
  expect(count(order, 1)).toBe(20); // 2 per second for 10 s
  expect(count(order, 2)).toBe(80); // everything else
  const alone = new TurnScheduler();
  alone.add(1, { ...TILE, maxFps: 4 });
  alone.request(1, 0);
  expect(alone.grant(0)).toEqual([1]);
  alone.done(1, 50);
  alone.request(1, 50);
  expect(alone.grant(50)).toEqual([]);
  expect(alone.state(1, 50).state).toBe('capped');
  expect(alone.nextEligibleAt(50)).toBe(250);
  expect(alone.grant(250)).toEqual([1]);
});

test('an off-screen tile is never chosen; one slot runs one turn at a time; states say why', () => {
  const s = new TurnScheduler();
  s.add(1, { ...TILE, visible: false });
  s.add(2, TILE);
  s.request(1, 0);
  s.request(2, 0);
  expect(s.state(1, 0)).toMatchObject({ state: 'offscreen', share: 0 });
  expect(s.grant(0)).toEqual([2]);
  expect(s.state(2, 0).state).toBe('running');
  s.request(2, 1); // asking during its turn: for the next one
  expect(s.grant(1)).toEqual([]);
  s.done(2, 100);
  expect(s.state(2, 100).state).toBe('waiting');
  expect(s.grant(100)).toEqual([2]); // 1 is still off screen
  s.done(2, 100);
  expect(s.state(2, 200).state).toBe('idle');
  s.update(1, { visible: true });
  expect(s.state(1, 200).state).toBe('waiting');
  expect(s.grant(200)).toEqual([1]);
  s.request(2, 200);
  s.withdraw(2);
  s.done(1, 100);
  expect(s.grant(300)).toEqual([]);
  const two = new TurnScheduler(2);
  for (const id of [1, 2, 3]) {
    two.add(id, TILE);
    two.request(id, 0);
  }
  expect(two.grant(0)).toEqual([1, 2]);
});

test('a tile removed during its turn frees the slot; a tile added mid-run joins at the current virtual time', () => {
  const s = new TurnScheduler();
  s.add(1, TILE);
  s.add(2, TILE);
  run(s, [1, 2], 1000);
  s.request(1, 1000);
  s.request(2, 1000);
  const [running] = s.grant(1000);
  s.remove(running!);
  expect(s.grant(1000)).toEqual([running === 1 ? 2 : 1]);
  s.done(running!, 100); // the removed tile's late end changes nothing
  expect(s.state(running!, 1000)).toEqual({ state: 'idle', weight: 0, share: 0, turns: 0 });
  const survivor = running === 1 ? 2 : 1;
  s.done(survivor, 100);
  // A newcomer does not get all the turns it "missed": it alternates with the survivor.
  s.add(9, TILE);
  const { order } = run(s, [survivor, 9], 2000, 100, 1100);
  expect(count(order, 9)).toBe(10);
  expect(count(order, survivor)).toBe(10);
});

test('the desk: one turn at a time, taken when it comes; a tile that no longer wants it passes it on; leaving mid-turn frees it; a capped tile is woken by a timer', async () => {
  const { TurnDesk } = await import('../../src/turn-desk.js');
  let clock = 0;
  const desk = new TurnDesk(() => clock);
  const taken: string[] = [];
  let bWants = true;
  const a = desk.join(TILE, () => (taken.push('a'), true));
  const b = desk.join(TILE, () => (bWants ? (taken.push('b'), true) : false));
  a.request();
  b.request();
  expect(taken).toEqual(['a']); // b waits: its frame is not read yet
  expect(b.state().state).toBe('waiting');
  clock = 100;
  a.done(100);
  expect(taken).toEqual(['a', 'b']);
  a.request();
  a.done(50); // a holds no turn: nothing happens
  expect(taken).toEqual(['a', 'b']);
  b.leave(); // mid-turn: the turn goes to a
  b.leave();
  expect(taken).toEqual(['a', 'b', 'a']);
  a.done(100);
  const c = desk.join(TILE, () => false); // wants none after all
  bWants = false;
  c.request();
  a.request();
  expect(taken).toEqual(['a', 'b', 'a', 'a']);
  a.done(100);
  c.leave();
  a.leave();
  // A capped tile: its next turn is given by a timer at its slot. The desk's clock is the test's,
  // so a busy machine cannot pass the slot between two statements; the timer is real.
  let capClock = 0;
  const capped = new TurnDesk(() => capClock);
  const turns: number[] = [];
  const d = capped.join({ ...TILE, maxFps: 4 }, () => (turns.push(capClock), true));
  d.request();
  d.done(1);
  d.request();
  expect(turns).toEqual([0]);
  expect(d.state().state).toBe('capped');
  capClock = 200; // before its slot (250): a pump gives nothing
  d.update({ priority: 1 });
  expect(turns).toEqual([0]);
  capClock = 260;
  // Woken by the desk's own timer (however late a busy machine runs it): no one asks again.
  for (let i = 0; i < 1000 && turns.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(turns).toEqual([0, 260]);
  d.leave();
});

test('a one-off slow turn (the model\'s first run, a pause) does not hold its tile back: a tile is charged its usual turn (the median of its last five), the first not at all', () => {
  const s = new TurnScheduler();
  s.add(1, TILE);
  s.add(2, TILE);
  s.request(1, 0);
  s.request(2, 0);
  expect(s.grant(0)).toEqual([1]);
  s.done(1, 3000); // the first run: XNNPACK packs the weights
  const order: number[] = [];
  let now = 3000;
  for (let i = 0; i < 20; i++) {
    s.request(1, now);
    s.request(2, now);
    const [id] = s.grant(now);
    order.push(id!);
    const cost = i === 6 ? 5000 : 100; // a pause in one turn
    now += cost;
    s.done(id!, cost);
  }
  // Charged in full, the 3-s run would have given tile 2 the next 30 turns.
  expect(count(order, 1)).toBeGreaterThanOrEqual(9);
  expect(count(order, 2)).toBeGreaterThanOrEqual(9);
});

test('a slow first measured turn (the machine busy elsewhere, before there is a usual cost) holds its tile back two rounds at most', () => {
  const s = new TurnScheduler();
  for (let id = 0; id < 16; id++) {
    s.add(id, TILE);
    s.request(id, 0);
  }
  let now = 0;
  const order: number[] = [];
  for (let i = 0; i < 16 * 6; i++) {
    for (let id = 0; id < 16; id++) s.request(id, now);
    const [id] = s.grant(now);
    order.push(id!);
    // The first run is the model's set-up; the second, tile 1's, came while the machine was busy: 12 usual turns long.
    const cost = i === 0 ? 3000 : i === 1 ? 2400 : 200;
    now += cost;
    s.done(id!, cost);
  }
  expect(order[1]).toBe(1);
  const counts = Array.from({ length: 16 }, (_, id) => count(order, id));
  // Charged its 2.4 s in full, tile 1 would have waited 12 rounds (6 turns here against 6 for each other tile).
  expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(2);
  // The slow turn is still charged (capped): tile 1 gets no more than the others.
  expect(count(order, 1)).toBeLessThanOrEqual(Math.max(...counts));
});

test('noisy turn costs (a shared machine) leave the shares as the weights say, over a few turns too; a model whose turns really cost twice gets half the turns', () => {
  const s = new TurnScheduler();
  s.add(1, { ...TILE, priority: 4, costKey: 'light' });
  s.add(2, { ...TILE, costKey: 'light' });
  s.add(3, { ...TILE, costKey: 'heavy' });
  let now = 0;
  let seed = 7;
  const noise = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 2.5; // 0 to 2.5
  const order: number[] = [];
  for (let i = 0; i < 600; i++) {
    for (const id of [1, 2, 3]) s.request(id, now);
    const [id] = s.grant(now);
    order.push(id!);
    // Every turn's time is 1 to 3.5 times its model's usual at random; the heavy model's usual is twice the light one's.
    const cost = (id === 3 ? 200 : 100) * (1 + noise());
    now += cost;
    s.done(id!, cost);
  }
  // Tile 1's turns between tile 2's, over each run of 4 of tile 2's turns (as a browser test counts them).
  const gaps: number[] = [];
  let gap = 0;
  for (const id of order) {
    if (id === 1) gap++;
    if (id === 2) (gaps.push(gap), (gap = 0));
  }
  for (let k = 2; k + 4 <= gaps.length; k++) {
    const perTurn = gaps.slice(k, k + 4).reduce((a, b) => a + b, 0) / 4;
    expect(perTurn).toBeGreaterThanOrEqual(3);
    expect(perTurn).toBeLessThanOrEqual(5);
  }
  const heavy = count(order, 2) / count(order, 3);
  expect(heavy).toBeGreaterThan(1.7);
  expect(heavy).toBeLessThan(2.3);
});
