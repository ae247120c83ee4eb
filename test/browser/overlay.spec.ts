/**
 * Overlay placement, checked on the overlay canvas's own pixels at DPR 2. A fixed detector
 * (returns one known box) stands in for the model: these tests are about geometry, and the
 * expected positions below are worked out by hand, not with the SDK's geometry module.
 */
import { expect, test } from '@playwright/test';
import { pagePerTest, scaled } from './browser.js';

const t = pagePerTest({ deviceScaleFactor: 2, viewport: { width: 1000, height: 800 } });

/** Box [320, 240, 160, 120] (or `boxes`) in the 640x480 static clip; attach; wait for it to be drawn. */
async function setup(
  css: string, mirror: boolean | 'auto', wrapCss = 'position: relative; margin: 30px; padding: 7px;',
  boxes: Array<{ label: string; score: number; bbox: number[] }> = [{ label: 'person', score: 0.9, bbox: [320, 240, 160, 120] }],
) {
  await t.page.evaluate(async ({ css, mirror, wrapCss, boxes }) => {
    const { fixedDetector, clipVideo } = await import('/test/pages/fixtures.js' as string);
    const wrap = document.createElement('div');
    wrap.style.cssText = wrapCss;
    document.body.append(wrap);
    const video = await clipVideo('static_dog_bicycle_640x480_15fps', wrap, css);
    const detector = fixedDetector(boxes);
    // Tracking off: the first result is drawn as given (placement is what is judged here).
    const overlay = await (window as any).DetectOverlay.attach(video, { detector, backend: 'cpu', motion: false, mirror, tracking: false });
    await new Promise((r) => overlay.on('detections', r));
    (window as any).overlay = overlay;
    (window as any).video = video;
  }, { css, mirror, wrapCss, boxes });
}

async function alphas(points: Array<[number, number]>): Promise<number[]> {
  return t.page.evaluate(async (points) => {
    const { alphaAt } = await import('/test/pages/fixtures.js' as string);
    const canvas = (window as any).overlay.canvas as HTMLCanvasElement;
    return points.map(([x, y]) => alphaAt(canvas, x, y));
  }, points);
}

/** The overlay canvas's and the video's rects (rounded to 0.1 px) and the canvas's backing store size. */
const placed = () => t.page.evaluate(async () => {
  const { rectOf } = await import('/test/pages/fixtures.js' as string);
  const c = (window as any).overlay.canvas as HTMLCanvasElement;
  return { canvas: rectOf(c), video: rectOf((window as any).video), backing: [c.width, c.height] };
});

/** A button `#id` that calls the video's `method` (fullscreen and picture-in-picture need a user's click: the test clicks it). */
const videoButton = (id: string, method: 'requestFullscreen' | 'requestPictureInPicture') => t.page.evaluate(({ id, method }) => {
  const b = Object.assign(document.createElement('button'), { id, textContent: id });
  b.onclick = () => (window as any).video[method]();
  document.body.append(b);
}, { id, method });

const on = (a: number | undefined) => expect(a).toBeGreaterThan(100);
const off = (a: number | undefined) => expect(a).toBe(0);

/**
 * A label's pixels on the overlay canvas (red channel per backing pixel: the text is black on the
 * red of "person"), rows top to bottom. The label is 19 px high from `top`, aligned to the left
 * (or right) edge of the 100-px-wide box at canvas x `boxX`; its width is found by scanning its
 * opaque background from that edge.
 */
const labelRows = (boxX: number, top: number, fromRight: boolean) => t.page.evaluate(async ({ boxX, top, fromRight }) => {
  const { regionAt } = await import('/test/pages/fixtures.js' as string);
  const c = (window as any).overlay.canvas as HTMLCanvasElement;
  const s = c.width / parseFloat(c.style.width);
  const row = regionAt(c, boxX, top + 2, 100, 1);
  const n = row.length / 4;
  let w = 0;
  while (w < n && row[(fromRight ? n - 1 - w : w) * 4 + 3] > 200) w++;
  const px = regionAt(c, fromRight ? boxX + 100 - w / s : boxX, top, w / s, 19);
  const rows: number[][] = [];
  for (let i = 0; i < px.length; i += w * 4) rows.push(px.slice(i, i + w * 4).filter((_: number, k: number) => k % 4 === 0));
  return rows;
}, { boxX, top, fromRight });

