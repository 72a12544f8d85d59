// The satisfaction surveys module's public face: other modules and the composition root import only this file.
export { surveyRoutes } from './surveys.routes.js';
export { surveyPageRoutes } from './survey-page.routes.js';
export { createSurveyOnResolve, surveyAnswersBetween, surveysJob } from './surveys.service.js';
