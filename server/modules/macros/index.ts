// The macros module's public face: other modules and the composition root import only this file.
export { macroRoutes } from './macros.routes.js';
export { macroVariables, renderMacroBody } from './macro-render.js';
