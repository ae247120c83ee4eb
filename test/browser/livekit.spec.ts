/**
 * detect-overlay/livekit with the real livekit-client: a real Room, real RemoteVideoTracks made
 * from tracks that crossed a loopback RTCPeerConnection (the shared clips), and the room's own
 * events. What cannot run here: a LiveKit server. The harness (test/pages/livekit-harness.ts)
 * builds participants and publications locally with a stub signal client; a live server would
 * add signalling, real subscription and adaptiveStream layer switching.
 */
import { expect, test } from '@playwright/test';
import { pagePerTest } from './browser.js';

const t = pagePerTest();

test('attach per subscribed track, on the app\'s element; detach on unsubscribe, leave and disconnect', async () => {
  await t.page.goto('/test/pages/livekit.html');
  const r = await t.page.evaluate(async () => {
    const lk = (window as any).lk;
    const DO = (window as any).DetectOverlay;
    const { until } = await import('/test/pages/fixtures.js' as string);
    const room = new lk.Room();
    const log: any[] = [];
    // A participant already subscribed before attachToRoom is called.
    const alice = await lk.publish(room, 'alice', 'pedestrians_640x480_10fps', 'camera', true);
    const handle = lk.attachToRoom(room, { detector: 'centernet', modelUrl: '/models/centernet/centernet.json', backend: 'wasm', sources: ['camera'] });
    handle.on('attached', (e: any) => log.push(['attached', e.participant, e.source]));
    handle.on('detached', (e: any) => log.push(['detached', e.participant]));
    handle.on('error', (e: any) => log.push(['error', e.participant, e.error.code]));
    const seen: Record<string, string[]> = {};
    handle.on('detections', (e: any) => { seen[e.participant] = e.detections.map((d: any) => d.label); });
    // Tracking is on by default: each tracked object's events say whose video it is in.
    const entered: Array<[string, string, string, boolean]> = [];
    handle.on('track-enter', (e: any) => entered.push([e.participant, e.trackSid, e.track.label, Number.isInteger(e.track.id)]));
    // New participants: bob's app shows nothing (the SDK makes an element), carol shares a screen (filtered out).
    const bob = await lk.publish(room, 'bob', 'pedestrians_640x480_10fps', 'camera', false);
    await lk.publish(room, 'carol', 'cockatoo_handheld_640x360_15fps', 'screen_share', true);
    await until(() => (seen.alice ?? []).includes('person') && (seen.bob ?? []).includes('person'), 'persons on alice and bob');
    const aliceOverlay = handle.overlays.get(alice.sid);
    const bobOverlay = handle.overlays.get(bob.sid);
    const sids: Record<string, string> = { [alice.sid]: 'alice', [bob.sid]: 'bob' };
    const enteredPersons = [...new Set(entered.filter(([, , label, id]) => label === 'person' && id).map(([who, sid]) => `${who} ${sids[sid] === who}`))].sort();
    const during = {
      enteredPersons,
      overlays: handle.overlays.size,
      aliceOnAppElement: aliceOverlay.video === alice.element,
      aliceCanvasNextToIt: aliceOverlay.canvas?.previousElementSibling === alice.element,
      aliceStillPlaying: !alice.element.paused && alice.element.style.display !== 'none' && alice.element.style.visibility !== 'hidden',
      bobMadeElement: bobOverlay.video.dataset.detectOverlay === 'source' && bob.track.attachedElements.includes(bobOverlay.video),
      bobCanvas: bobOverlay.canvas,
    };
    room.emit(lk.RoomEvent.TrackUnsubscribed, alice.track, alice.pub, alice.participant);
    const afterUnsub = { overlays: handle.overlays.size, appElementKept: alice.element.isConnected, canvases: document.querySelectorAll('canvas.detect-overlay').length };
    room.emit(lk.RoomEvent.ParticipantDisconnected, bob.participant);
    const afterLeave = { overlays: handle.overlays.size, madeElementRemoved: !bobOverlay.video.isConnected, bobState: bobOverlay.state };
    // Resubscribe alice, then the room disconnects: everything goes.
    room.emit(lk.RoomEvent.TrackSubscribed, alice.track, alice.pub, alice.participant);
    await until(() => handle.overlays.size === 1, 'alice attached again');
    room.emit(lk.RoomEvent.Disconnected);
    // Overlays go at once; the model when an inference in flight settles.
    await until(() => document.querySelectorAll('canvas').length === 0 && DO.tf.memory().numTensors === 0, 'everything to go').catch(() => {});
    const afterDisconnect = { overlays: handle.overlays.size, canvases: document.querySelectorAll('canvas').length, tensors: DO.tf.memory().numTensors };
    handle.destroy();
    handle.destroy();
    return { log, during, afterUnsub, afterLeave, afterDisconnect };
  });
  expect(r.during).toEqual({ enteredPersons: ['alice true', 'bob true'], overlays: 2, aliceOnAppElement: true, aliceCanvasNextToIt: true, aliceStillPlaying: true, bobMadeElement: true, bobCanvas: null });
  expect(r.afterUnsub).toEqual({ overlays: 1, appElementKept: true, canvases: 0 });
  expect(r.afterLeave).toEqual({ overlays: 0, madeElementRemoved: true, bobState: 'destroyed' });
  expect(r.afterDisconnect).toEqual({ overlays: 0, canvases: 0, tensors: 0 });
  expect(r.log.filter((e: any) => e[0] === 'attached').map((e: any) => e[1]).sort()).toEqual(['alice', 'alice', 'bob']);
  expect(r.log.some((e: any) => e[1] === 'carol')).toBe(false);
  expect(r.log.filter((e: any) => e[0] === 'error')).toEqual([]);
});