/** Share of pixels (red channel) that differ clearly between two labels' rows. */
const differ = (a: number[][], b: number[][]) => {
  const x = a.flat();
  const y = b.flat();
  return x.filter((v, i) => Math.abs(v - y[i]!) > 96).length / x.length;
};

/** Whether the screen is drawn on (not white) at each page point: with the video made transparent, only the overlay draws. */
async function drawnOnScreen(points: Array<[number, number]>): Promise<boolean[]> {
  const png = (await t.page.screenshot({ scale: 'css' })).toString('base64');
  return t.page.evaluate(async ({ png, points }) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
    const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    return points.map(([x, y]) => {
      const d = ctx.getImageData(x, y, 1, 1).data;
      return d[0]! + d[1]! + d[2]! < 600;
    });
  }, { png, points });
}

test('contain, DPR 2: the box lands where the letterboxed picture shows it', async () => {
  // 640x480 in 400x400, contain: picture 400x300 at y=50, scale 0.625 → box x 200..300, y 200..275.
  await setup('display:block; width:400px; height:400px; object-fit:contain; background:#000', false);
  const info = await t.page.evaluate(async () => {
    const { rectOf } = await import('/test/pages/fixtures.js' as string);
    const c = (window as any).overlay.canvas as HTMLCanvasElement;
    return { canvas: rectOf(c), video: rectOf((window as any).video), backing: [c.width, c.height], cls: c.className };
  });
  expect(info.canvas).toEqual(info.video);
  expect(info.backing).toEqual([800, 800]);
  expect(info.cls).toBe('detect-overlay');
  const [left, right, top, bottom, inside, outside, mirrorSpot, label] = await alphas([
    [201, 237], [299, 237], [250, 201], [250, 274], [250, 237], [196, 237], [101, 237], [203, 185],
  ]);
  on(left); on(right); on(top); on(bottom); on(label);
  off(inside); off(outside); off(mirrorSpot);
});

test('mirror: true flips the position, and the label text is not flipped', async () => {
  await setup('display:block; width:400px; height:400px; object-fit:contain', false);
  const plainLabel = await t.page.evaluate(async () => (await import('/test/pages/fixtures.js' as string)).regionAt((window as any).overlay.canvas, 200, 181, 60, 19));
  (await t.page.evaluate(() => (window as any).overlay.update({ mirror: true })));
  await t.page.evaluate(async () => (await import('/test/pages/fixtures.js' as string)).nextFrames(3));
  // Mirrored about the element's centre: x 100..200.
  const [left, right, oldLeft, inside] = await alphas([[101, 237], [199, 237], [203, 237], [150, 237]]);
  on(left); on(right); off(oldLeft); off(inside);
  const mirroredLabel = await t.page.evaluate(async () => (await import('/test/pages/fixtures.js' as string)).regionAt((window as any).overlay.canvas, 100, 181, 60, 19));
  // Same pixels as the unmirrored label: drawn upright, just moved.
  expect(mirroredLabel).toEqual(plainLabel);
});

test('mirror auto follows a CSS scaleX(-1) video, under object-fit cover', async () => {
  // 640x480 in 300x300, cover: picture 400x300 at x=-50 → box x 150..250, y 150..225; flipped: x 50..150.
  await setup('display:block; width:300px; height:300px; object-fit:cover; transform:scaleX(-1)', 'auto');
  const rects = await t.page.evaluate(async () => {
    const { rectOf } = await import('/test/pages/fixtures.js' as string);
    return [rectOf((window as any).overlay.canvas), rectOf((window as any).video)];
  });
  expect(rects[0]).toEqual(rects[1]);
  const [left, right, unflipped, inside] = await alphas([[51, 187], [149, 187], [155, 187], [100, 187]]);
  on(left); on(right); off(unflipped); off(inside);
});

test('padding, border and object-fit none with object-position left top', async () => {
  // Content box 400x300 inside 10px padding + 5px border; none: picture 640x480 at the content
  // box's top-left, cropped → box x 320..400 (clipped at the right edge), y 240..300 (clipped).
  await setup('display:block; width:400px; height:300px; padding:10px; border:5px solid red; object-fit:none; object-position:left top; box-sizing:content-box', false);
  const r = await t.page.evaluate(async () => {
    const { rectOf } = await import('/test/pages/fixtures.js' as string);
    return [rectOf((window as any).overlay.canvas), rectOf((window as any).video)];
  });
  const [canvas, video] = r as [number[], number[]];
  expect(canvas).toEqual([video[0]! + 15, video[1]! + 15, 400, 300]);
  const [left, inside, above] = await alphas([[321, 280], [360, 280], [360, 236]]);
  on(left); off(inside); on(above); // the label sits just above the box top at y 240
});

