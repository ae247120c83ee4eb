/**
 * `followMotion`: boxes stay on a moving object between inferences instead of trailing it by the
 * inference time, and stop where it stops. The object is a real photo (a person, with a dog and a
 * horse) sliding across a canvas stream at a known speed; each frame carries its own position in a
 * corner block, so the truth for the frame on screen is read from that very frame.
 */
import { expect, test } from '@playwright/test';
import { pagePerTest, scaled } from './browser.js';
import { MAX_LEAD_MS } from '../../src/core/follow.js';

const t = pagePerTest();

test('followMotion: the person\'s box stays on the walking person (half the error or less of boxes left where found), and stops with it', async () => {
  test.setTimeout(scaled(300_000));
  const r = await t.page.evaluate(async () => {
    const DO = (window as any).DetectOverlay;
    const { until } = await import('/test/pages/fixtures.js' as string);
    const img = new Image();
    img.src = '/media/photos/person_dog_horse.jpg';
    await img.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: 640, height: 480 });
    const ctx = canvas.getContext('2d')!;
    // The photo (320 px wide) crosses 320 px left to right in a pass of 4 s (longer where inference
    // is slow, so that each pass has time for a few results: see passMs below), then starts again;
    // or stands still.
    let passMs = 4000;
    const speed = () => 320 / passMs; // px per ms
    let moving = false;
    let startedAt = 0;
    let frozenAt = 0;
    const place = () => (moving ? ((performance.now() - startedAt) % passMs) * speed() : frozenAt);
    let raf = 0;
    const paint = () => {
      const x = place();
      ctx.fillStyle = '#777';
      ctx.fillRect(0, 0, 640, 480);
      ctx.drawImage(img, x, 120, 320, 212);
      const g = Math.round((x * 255) / 320); // the frame's own position, 1.25 px steps
      ctx.fillStyle = `rgb(${g},${g},${g})`;
      ctx.fillRect(0, 0, 8, 8);
      raf = requestAnimationFrame(paint);
    };
    paint();
    const probe = Object.assign(document.createElement('canvas'), { width: 8, height: 8 }).getContext('2d', { willReadFrequently: true })!;
    const model = { detector: 'centernet', modelUrl: '/models/centernet/centernet.json' };
    const person = (o: any) => o.detections.filter((d: any) => d.label === 'person').sort((a: any, b: any) => b.score - a.score)[0];
    const centre = (d: any) => d.bbox[0] + d.bbox[2] / 2;

    /** The median of inferences 2-5 on the moving picture, the gate off (so one follows another). */
    const steadyInferenceMs = async (): Promise<number> => {
      moving = true;
      startedAt = performance.now();
      const video = Object.assign(document.createElement('video'), { muted: true, srcObject: canvas.captureStream(30) });
      document.body.append(video);
      await video.play();
      const o = await DO.attach(video, { ...model, motion: false, overlay: false, tracking: false });
      const times: number[] = [];
      o.on('detections', (e: any) => times.push(e.inferenceMs));
      await until(() => times.length >= 5, 'five inferences');
      o.destroy();
      video.remove();
      moving = false;
      return times.slice(1, 5).sort((a, b) => a - b)[2]!;
    };

    const run = async (followMotion: boolean) => {
      const video = Object.assign(document.createElement('video'), { muted: true, srcObject: canvas.captureStream(30) });
      video.style.width = '640px';
      document.body.append(video);
      await video.play();
      const o = await DO.attach(video, { ...model, followMotion, tracking: false });
      // How long the gate has seen the picture stand still (0 while it moves).
      let stillSince = -1;
      // And how often it gives verdicts while the person walks (the finest a stop can be seen: slower on a busy machine).
      const verdictTimes: number[] = [];
      o.on('motion', (m: any) => {
        if (moving) verdictTimes.push(performance.now());
        if (m.reason === 'motion') stillSince = -1; else if (stillSince < 0) stillSince = performance.now();
      });
      let results = 0;
      o.on('detections', () => results++);
      // Standing still: where the person is in the photo.
      moving = false;
      frozenAt = 0;
      await new Promise<void>((res) => o.on('detections', () => res()));
      const offset = centre(person(o));
      // Walking: the error of the drawn box against the frame on screen, away from the restarts (from
      // 1.5 s into a pass, once three results came in it: following needs two to find a speed), over
      // two passes at least and until 40 frames are measured (fewer frames come on a busy machine).
      // Then the person stops, in the last quarter of a pass (far from a restart).
      moving = true;
      startedAt = performance.now();
      const errors: number[] = [];
      const measured = () => errors.length >= 40 && performance.now() - startedAt >= 2 * passMs;
      let pass = 0;
      let resultsAtPass = results;
      const step = () => {
        const elapsed = performance.now() - startedAt;
        if (Math.floor(elapsed / passMs) !== pass) {
          pass = Math.floor(elapsed / passMs);
          resultsAtPass = results;
        }
        const sincePass = elapsed % passMs;
        probe.drawImage(video, 0, 0, 8, 8, 0, 0, 8, 8);
        const x = (probe.getImageData(4, 4, 1, 1).data[0]! * 320) / 255;
        const p = person(o);
        if (p && sincePass > 1500 && results - resultsAtPass >= 3) errors.push(Math.abs(centre(p) - (x + offset)));
        if (measured() && sincePass > 0.75 * passMs && sincePass < 0.92 * passMs) {
          frozenAt = place();
          moving = false;
        } else {
          video.requestVideoFrameCallback(step);
        }
      };
      video.requestVideoFrameCallback(step);
      await until(() => !moving, '40 measured frames, then a stop', 120_000);
      // Stopping: the box stops too (no drifting on along its last speed) and stays put.
      await until(() => stillSince >= 0 && performance.now() - stillSince > 600, 'the gate to see the picture stand still for 600 ms');
      // The person box nearest where the person stands (the model may also see a second, weaker "person" in the photo).
      const near = () => o.detections.filter((d: any) => d.label === 'person')
        .sort((a: any, b: any) => Math.abs(centre(a) - (frozenAt + offset)) - Math.abs(centre(b) - (frozenAt + offset)))[0];
      const stopped = near();
      // Still there 600 ms later, unless a new result (a heartbeat: the model's own jitter) came meanwhile: then look again.
      let driftAfterStop: number | null = null;
      for (let i = 0; i < 5 && driftAfterStop === null; i++) {
        const before = near();
        const results = o.stats.inferences;
        await new Promise((res) => setTimeout(res, 600));
        const later = near();
        if (o.stats.inferences === results && before && later) driftAfterStop = Math.abs(centre(later) - centre(before));
      }
      const result = {
        errors: errors.length,
        meanError: errors.reduce((s, e) => s + e, 0) / errors.length,
        stoppedError: stopped ? Math.abs(centre(stopped) - (frozenAt + offset)) : null,
        stoppedWidth: stopped?.bbox[2] ?? 0,
        verdictMs: verdictTimes.slice(1).map((t, i) => t - verdictTimes[i]!).sort((a, b) => a - b)[Math.floor((verdictTimes.length - 1) / 2)] ?? 0,
        driftAfterStop,
        inferenceMs: o.stats.avgInferenceMs,
        speed: speed(),
      };
      o.destroy();
      video.remove();
      return result;
    };
    // One pass speed for both runs, so their errors compare in pixels; fast enough that the lag of
    // boxes left behind dwarfs the model's own jitter (~15 px), slow enough for a few results per
    // pass: 6 steady inferences. (An average that includes a stalled first inference on a busy
    // machine once made one run's pass 4 times slower than the other's.)
    passMs = Math.max(4000, 6 * await steadyInferenceMs());
    const follow = await run(true);
    const left = await run(false);
    cancelAnimationFrame(raf);
    return { follow, left };
  });
  console.log(JSON.stringify(r));
  expect(r.follow.errors).toBeGreaterThanOrEqual(40);
  expect(r.left.errors).toBeGreaterThanOrEqual(40);
  // Left where found, the box trails by speed x (inference time and the wait for the next result).
  expect(r.left.meanError).toBeGreaterThan(r.left.speed * r.left.inferenceMs * 0.5);
  // Followed, it is off by half that or less (both runs cross at the same speed).
  expect(r.follow.speed).toBe(r.left.speed);
  expect(r.follow.meanError).toBeLessThan(r.left.meanError * 0.5);
  // Stopped: the followed box is on the person (its centre within half its width of the person's)
  // and does not move on. Half, not a quarter: a box never followed is already off by up to 9 px
  // of a 42-px width at that spot (the model's own offset, measured: left.stoppedError), and a box
  // that kept going would be 48 px or more away by the time this is read (600 ms of stillness at
  // 0.08 px/ms). (A stop is seen one gate verdict late at worst: allow two verdict intervals of
  // travel where that is more.)
  // Following leads a box by at most MAX_LEAD_MS (2 s) of motion past its result's frame, and a
  // result's frame is up to two inferences old when it is replaced: with inferences over 1 s (a
  // very busy machine: 1.9 s was seen, when even the unfollowed box was 73 px off at the stop) the
  // box may trail by the rest, by design. The position is judged where inference is fast enough:
  // at most a quarter of MAX_LEAD_MS (this machine's usual 150-250 ms is well inside). Nearer half of
  // it, a box is placed from a speed two results ~1 s apart gave, and the model's own jitter (~15 px
  // a result) makes that speed off by enough to miss by a box width: a fresh CI run on a busy
  // spell (873 ms per inference, 4 results a pass) stopped the followed box 60 px off, the
  // unfollowed one 243 px. Not moving on after the stop (below) is judged at any speed.
  expect(r.follow.stoppedError).not.toBeNull();
  if (4 * r.follow.inferenceMs <= MAX_LEAD_MS) {
    expect(r.follow.stoppedError!).toBeLessThan(Math.max(r.follow.stoppedWidth / 2, 2 * r.follow.speed * r.follow.verdictMs));
  } else {
    test.info().annotations.push({ type: 'not judged', description: `stop position: ${Math.round(r.follow.inferenceMs)} ms per inference is over MAX_LEAD_MS / 4` });
  }
  expect(r.follow.driftAfterStop).not.toBeNull();
  expect(r.follow.driftAfterStop!).toBeLessThan(3);
});
