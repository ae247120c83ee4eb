/**
 * Everything that needs TF.js, behind one door: the registry imports this module with `import()`
 * the first time a model runs on this page (or in the worker), so an app's build puts TF.js in a
 * chunk of its own and importing detect-overlay costs the page no TF.js. Each backend's package
 * is its own chunk again, loaded when that backend is chosen (backend-manager.ts).
 */
export { BackendManager } from './backend-manager.js';
export { CenterNetModel } from './centernet-model.js';
export { CocoSsdModel } from './coco-ssd-model.js';