test('labels of boxes side by side do not cover each other: the more confident keeps the spot above', async () => {
  // Shown 1:1. A person and, 10 px to its right, a dog: both labels above would overlap on x 150..170.
  await setup('display:block; width:640px; height:480px', false, undefined, [
    { label: 'dog', score: 0.6, bbox: [150, 200, 40, 100] },
    { label: 'person', score: 0.9, bbox: [100, 200, 40, 100] },
  ]);
  const counts = await t.page.evaluate(async () => {
    const { regionAt } = await import('/test/pages/fixtures.js' as string);
    const canvas = (window as any).overlay.canvas as HTMLCanvasElement;
    // Each class's colour, read off its box's left edge.
    const colour = (x: number, y: number) => regionAt(canvas, x, y, 1, 1).slice(0, 3).join();
    const person = colour(101, 250);
    const dog = colour(151, 250);
    const count = (x: number, y: number, w: number, h: number) => {
      const px = regionAt(canvas, x, y, w, h);
      const out = { person: 0, dog: 0 };
      for (let i = 0; i < px.length; i += 4) {
        const c = px.slice(i, i + 3).join();
        if (c === person) out.person++;
        if (c === dog) out.dog++;
      }
      return out;
    };
    // Where both labels would meet above the boxes, and the top of the inside of the dog's box.
    return { distinct: person !== dog, shared: count(152, 182, 18, 17), dogInside: count(153, 202, 30, 15) };
  });
  expect(counts.distinct).toBe(true);
  expect(counts.shared.dog).toBe(0);
  expect(counts.shared.person).toBeGreaterThan(300);
  expect(counts.dogInside.dog).toBeGreaterThan(300);
});

test('a video moved to another parent (a tile dragged to another cell) takes its canvas along', async () => {
  await setup('display:block; width:400px; height:300px', false);
  const r = await t.page.evaluate(async () => {
    const { nextFrames, rectOf, until } = await import('/test/pages/fixtures.js' as string);
    const video = (window as any).video as HTMLVideoElement;
    const cell = document.createElement('div');
    cell.id = 'cell';
    cell.style.cssText = 'position: relative; margin: 20px 0 0 300px';
    document.body.append(cell);
    cell.append(video);
    // The next video frames re-place the canvas.
    const c = (window as any).overlay.canvas as HTMLCanvasElement;
    await until(() => c.parentElement === cell, 'the canvas to move to the cell').catch(() => {});
    await nextFrames(3);
    return { parent: c.parentElement?.id, canvas: rectOf(c), video: rectOf(video), playing: !video.paused };
  });
  expect(r.parent).toBe('cell');
  expect(r.canvas).toEqual(r.video);
  expect(r.playing).toBe(true);
  // 640x480 in 400x300: box [320, 240, 160, 120] → x 200..300, y 150..225.
  const [left, inside] = await alphas([[201, 187], [250, 187]]);
  on(left); off(inside);
});

test('inside a mirrored wrapper (a selfie view flipped by its container): boxes flip with the picture, labels read upright', async () => {
  // The wrapper flips everything in it, the canvas too: boxes need no flip of their own, but the
  // label text must be drawn mirrored so that it reads right on screen. Compared with the same
  // label drawn without the wrapper (the canvas's own pixels: the flip happens on screen).
  const wrapCss = 'position: relative; margin: 30px; padding: 7px 40px 7px 13px; width: 600px;';
  const videoCss = 'display:block; width:400px; height:300px; margin-left: 50px';
  // 640x480 in 400x300: box [320, 240, 160, 120] → x 200..300, y 150..225; its label sits above, from y 131,
  // at the box's left edge as seen on screen: on the flipped canvas, that is the box's right edge.
  await setup(videoCss, 'auto', wrapCss);
  const plain = await labelRows(200, 131, false);
  await t.page.evaluate(() => { (window as any).overlay.destroy(); document.body.replaceChildren(); });
  await setup(videoCss, 'auto', wrapCss + ' transform: scaleX(-1)');
  const r = await t.page.evaluate(async () => {
    const { rectOf } = await import('/test/pages/fixtures.js' as string);
    return { canvas: rectOf((window as any).overlay.canvas), video: rectOf((window as any).video) };
  });
  expect(r.canvas).toEqual(r.video);
  const [left, right, inside, mirrorSpot] = await alphas([[201, 187], [299, 187], [250, 187], [101, 187]]);
  on(left); on(right); off(inside); off(mirrorSpot);
  const flipped = await labelRows(200, 131, true);
  expect(flipped.length).toBe(plain.length);
  expect(flipped[0]!.length).toBe(plain[0]!.length);
  // Against the plain label as is and mirrored.
  const mirrored = plain.map((row) => [...row].reverse());
  expect(differ(flipped, mirrored)).toBeLessThan(0.03);
  expect(differ(flipped, plain)).toBeGreaterThan(0.06);
});