test('participant filter: only the named identities get overlays', async () => {
  await t.page.goto('/test/pages/livekit.html');
  const r = await t.page.evaluate(async () => {
    const lk = (window as any).lk;
    const { fixedDetector, until } = await import('/test/pages/fixtures.js' as string);
    const room = new lk.Room();
    const handle = lk.attachToRoom(room, { detector: fixedDetector([]), backend: 'cpu', participants: (id: string) => id.startsWith('cam-') });
    const attached: string[] = [];
    const detected = new Set<string>();
    handle.on('attached', (e: any) => attached.push(e.participant));
    handle.on('detections', (e: any) => detected.add(e.participant));
    // The guest comes first: had it been taken, its overlay would be running by the time cam-1's is.
    await lk.publish(room, 'guest', 'static_dog_bicycle_640x480_15fps');
    await lk.publish(room, 'cam-1', 'static_dog_bicycle_640x480_15fps');
    await until(() => detected.has('cam-1'), 'detections on cam-1');
    handle.destroy();
    return attached;
  });
  expect(r).toEqual(['cam-1']);
});

test('the overlay follows the track: to the app element attached late, to a new tile, and back to one of ours when the app detaches', async () => {
  await t.page.goto('/test/pages/livekit.html');
  const r = await t.page.evaluate(async () => {
    const lk = (window as any).lk;
    const { fixedDetector, until } = await import('/test/pages/fixtures.js' as string);
    const room = new lk.Room();
    const handle = lk.attachToRoom(room, { detector: fixedDetector([{ label: 'person', score: 0.9, bbox: [10, 10, 100, 100] }]), backend: 'cpu', motion: false });
    let attached = 0;
    let detached = 0;
    let detections = 0;
    handle.on('attached', () => attached++);
    handle.on('detached', () => detached++);
    handle.on('detections', () => detections++);
    // The app shows nothing yet (its tile component mounts later): the SDK makes its own element.
    const dana = await lk.publish(room, 'dana', 'static_dog_bicycle_640x480_15fps', 'camera', false);
    await until(() => handle.overlays.get(dana.sid)?.video.dataset.detectOverlay === 'source', 'the overlay on an element of ours');
    const made = handle.overlays.get(dana.sid).video as HTMLVideoElement;
    const onMade = { canvas: handle.overlays.get(dana.sid).canvas };
    // The tile mounts and attaches the track: the overlay moves onto it and ours goes.
    const grid = document.getElementById('grid')!;
    const tile = dana.track.attach() as HTMLVideoElement;
    grid.append(tile);
    await until(() => handle.overlays.get(dana.sid)?.video === tile, 'the overlay on the tile');
    const n0 = detections;
    await until(() => detections > n0, 'a detection on the tile');
    const onTile = {
      canvasNextToTile: handle.overlays.get(dana.sid).canvas?.previousElementSibling === tile,
      madeGone: !made.isConnected && !dana.track.attachedElements.includes(made),
    };
    // Grid to spotlight: the app attaches a new element and detaches the old one.
    const spot = dana.track.attach() as HTMLVideoElement;
    grid.append(spot);
    dana.track.detach(tile);
    tile.remove();
    await until(() => handle.overlays.get(dana.sid)?.video === spot, 'the overlay on the spotlight');
    const onSpot = { canvasNextToSpot: handle.overlays.get(dana.sid).canvas?.previousElementSibling === spot, canvases: document.querySelectorAll('canvas.detect-overlay').length };
    // The app takes the track off screen: detection goes on, on an element of ours, with no canvas.
    dana.track.detach(spot);
    spot.remove();
    await until(() => handle.overlays.get(dana.sid)?.video.dataset.detectOverlay === 'source', 'the overlay on an element of ours');
    const n1 = detections;
    await until(() => detections > n1, 'a detection off screen');
    const offScreen = { canvases: document.querySelectorAll('canvas.detect-overlay').length, overlays: handle.overlays.size };
    handle.destroy();
    const after = {
      made: document.querySelectorAll('[data-detect-overlay="source"]').length,
      canvases: document.querySelectorAll('canvas').length,
      attachedElements: dana.track.attachedElements.length,
    };
    return { onMade, onTile, onSpot, offScreen, after, attached, detached };
  });
  expect(r.onMade).toEqual({ canvas: null });
  expect(r.onTile).toEqual({ canvasNextToTile: true, madeGone: true });
  expect(r.onSpot).toEqual({ canvasNextToSpot: true, canvases: 1 });
  expect(r.offScreen).toEqual({ canvases: 0, overlays: 1 });
  expect(r.after).toEqual({ made: 0, canvases: 0, attachedElements: 0 });
  // One 'attached' per element the overlay was on; 'detached' only when the track went.
  expect(r.attached).toBe(4);
  expect(r.detached).toBe(1);
});
