/** COCO-80 class names in the standard order, spelled as coco-ssd spells them. */
export const COCO_CLASSES: readonly string[] = [
  'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light',
  'fire hydrant', 'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow',
  'elephant', 'bear', 'zebra', 'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee',
  'skis', 'snowboard', 'sports ball', 'kite', 'baseball bat', 'baseball glove', 'skateboard', 'surfboard',
  'tennis racket', 'bottle', 'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl', 'banana', 'apple',
  'sandwich', 'orange', 'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake', 'chair', 'couch',
  'potted plant', 'bed', 'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote', 'keyboard',
  'cell phone', 'microwave', 'oven', 'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase',
  'scissors', 'teddy bear', 'hair drier', 'toothbrush',
];

/**
 * coco-ssd's models score 90 COCO ids (1-based, with gaps for retired classes).
 * These are the ids of COCO_CLASSES, in order.
 */
const COCO_SSD_IDS: readonly number[] = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27, 28, 31, 32, 33,
  34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61,
  62, 63, 64, 65, 67, 70, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 84, 85, 86, 87, 88, 89, 90,
];

const BY_COCO_SSD_ID: ReadonlyMap<number, string> = new Map<number, string>(COCO_SSD_IDS.map((id, i) => [id, COCO_CLASSES[i]!]));

/** Name of a coco-ssd 1-based class id, or undefined for the retired ids. */
export function cocoSsdLabel(id: number): string | undefined {
  return BY_COCO_SSD_ID.get(id);
}

/** Name of a COCO-80 class index (0..79), or `class {i}` for anything else. */
export function coco80Label(index: number): string {
  return COCO_CLASSES[index] ?? `class ${index}`;
}

/** Labels are drawn at most this long: past it, cut with an ellipsis (the data keeps the full text). */
export const MAX_LABEL_CHARS = 64;

/** A label as drawn: at most MAX_LABEL_CHARS characters. */
export function shownLabel(label: string): string {
  return label.length > MAX_LABEL_CHARS ? `${label.slice(0, MAX_LABEL_CHARS - 1)}…` : label;
}

/** A stable, distinct colour for a class name: the same label is always the same colour (long labels by their shown part). */
export function classColor(label: string): string {
  label = shownLabel(label);
  const index = COCO_CLASSES.indexOf(label);
  let hash: number;
  if (index >= 0) {
    // Golden-angle steps keep neighbouring classes (person, bicycle, car) far apart on the wheel.
    hash = Math.round(index * 137.508);
  } else {
    hash = 0;
    for (let i = 0; i < label.length; i++) hash = (hash * 31 + label.charCodeAt(i)) >>> 0;
  }
  return `hsl(${hash % 360}, 90%, 55%)`;
}