test('inside a wrapper turned by 90 degrees: the canvas covers the turned picture and the box turns with it', async () => {
  await setup('display:block; width:400px; height:300px', false, 'position: relative; margin: 150px; width: 400px; transform: rotate(90deg)');
  const r = await t.page.evaluate(async () => {
    const { rectOf } = await import('/test/pages/fixtures.js' as string);
    return { canvas: rectOf((window as any).overlay.canvas), video: rectOf((window as any).video) };
  });
  expect(r.canvas).toEqual(r.video);
  expect(r.video[2]).toBe(300); // turned: 300 wide on screen
  const [left, right, inside] = await alphas([[201, 187], [299, 187], [250, 187]]);
  on(left); on(right); off(inside);
});

test('a video turned by its own transform: the canvas turns with it, boxes land on the turned picture, labels read upright above them', async () => {
  // The video is made transparent: what is drawn on screen is the overlay. Its layout box is at
  // (37, 37) 400x300, centre (237, 187); box x 200..300, y 150..225 turned 90° clockwise about
  // the centre shows at x 162..237, y 187..287, and its label above that, from y ~168, 70x19 as read.
  await setup('display:block; width:400px; height:300px; opacity:0; transform: rotate(90deg)', 'auto');
  const r = await t.page.evaluate(async () => {
    const { rectOf } = await import('/test/pages/fixtures.js' as string);
    return { canvas: rectOf((window as any).overlay.canvas), video: rectOf((window as any).video) };
  });
  expect(r.canvas).toEqual(r.video);
  expect(r.video.slice(2)).toEqual([300, 400]);
  const [left, right, bottom, inside, unturned, label, labelEnd, aboveLabel] = await drawnOnScreen([
    [163, 237], [236, 237], [200, 286], [200, 237], [336, 200], [170, 178], [220, 178], [170, 150]]);
  expect([left, right, bottom, inside, unturned]).toEqual([true, true, true, false, false]);
  // The label lies along the top edge as seen (a turned label would stand 70 px tall).
  expect([label, labelEnd, aboveLabel]).toEqual([true, true, false]);
});

test('a video zoomed by its own transform (origin top-left): the canvas zooms with it, backing store included', async () => {
  await setup('display:block; width:400px; height:300px; opacity:0; transform-origin: 0 0; transform: scale(1.5)', 'auto');
  const r = await placed();
  expect(r.canvas).toEqual(r.video);
  expect(r.video).toEqual([37, 37, 600, 450]);
  expect(r.backing).toEqual([1200, 900]); // DPR 2 x 1.5
  // Box x 200..300, y 150..225 at 1.5x from (37, 37): x 337..487, y 262..374.5.
  expect(await drawnOnScreen([[338, 320], [486, 320], [400, 320], [238, 224]])).toEqual([true, true, false, false]);
});

test('an upside-down video (scaleY(-1)), mirror auto: boxes flip with the picture, the label reads upright above its box', async () => {
  await setup('display:block; width:400px; height:300px; opacity:0', 'auto');
  const plain = await labelRows(200, 131, false);
  await t.page.evaluate(() => { (window as any).overlay.destroy(); document.body.replaceChildren(); });
  await setup('display:block; width:400px; height:300px; opacity:0; transform: scaleY(-1)', 'auto');
  // Box y 150..225 flipped about y 150: y 75..150, x 200..300 as before, so on screen (from 37, 37): x 237..337, y 112..187.
  const [left, right, inside, unflipped, label] = await drawnOnScreen([[238, 150], [336, 150], [287, 150], [238, 224], [245, 102]]);
  expect([left, right, inside, unflipped, label]).toEqual([true, true, false, false, true]);
  // On the canvas (shown turned 180°, the mirror done by placement) the label sits below the box
  // (x 100..200, y 150..225), at its right edge, turned 180°: its pixels are the plain label's, turned.
  const turned = await labelRows(100, 225, true);
  expect(turned.length).toBe(plain.length);
  expect(turned[0]!.length).toBe(plain[0]!.length);
  const turnedBack = [...turned].reverse().map((row) => [...row].reverse());
  expect(differ(turnedBack, plain)).toBeLessThan(0.03);
  expect(differ(turned, plain)).toBeGreaterThan(0.06);
});

test('inside a CSS-zoomed wrapper: the canvas covers the picture, and its backing store follows the zoom', async () => {
  await setup('display:block; width:400px; height:300px; margin-left: 20px', false, 'margin: 30px; padding: 7px; zoom: 1.5');
  const r = await placed();
  expect(r.canvas).toEqual(r.video);
  expect(r.video[2]).toBe(600); // 400 CSS px at zoom 1.5
  expect(r.backing).toEqual([1200, 900]); // DPR 2 x zoom 1.5
  const [left, inside] = await alphas([[201, 187], [250, 187]]);
  on(left); off(inside);
});

test('the overlay follows the video when it is resized', async () => {
  await setup('display:block; width:400px; height:400px; object-fit:contain', false);
  await t.page.evaluate(() => { (window as any).video.style.width = '200px'; (window as any).video.style.height = '200px'; });
  await t.page.evaluate(async () => (await import('/test/pages/fixtures.js' as string)).nextFrames(4));
  const r = await t.page.evaluate(async () => {
    const { rectOf } = await import('/test/pages/fixtures.js' as string);
    return [rectOf((window as any).overlay.canvas), rectOf((window as any).video)];
  });
  expect(r[0]).toEqual(r[1]);
  // 200x150 at y=25, scale 0.3125 → box x 100..150, y 100..137.5.
  const [left, inside, oldSpot] = await alphas([[101, 118], [125, 118], [201, 150]]);
  on(left); off(inside); off(oldSpot);
  await t.page.screenshot({ path: 'test/output/overlay-resized.png' });
});

test('a stream target with a container: the canvas fills the container, picture contained', async () => {
  await t.page.evaluate(async () => {
    const { fixedDetector, clipVideo } = await import('/test/pages/fixtures.js' as string);
    const source = await clipVideo('static_dog_bicycle_640x480_15fps', document.body, 'width:160px');
    const box = document.createElement('div');
    box.id = 'tile';
    box.style.cssText = 'width:400px; height:400px; margin:20px; border:4px solid #333';
    document.body.append(box);
    const stream = (source as any).captureStream() as MediaStream;
    const detector = fixedDetector([{ label: 'person', score: 0.9, bbox: [320, 240, 160, 120] }]);
    const overlay = await (window as any).DetectOverlay.attach(stream, { detector, backend: 'cpu', motion: false, container: '#tile' });
    await new Promise((r) => overlay.on('detections', r));
    (window as any).overlay = overlay;
  });
  const r = await t.page.evaluate(async () => {
    const { rectOf } = await import('/test/pages/fixtures.js' as string);
    const tile = document.getElementById('tile')!;
    const c = (window as any).overlay.canvas as HTMLCanvasElement;
    return { canvas: rectOf(c), tile: rectOf(tile), parent: c.parentElement!.id };
  });
  expect(r.parent).toBe('tile');
  expect(r.canvas).toEqual([r.tile[0]! + 4, r.tile[1]! + 4, 400, 400]);
  const [left, inside] = await alphas([[201, 237], [250, 237]]);
  on(left); off(inside);
});

test('inside a scaled ancestor (a slide or zoomed grid) or a scrolled box: the canvas still covers the picture', async () => {
  // A transformed wrapper is the containing block of the absolutely placed canvas, whether or
  // not it is positioned; its scale applies to the canvas too, so offsets are in its own units.
  // A scrolling box that is not positioned is not: the canvas must follow its scroll by hand.
  // The backing store follows the scale too (DPR 2 here), so lines stay sharp: 400x300 CSS px.
  const cases: Array<[string, number]> = [
    ['margin: 30px; padding: 7px; transform: scale(0.5); transform-origin: 0 0', 0.5],
    ['position: relative; margin: 30px; padding: 7px; transform: scale(1.5) translate(10px, 4px); transform-origin: 0 0', 1.5],
    ['margin: 30px; height: 200px; overflow: auto; border: 3px solid #333', 1],
  ];
  for (const [wrapCss, scale] of cases) {
    await setup('display:block; width:400px; height:300px; margin: 11px 13px; object-fit:contain', false, wrapCss);
    const r = await t.page.evaluate(async () => {
      const { rectOf, nextFrames, alphaAt } = await import('/test/pages/fixtures.js' as string);
      const wrap = (window as any).video.parentElement as HTMLElement;
      const before = [rectOf((window as any).overlay.canvas), rectOf((window as any).video)];
      wrap.scrollTop = 60;
      await nextFrames(3);
      const after = [rectOf((window as any).overlay.canvas), rectOf((window as any).video)];
      const c = (window as any).overlay.canvas as HTMLCanvasElement;
      const backing = [c.width, c.height];
      // Box [320, 240, 160, 120] of 640x480 contained in 400x300: x 200..300, y 150..225 (CSS px).
      const edges = [alphaAt(c, 201, 187), alphaAt(c, 250, 224), alphaAt(c, 250, 187), alphaAt(c, 196, 187)];
      (window as any).overlay.destroy();
      wrap.remove();
      return { before, after, backing, edges };
    });
    expect(r.backing, wrapCss).toEqual([800 * scale, 600 * scale]);
    const [left, bottom, inside, outside] = r.edges;
    on(left); on(bottom); off(inside); off(outside);
    expect(r.before[0], wrapCss).toEqual(r.before[1]);
    expect(r.after[0], wrapCss).toEqual(r.after[1]);
  }
});

test('a video lifted with z-index (as custom players do): the boxes are still drawn above it, on screen', async () => {
  // 640x480 in 400x300: box x 200..300, y 150..225. The wrapper is at (30, 30) + 7 px padding.
  await setup('display:block; position:relative; z-index:5; width:400px; height:300px', false);
  const at = { x: 30 + 7 + 201, y: 30 + 7 + 187 };
  const shot = () => t.page.screenshot({ clip: { x: at.x - 1, y: at.y - 1, width: 3, height: 3 } });
  const shown = await shot();
  await t.page.evaluate(() => { (window as any).overlay.canvas.style.visibility = 'hidden'; });
  const hidden = await shot();
  // The box's left edge is visible where the canvas is: the screen differs with and without it.
  expect(shown.equals(hidden)).toBe(false);
});

test('CSS zoom on the video itself, and a video of fractional size under a zoomed wrapper: the canvas matches to the sub-pixel', async () => {
  await setup('display:block; width:400px; height:300px; zoom: 1.5', false);
  const zoomed = await placed();
  expect(zoomed.canvas).toEqual(zoomed.video);
  expect(zoomed.video).toEqual([37, 37, 600, 450]);
  expect(zoomed.backing).toEqual([1200, 900]); // DPR 2 x 1.5: sharp, as the video is
  await t.page.evaluate(() => { (window as any).overlay.destroy(); document.body.replaceChildren(); });
  // 50% of 625 px: 312.5 x 234.375 CSS px, which clientWidth/clientHeight round to 313 x 234.
  await setup('display:block; width:50%; height:auto', false, 'position: relative; margin: 30px; padding: 7px; width: 625px; zoom: 1.25');
  const r = await t.page.evaluate(async () => {
    const c = (window as any).overlay.canvas as HTMLCanvasElement;
    const f = (el: Element) => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.width, b.height].map((n) => Math.round(n * 100) / 100); };
    return { canvas: f(c), video: f((window as any).video) };
  });
  expect(r.canvas).toEqual(r.video);
  expect(r.video[3]).toBeCloseTo(234.375 * 1.25, 1);
});

test('a video made fullscreen by itself (a bare <video controls>\'s button): its boxes are shown above it, then go back with it', async () => {
  await setup('display:block; width:400px; height:300px', false);
  await videoButton('fs', 'requestFullscreen');
  await t.page.evaluate(() => (window as any).video.pause()); // the same picture in both screenshots below
  await t.page.click('#fs'); // a user's click: fullscreen needs one
  await t.page.waitForFunction(() => document.fullscreenElement === (window as any).video);
  await t.page.evaluate(async () => (await import('/test/pages/fixtures.js' as string)).nextFrames(3));
  const rects = () => t.page.evaluate(async () => {
    const { rectOf } = await import('/test/pages/fixtures.js' as string);
    const c = (window as any).overlay.canvas as HTMLCanvasElement;
    return { canvas: rectOf(c), video: rectOf((window as any).video), onTop: c.matches(':popover-open') };
  });
  expect(await rects()).toEqual({ canvas: [0, 0, 1000, 800], video: [0, 0, 1000, 800], onTop: true });
  // 640x480 contained in 1000x800: 1000x750 from y 25; box [320, 240, 160, 120] → x 500..750, y 400..587.5.
  const shot = (x: number, y: number) => t.page.screenshot({ clip: { x: x - 1, y: y - 1, width: 3, height: 3 } });
  const edge = await shot(501, 480);
  const inside = await shot(620, 480);
  await t.page.evaluate(() => { (window as any).overlay.canvas.style.visibility = 'hidden'; });
  expect(edge.equals(await shot(501, 480))).toBe(false); // the box's left edge is on screen
  expect(inside.equals(await shot(620, 480))).toBe(true);
  await t.page.evaluate(() => { (window as any).overlay.canvas.style.visibility = ''; });
  await t.page.evaluate(() => document.exitFullscreen());
  await t.page.waitForFunction(() => document.fullscreenElement === null);
  await t.page.evaluate(async () => (await import('/test/pages/fixtures.js' as string)).nextFrames(3));
  const back = await rects();
  expect(back.onTop).toBe(false);
  expect(back.canvas).toEqual(back.video);
  expect(back.video).toEqual([37, 37, 400, 300]);
  expect(await t.page.evaluate(() => (window as any).overlay.canvas.hasAttribute('popover'))).toBe(false);
  // Attached while the video is already fullscreen: on top at once; destroyed there: nothing left.
  await t.page.click('#fs');
  await t.page.waitForFunction(() => document.fullscreenElement === (window as any).video);
  const again = await t.page.evaluate(async () => {
    const { fixedDetector } = await import('/test/pages/fixtures.js' as string);
    (window as any).overlay.destroy();
    await (window as any).video.play(); // paused above: a paused video is not sampled
    const o = await (window as any).DetectOverlay.attach((window as any).video, { detector: fixedDetector([{ label: 'person', score: 0.9, bbox: [320, 240, 160, 120] }]), backend: 'cpu', motion: false });
    await new Promise((r) => o.on('detections', r));
    const onTop = o.canvas.matches(':popover-open');
    o.destroy();
    return { onTop, left: document.querySelectorAll('canvas.detect-overlay').length, stillFullscreen: document.fullscreenElement === (window as any).video };
  });
  expect(again).toEqual({ onTop: true, left: 0, stillFullscreen: true });
});

test('picture-in-picture: no boxes over the placeholder the page shows meanwhile; back when the video returns, paused or not', async () => {
  await setup('display:block; width:400px; height:300px', false);
  await videoButton('pip', 'requestPictureInPicture');
  const state = () => t.page.evaluate(async () => {
    const { nextFrames, rectOf } = await import('/test/pages/fixtures.js' as string);
    await nextFrames(3);
    const c = (window as any).overlay.canvas as HTMLCanvasElement;
    return { display: getComputedStyle(c).display, same: JSON.stringify(rectOf(c)) === JSON.stringify(rectOf((window as any).video)) };
  });
  expect(await state()).toEqual({ display: 'block', same: true });
  await t.page.click('#pip'); // a user's click: picture-in-picture needs one
  await t.page.waitForFunction(() => document.pictureInPictureElement === (window as any).video);
  expect((await state()).display).toBe('none');
  await t.page.evaluate(async () => { (window as any).video.pause(); await document.exitPictureInPicture(); });
  expect(await state()).toEqual({ display: 'block', same: true });
});

test('page CSS for canvases (a reset\'s max-width, a border, margins) does not move or shrink the overlay', async () => {
  await t.page.addStyleTag({ content: 'canvas { max-width: 100px; max-height: 50px; margin: 10px; border: 3px solid red; padding: 4px; box-sizing: border-box; }' });
  await setup('display:block; width:400px; height:300px', false);
  const r = await t.page.evaluate(async () => {
    const { rectOf } = await import('/test/pages/fixtures.js' as string);
    return { canvas: rectOf((window as any).overlay.canvas), video: rectOf((window as any).video) };
  });
  expect(r.canvas).toEqual(r.video);
  const [left, inside] = await alphas([[201, 187], [250, 187]]);
  on(left); off(inside);
});

test('web components: a video in a shadow root (attached by its host) and a video slotted into one: the canvas shows over the picture', async () => {
  const r = await t.page.evaluate(async () => {
    const { fixedDetector, clipVideo, rectOf } = await import('/test/pages/fixtures.js' as string);
    const detector = fixedDetector([{ label: 'person', score: 0.9, bbox: [320, 240, 160, 120] }]);
    const DO = (window as any).DetectOverlay;
    const shown = (o: any) => new Promise((res) => o.on('detections', res));
    // 1. <mux-video>-style: the player keeps its <video> in its own shadow root; the page names the host.
    const host = document.createElement('div');
    host.style.cssText = 'margin: 20px';
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<div style="position: relative; padding: 5px"></div>';
    const inner = await clipVideo('static_dog_bicycle_640x480_15fps', shadow.firstElementChild, 'display:block; width:400px; height:300px');
    const a = await DO.attach(host, { detector, backend: 'cpu', motion: false });
    await shown(a);
    // 2. media-chrome-style: the page's <video slot="media"> is shown in the component's "media" slot, controls in the default one.
    const player = document.createElement('div');
    player.attachShadow({ mode: 'open' }).innerHTML = '<div style="position: relative; margin-left: 50px"><slot name="media"></slot></div><div style="height: 40px"><slot></slot></div>';
    document.body.append(player);
    const slotted = await clipVideo('static_dog_bicycle_640x480_15fps', player, 'display:block; width:400px; height:300px');
    slotted.slot = 'media';
    const b = await DO.attach(slotted, { detector, backend: 'cpu', motion: false });
    await shown(b);
    await (await import('/test/pages/fixtures.js' as string)).nextFrames(3);
    return {
      inShadow: a.video === inner && a.canvas.getRootNode() === shadow,
      a: [rectOf(a.canvas), rectOf(inner)],
      slot: b.canvas.assignedSlot?.name,
      b: [rectOf(b.canvas), rectOf(slotted)],
    };
  });
  expect(r.inShadow).toBe(true);
  expect(r.a[0]).toEqual(r.a[1]);
  expect(r.slot).toBe('media');
  expect(r.b[0]).toEqual(r.b[1]);
});

test('a fixed video (a floating self-view): the canvas stays on it while the page scrolls, with no frame of lag', async () => {
  await setup('position:fixed; right:20px; bottom:20px; width:240px; height:180px', false, 'height: 3000px');
  await t.page.evaluate(async () => (await import('/test/pages/fixtures.js' as string)).nextFrames(3));
  const r = await t.page.evaluate(async () => {
    const { rectOf } = await import('/test/pages/fixtures.js' as string);
    const rects = () => [rectOf((window as any).overlay.canvas), rectOf((window as any).video)];
    const before = rects();
    window.scrollTo(0, 500);
    // Read at once, before any scroll event or frame could re-place the canvas.
    return { before, after: rects(), scrolled: window.scrollY };
  });
  expect(r.scrolled).toBe(500);
  expect(r.before[0]).toEqual(r.before[1]);
  expect(r.after[0]).toEqual(r.after[1]);
});

test('a video hidden with visibility: hidden hides its boxes too, and shows them again with it, paused or not', async () => {
  await setup('display:block; width:400px; height:300px', false);
  // The overlay re-places itself on the video's next frame (15 fps here): wait for that, not for a fixed time.
  const canvasShownWhen = async (visibility: string, shown: boolean) => {
    await t.page.evaluate((visibility) => { (window as any).video.style.visibility = visibility; }, visibility);
    await t.page.waitForFunction((shown) => (getComputedStyle((window as any).overlay.canvas).display !== 'none') === shown, shown, { timeout: scaled(5000) });
  };
  await canvasShownWhen('hidden', false);
  await canvasShownWhen('visible', true);
  // Hidden stays hidden (not a passing state): a few more video frames later it is still so.
  await canvasShownWhen('hidden', false);
  await t.page.evaluate(() => new Promise((res) => {
    let n = 0;
    const tick = () => (++n >= 5 ? res(null) : (window as any).video.requestVideoFrameCallback(tick));
    (window as any).video.requestVideoFrameCallback(tick);
  }));
  expect(await t.page.evaluate(() => getComputedStyle((window as any).overlay.canvas).display)).toBe('none');
  // A paused video gets no frames: shown again, its boxes still come back (no scroll or resize needed).
  await t.page.evaluate(() => (window as any).video.pause());
  await canvasShownWhen('visible', true);
  const [left, inside] = await alphas([[201, 187], [250, 187]]);
  on(left); off(inside);
});
